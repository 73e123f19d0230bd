/**
 * Inference cost of the shipped object detector on this machine: p50/p95 of
 * the model time (decode and resize excluded, as DetectionResult.inferenceMs)
 * and of the whole call, CPU time per frame and frames/s per core, over the
 * shared still images. Runs inline on one thread (one wasm inference uses
 * one core), after a warm-up. Used by `npm run bench:detect`; also a CLI:
 *
 *   npx tsx models/src/bench-inference.ts [--model mb3-centernet|nanodet] [--resize letterbox|stretch] [--square] [--rounds N] [--json]
 *
 * `--square` runs the model on its 512x512 square input with black bars
 * instead of an input fitted to each picture (fitInput: false), the
 * baseline of the fitted input.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createObjectDetector } from './create-object-detector.js';
import { ENGINE_DEFAULTS } from './detection-engine.js';
import type { ResizeMode } from './image-input.js';
import type { ShippedModelName } from './shipped-models.js';
import type { TfBackendName, TfBackendPreference } from './tf-runtime.js';

/** The shared still images (`<repo>/../shared/testdata/images`). */
export const SHARED_STILLS_DIR = fileURLToPath(new URL('../../../shared/testdata/images/', import.meta.url));

export interface BenchInferenceOptions {
  readonly model?: ShippedModelName;
  readonly resize?: ResizeMode;
  /** The engine's fitInput (default true): false measures the square input it replaces. */
  readonly fitInput?: boolean;
  readonly backend?: TfBackendPreference;
  /** Image files; default every JPEG/PNG in SHARED_STILLS_DIR. */
  readonly images?: readonly string[];
  /** Passes over the images after the warm-up. */
  readonly rounds?: number;
  /** Untimed calls first (wasm compiles kernels on first use). */
  readonly warmup?: number;
}

export interface BenchInferenceReport {
  readonly modelVersion: string;
  readonly backend: TfBackendName;
  readonly resize: ResizeMode;
  /** `fitted`: each picture's input fitted to its aspect; `square`: the model's square input. */
  readonly input: 'fitted' | 'square';
  readonly images: number;
  readonly frames: number;
  /** Model time per frame (ms). */
  readonly inferenceP50Ms: number;
  readonly inferenceP95Ms: number;
  /** Whole detect() per frame, decode + resize + model + decoding (ms). */
  readonly totalP50Ms: number;
  readonly totalP95Ms: number;
  /** Process CPU time per frame (ms), libvips' decode threads included. */
  readonly cpuMsPerFrame: number;
  /** 1000 / cpuMsPerFrame: frames one fully busy core can take. */
  readonly framesPerSecondPerCore: number;
}

export async function benchInference(options: BenchInferenceOptions = {}): Promise<BenchInferenceReport> {
  const resize = options.resize ?? ENGINE_DEFAULTS.resize;
  const fitInput = options.fitInput ?? ENGINE_DEFAULTS.fitInput;
  const rounds = options.rounds ?? 5;
  const warmup = options.warmup ?? 3;
  const files = options.images ?? (await listStills(SHARED_STILLS_DIR));
  if (files.length === 0) throw new Error(`bench-inference: no images (looked in ${SHARED_STILLS_DIR})`);
  const images = await Promise.all(files.map((file) => readFile(file)));

  const detector = await createObjectDetector({
    mode: 'inline',
    resize,
    fitInput,
    ...(options.model ? { model: options.model } : {}),
    ...(options.backend ? { backend: options.backend } : {}),
  });
  try {
    for (let i = 0; i < warmup; i++) await detector.detect(images[i % images.length]!);
    const inference: number[] = [];
    const total: number[] = [];
    const cpuStart = process.cpuUsage();
    for (let round = 0; round < rounds; round++) {
      for (const image of images) {
        const started = performance.now();
        const result = await detector.detect(image);
        total.push(performance.now() - started);
        inference.push(result.inferenceMs);
      }
    }
    const cpu = process.cpuUsage(cpuStart);
    const cpuMsPerFrame = (cpu.user + cpu.system) / 1000 / total.length;
    return {
      modelVersion: detector.modelVersion,
      backend: detector.backend,
      resize,
      input: fitInput ? 'fitted' : 'square',
      images: images.length,
      frames: total.length,
      inferenceP50Ms: percentile(inference, 0.5),
      inferenceP95Ms: percentile(inference, 0.95),
      totalP50Ms: percentile(total, 0.5),
      totalP95Ms: percentile(total, 0.95),
      cpuMsPerFrame,
      framesPerSecondPerCore: 1000 / cpuMsPerFrame,
    };
  } finally {
    await detector.close();
  }
}

/** Nearest-rank percentile (q in 0..1) of a non-empty list. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

async function listStills(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((name) => /\.(jpe?g|png)$/i.test(name)).sort().map((name) => path.join(dir, name));
}

export function formatBenchReport(report: BenchInferenceReport): string {
  const ms = (value: number) => value.toFixed(0);
  return [
    `${report.modelVersion} on ${report.backend} (${report.resize}, ${report.input} input), ${report.frames} frames over ${report.images} images`,
    `  inference   p50 ${ms(report.inferenceP50Ms)} ms   p95 ${ms(report.inferenceP95Ms)} ms`,
    `  whole call  p50 ${ms(report.totalP50Ms)} ms   p95 ${ms(report.totalP95Ms)} ms`,
    `  CPU ${ms(report.cpuMsPerFrame)} ms/frame = ${report.framesPerSecondPerCore.toFixed(2)} frames/s per core`,
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const model = value('--model') as ShippedModelName | undefined;
  const resize = value('--resize') as ResizeMode | undefined;
  const rounds = value('--rounds');
  const report = await benchInference({
    ...(model ? { model } : {}),
    ...(resize ? { resize } : {}),
    ...(argv.includes('--square') ? { fitInput: false } : {}),
    ...(rounds ? { rounds: Number(rounds) } : {}),
  });
  console.log(argv.includes('--json') ? JSON.stringify(report) : formatBenchReport(report));
}

// Run as a script only: in a bundle this module shares the entry's URL, hence the file name test.
if (process.argv[1] && /\/bench-inference\.[cm]?[jt]s$/.test(import.meta.url) && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
