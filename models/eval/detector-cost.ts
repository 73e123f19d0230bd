/**
 * Per-frame cost of the motion detector (not a test: a measurement to read).
 *
 *   npx tsx models/eval/detector-cost.ts [clip] [--height 144]
 *
 * Decodes the clip (default: the shared car clip) to grey frames with the
 * detect decoder's filters once, then times MotionDetector.detect over them,
 * five passes after a warm-up pass, and prints the mean, median and 95th
 * percentile of the wall time per frame, and the process CPU time per frame
 * (less sensitive to other processes on a busy machine).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DETECTION } from '@argus/contracts';
import { ffmpegBinaries } from '@argus/runtime';
import { buildDetectFileArgs, detectFrameSize, MotionDetector } from 'argus-edge';
import { probeSize } from './clip-runner.js';

const argv = process.argv.slice(2);
const heightAt = argv.indexOf('--height');
const height = heightAt >= 0 ? Number(argv[heightAt + 1]) : DEFAULT_DETECTION.height;
const clip = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--height') ?? fileURLToPath(new URL('../../../shared/testdata/videos/intel_car-detection.mp4', import.meta.url));
const settings = { ...DEFAULT_DETECTION, height };
const source = await probeSize(clip);
const size = detectFrameSize(source, height);
const decoded = spawnSync(ffmpegBinaries().ffmpeg, buildDetectFileArgs({ path: clip, settings, source }), { maxBuffer: 1 << 30 });
const raw = decoded.stdout as Buffer;
const bytes = size.width * size.height;
const frames: Uint8Array[] = [];
for (let o = 0; o + bytes <= raw.length; o += bytes) frames.push(new Uint8Array(raw.buffer, raw.byteOffset + o, bytes));
if (frames.length === 0) throw new Error(`no frames decoded from ${clip}`);

const detector = new MotionDetector({ width: size.width, height: size.height, settings });
let at = 0;
const pass = (times?: number[]): void => {
  for (const data of frames) {
    const t0 = performance.now();
    detector.detect({ data, width: size.width, height: size.height, at });
    if (times) times.push(performance.now() - t0);
    at += 200;
  }
};
pass(); // warm-up: the JIT compiles the hot loops
const times: number[] = [];
const cpuBefore = process.cpuUsage();
for (let i = 0; i < 5; i++) pass(times);
const cpu = process.cpuUsage(cpuBefore);
times.sort((a, b) => a - b);
const mean = times.reduce((s, t) => s + t, 0) / times.length;
const q = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
const us = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`;
process.stdout.write(
  `${size.width}x${size.height}, ${times.length} frames of ${clip.split('/').pop()}: mean ${us(mean)}, median ${us(q(0.5))}, p95 ${us(q(0.95))} per frame` +
    `; CPU time ${us((cpu.user + cpu.system) / 1000 / times.length)} per frame` +
    ` (${((((cpu.user + cpu.system) / 1000 / times.length) * settings.fps) / 10).toFixed(2)} % of one core at ${settings.fps} fps)\n`,
);
