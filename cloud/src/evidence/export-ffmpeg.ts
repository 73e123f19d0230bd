import { spawn } from 'node:child_process';
import { stopChild, trackChild } from '@argus/runtime';
import { exportClipArgs } from '../core/export-plan.js';

/** Longest ffmpeg may take to join one export's segments (stream copy: seconds for a day of video). */
export const EXPORT_FFMPEG_TIMEOUT_MS = 10 * 60 * 1000; // used by runExportFfmpeg

/**
 * The only place the evidence context spawns: ffmpeg joins the listed
 * segments into `outFile` by stream copy. Rejects with ffmpeg's last stderr
 * lines when it fails, times out, or `signal` aborts (the runner stopping).
 */
export async function runExportFfmpeg(ffmpegPath: string, listFile: string, outFile: string, signal: AbortSignal, timeoutMs = EXPORT_FFMPEG_TIMEOUT_MS): Promise<void> {
  const child = spawn(ffmpegPath, exportClipArgs(listFile, outFile), { stdio: ['ignore', 'ignore', 'pipe'] });
  trackChild(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stop = (): void => void stopChild(child, 2000);
  const timer = setTimeout(stop, timeoutMs);
  signal.addEventListener('abort', stop, { once: true });
  try {
    const { code, sig } = await new Promise<{ code: number | null; sig: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, s) => resolve({ code: c, sig: s }));
    });
    if (code !== 0) {
      const why = signal.aborted ? 'stopped' : sig ? `killed by ${sig}${sig === 'SIGTERM' || sig === 'SIGKILL' ? ' (timeout)' : ''}` : `exited ${code}`;
      throw new Error(`ffmpeg ${why}: ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no message'}`);
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  }
}
