import { spawn } from 'node:child_process';
import { redactCredentials } from '@argus/core';
import { stopChild, trackChild } from '@argus/runtime';
import { EdgeError, EdgeErrorCode } from '../errors.js';

/** Pure: ffmpeg arguments that read one frame of an RTSP stream and write it as JPEG to stdout. */
export function buildSnapshotArgs(url: string): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel', 'error',
    '-rtsp_transport', 'tcp',
    '-i', url,
    '-frames:v', '1',
    '-an',
    '-c:v', 'mjpeg',
    '-q:v', '3',
    '-f', 'image2pipe',
    'pipe:1',
  ];
}

const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * Grabs one JPEG frame from `url` with ffmpeg (`-frames:v 1`). Throws
 * EDGE_ERR_SNAPSHOT (credentials redacted from the message) when ffmpeg
 * fails, produces no JPEG, or takes longer than `timeoutMs`.
 */
export async function grabJpeg(ffmpegPath: string, url: string, timeoutMs = 10_000): Promise<Buffer> {
  const child = spawn(ffmpegPath, buildSnapshotArgs(url), { stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    if (err.length < 4000) err += chunk.toString();
  });
  const timer = setTimeout(() => void stopChild(child, 1000), timeoutMs);
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('close', (c) => resolve(c));
  });
  clearTimeout(timer);
  const jpeg = Buffer.concat(out);
  if (code !== 0 || jpeg.length < JPEG_MAGIC.length || !jpeg.subarray(0, 3).equals(JPEG_MAGIC)) {
    throw new EdgeError(EdgeErrorCode.snapshot, `snapshot of ${redactCredentials(url)} failed (ffmpeg exit ${code}): ${redactCredentials(err.trim()).slice(0, 500) || 'no frame'}`);
  }
  return jpeg;
}
