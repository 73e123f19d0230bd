import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ffmpegBinaries, stopChild, trackChild } from '@argus/runtime';
import { startRtmpGate, type RtmpGate } from '../../src/live/rtmp-gate.js';

const execFileAsync = promisify(execFile);
const { ffmpeg } = ffmpegBinaries();

const freePort = (): Promise<number> => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

/** A real ffmpeg RTMP listener behind the gate, writing what it receives to `out.ts`. */
describe('rtmp gate', () => {
  let dir: string;
  let listener: ChildProcess | undefined;
  let gate: RtmpGate | undefined;
  afterEach(async () => {
    await gate?.close();
    if (listener) await stopChild(listener, 1000);
    await rm(dir, { recursive: true, force: true });
  });

  /** The gate first; the listener `listenerLateMs` later (a push may come before ffmpeg binds). */
  const setUp = async (listenerLateMs = 0): Promise<{ rejected: () => number; listening: Promise<void> }> => {
    dir = await mkdtemp(join(tmpdir(), 'argus-rtmp-gate-'));
    const upstreamPort = await freePort();
    let rejected = 0;
    gate = await startRtmpGate({ host: '127.0.0.1', port: 0, upstreamPort, secret: 'a1b2c3d4e5f6', onRejected: () => rejected++ });
    const listening = new Promise<void>((resolve) => setTimeout(() => {
      listener = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-listen', '1', '-i', `rtmp://127.0.0.1:${upstreamPort}/live/cam`, '-c', 'copy', '-f', 'mpegts', join(dir, 'out.ts')], { stdio: 'ignore' });
      trackChild(listener);
      resolve();
    }, listenerLateMs));
    return { rejected: () => rejected, listening };
  };
  const push = (key: string) => execFileAsync(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '1',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'flv', `rtmp://127.0.0.1:${gate!.port}/live/cam?key=${key}`,
  ], { timeout: 15_000 });

  it('cuts off a push without the session key before ffmpeg takes its stream', async () => {
    const { rejected, listening } = await setUp();
    await listening;
    await expect(push('wrong')).rejects.toThrow();
    expect(rejected()).toBe(1);
    expect(await readdir(dir)).toEqual([]); // the listener never opened its output
  }, 20_000);

  it('passes a push carrying the key through to the listener, even one that comes before ffmpeg listens', async () => {
    const { rejected, listening } = await setUp(1500);
    await push('a1b2c3d4e5f6');
    await listening;
    expect(rejected()).toBe(0);
    await expect.poll(async () => (await stat(join(dir, 'out.ts')).catch(() => undefined))?.size ?? 0, { timeout: 5000 }).toBeGreaterThan(1000);
  }, 20_000);
});
