import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createLogger, ffmpegBinaries } from '@argus/runtime';
import { FfmpegProcess, type RunEndReason } from '../../../src/adapters/ffmpeg/ffmpeg-process.js';

const logger = createLogger({ name: 'test', level: 'silent' });
const backoff = { initialMs: 50, maxMs: 200, jitter: 0 };
let running: FfmpegProcess | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function supervise(args: string[], stallTimeoutMs: number, onLine: (line: string) => void = () => undefined) {
  const ends: RunEndReason[] = [];
  let waiter: (() => void) | undefined;
  let want = 0;
  const proc = new FfmpegProcess({
    ffmpegPath: ffmpegBinaries().ffmpeg,
    args: () => args,
    onStdoutLine: onLine,
    onRunEnd: (_run, reason) => {
      ends.push(reason);
      if (ends.length >= want) waiter?.();
    },
    stallTimeoutMs,
    backoff,
    healthyRunMs: 60_000,
    logger,
  });
  running = proc;
  const runsEnded = (n: number): Promise<RunEndReason[]> =>
    new Promise((resolve) => {
      want = n;
      waiter = () => resolve(ends.slice());
      if (ends.length >= n) resolve(ends.slice());
    });
  return { proc, runsEnded };
}

describe('FfmpegProcess (real ffmpeg)', () => {
  it('restarts ffmpeg after it exits, and keeps its error output with credentials redacted', async () => {
    // Nothing listens on port 1: ffmpeg fails at once, naming the URL it tried.
    const { proc, runsEnded } = supervise(['-hide_banner', '-rtsp_transport', 'tcp', '-i', 'rtsp://admin:hunter2@127.0.0.1:1/cam', '-f', 'null', '-'], 10_000);
    await proc.start();
    const ends = await runsEnded(3);
    for (const end of ends) {
      expect(end.kind).toBe('exit');
      if (end.kind !== 'exit') continue;
      expect(end.code).not.toBe(0);
      const errors = end.lastErrors.join('\n');
      // ffmpeg names the URL it failed on; the supervisor hands it on redacted.
      expect(errors).toContain('rtsp://***:***@127.0.0.1:1/cam');
      expect(errors).not.toContain('hunter2');
    }
  });

  it('kills a run that stops producing output and starts a new one', async () => {
    // Decodes forever but prints nothing on stdout: exactly what a hung camera connection looks like.
    const { proc, runsEnded } = supervise(['-hide_banner', '-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=5', '-f', 'null', '-'], 700);
    await proc.start();
    const ends = await runsEnded(2);
    expect(ends.map((e) => e.kind)).toEqual(['stalled', 'stalled']);
  });

  it('hands each side pipe (fd 3, fd 4) over as it is written, when asked for', async () => {
    let bytes3 = 0;
    let bytes4 = 0;
    const proc = new FfmpegProcess({
      ffmpegPath: ffmpegBinaries().ffmpeg,
      // Five 8x8 grey pictures of 64 bytes to pipe:3 and five 4x4 ones of 16 bytes to pipe:4, then exit.
      args: () => [
        '-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'testsrc=size=8x8:rate=5', '-frames:v', '5',
        '-map', '0:v', '-vf', 'format=gray', '-f', 'rawvideo', 'pipe:3',
        '-map', '0:v', '-frames:v', '5', '-vf', 'scale=4:4,format=gray', '-f', 'rawvideo', 'pipe:4',
      ],
      onStdoutLine: () => undefined,
      sideOutputs: [
        (chunk) => {
          bytes3 += chunk.length;
        },
        (chunk) => {
          bytes4 += chunk.length;
        },
      ],
      stallTimeoutMs: 10_000,
      backoff,
      healthyRunMs: 60_000,
      logger,
    });
    running = proc;
    await proc.start();
    await expect.poll(() => bytes3, { timeout: 10_000, interval: 100 }).toBe(5 * 64);
    await expect.poll(() => bytes4, { timeout: 10_000, interval: 100 }).toBe(5 * 16);
  });

  it('passes stdout lines through and resets the stall timer on each', async () => {
    const lines: string[] = [];
    const dir = await mkdtemp(join(tmpdir(), 'argus-ffmpeg-process-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    // One segment-list line a second from a 5 fps test source; the stall limit is 2.5 s.
    const { proc } = supervise(
      ['-hide_banner', '-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=5', '-c:v', 'mpeg2video', '-g', '5', '-f', 'segment', '-segment_time', '1', '-segment_list', 'pipe:1', '-segment_list_type', 'csv', '-segment_format', 'mpegts', join(dir, '%03d.ts')],
      2500,
      (line) => lines.push(line),
    );
    await proc.start();
    await expect.poll(() => lines.length, { timeout: 15_000, interval: 200 }).toBeGreaterThanOrEqual(4);
    expect(lines[0]).toMatch(/^\S+\.ts,0\.\d+,1\.\d+$/);
  });

  it('stops ffmpeg on stop() and does not restart it', async () => {
    const { proc, runsEnded } = supervise(['-hide_banner', '-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=5', '-f', 'null', '-'], 30_000);
    await proc.start();
    await new Promise((r) => setTimeout(r, 300));
    await proc.stop();
    expect(await runsEnded(1)).toEqual([{ kind: 'stopped' }]);
  });
});
