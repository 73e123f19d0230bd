/**
 * The object stage's cost without an agent, for `npm run bench:detect`
 * (unless `--no-objects`; alone with `--inference-only`):
 *
 * - the model: benchInference (@argus/models) over the shared stills (the
 *   two darknet pictures and five pictures of the shared clips), inline on
 *   one thread, wasm: p50/p95 of model ms per frame, CPU ms per frame and
 *   frames per second per core; as shipped (each picture's input fitted to
 *   its aspect) and, as the baseline, on the model's 512x512 square input;
 * - the share sent: each shared clip through a camera's object stage
 *   (models/eval/object-runner.ts: motion detector, inference gate, crop,
 *   the shipped model, tracker), pictures sent against the motion
 *   detector's 5 fps frames and against the stream's own pictures, with
 *   the model ms of the pictures actually sent (crops).
 *
 * The models package and the runner are imported only when called: tfjs
 * and sharp stay out of the bench's default (CI) run (the type import is
 * erased).
 */
import { spawnSync } from 'node:child_process';
import { access } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BenchInferenceReport } from '@argus/models';
import { ffmpegBinaries } from '@argus/runtime';

export interface ClipShare {
  readonly clip: string;
  /** The motion detector's frames (5 fps): each may send one picture. */
  readonly frames: number;
  readonly sent: number;
  /** The clip's own pictures (what a camera's stream carries) and their rate. */
  readonly streamPictures: number;
  readonly streamFps: number;
  /** Model ms of the pictures sent (crops of the 640 px JPEGs). */
  readonly inferenceMsP50: number;
  readonly inferenceMsP95: number;
  /** Object events found, by label. */
  readonly events: Record<string, number>;
  /** Wall time of the clip's run (s): decode, motion, model. */
  readonly seconds: number;
}

/**
 * The model's figures as benchInference reports them (one type, owned by
 * @argus/models) and the share sent per shared clip.
 */
export interface InferenceFigures extends BenchInferenceReport {
  /** The same stills on the model's square input (fitInput: false), run just before. */
  readonly square: BenchInferenceReport;
  readonly clips: readonly ClipShare[];
}

/** The shared clips the share is measured on (skipped when missing). */
export const SHARE_CLIPS = ['intel_car-detection.mp4', 'intel_one-by-one-person-detection.mp4'] as const;

export async function measureInference(videosDir: string, log: (line: string) => void): Promise<InferenceFigures> {
  const [{ benchInference, createObjectDetector }, { runObjects }, { percentile }, { DEFAULT_DETECTION }] = await Promise.all([
    import('@argus/models'),
    import('../../models/eval/object-runner.js'),
    import('../../models/eval/report.js'),
    import('@argus/contracts'),
  ]);
  log('inference: the model on the shared stills, square input (baseline)…');
  const square = await benchInference({ rounds: 5, warmup: 3, fitInput: false });
  log('inference: the model on the shared stills, fitted input (as shipped)…');
  const model = await benchInference({ rounds: 5, warmup: 3 });
  const clips: ClipShare[] = [];
  const detector = await createObjectDetector({ mode: 'inline' });
  try {
    for (const clip of SHARE_CLIPS) {
      const path = join(videosDir, clip);
      if (!(await access(path).then(() => true, () => false))) {
        log(`inference: no ${clip} in ${videosDir}; its share is not measured`);
        continue;
      }
      log(`inference: ${clip} through the object stage…`);
      const started = performance.now();
      const run = await runObjects({ path }, DEFAULT_DETECTION, detector);
      const seconds = (performance.now() - started) / 1000;
      const stream = streamPictures(path);
      const events: Record<string, number> = {};
      for (const d of run.detections) events[d.label] = (events[d.label] ?? 0) + 1;
      clips.push({
        clip: basename(path),
        frames: run.frames,
        sent: run.sent,
        streamPictures: stream.pictures,
        streamFps: stream.fps,
        inferenceMsP50: percentile(run.inferenceMs, 50),
        inferenceMsP95: percentile(run.inferenceMs, 95),
        events,
        seconds,
      });
    }
  } finally {
    await detector.close();
  }
  return { ...model, square, clips };
}

/** The clip's pictures and rate, from its header (ffprobe). */
function streamPictures(path: string): { pictures: number; fps: number } {
  const ffprobe = ffmpegBinaries().ffprobe ?? 'ffprobe';
  const r = spawnSync(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=nb_frames,r_frame_rate,duration', '-of', 'json', path], { encoding: 'utf8', timeout: 20_000 });
  const s = (JSON.parse(r.stdout || '{}') as { streams?: Array<{ nb_frames?: string; r_frame_rate?: string; duration?: string }> }).streams?.[0];
  const [num, den] = (s?.r_frame_rate ?? '0/1').split('/').map(Number);
  const fps = num! / (den || 1);
  const pictures = Number(s?.nb_frames) || Math.round(Number(s?.duration ?? 0) * fps);
  return { pictures, fps };
}

const f = (n: number, d = 0): string => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : 'n/a');
const pct = (a: number, b: number): string => (b > 0 ? `${((a / b) * 100).toFixed(1)} %` : 'n/a');

/** The inference section of the report (markdown tables). */
export function formatInference(figures: InferenceFigures): string {
  const lines = [
    `Object detection model: ${figures.modelVersion} on ${figures.backend}, inline, one thread; ${figures.frames} frames over ${figures.images} shared stills`,
    '',
    '| input | model ms p50 | model ms p95 | whole call ms p50 / p95 | CPU ms per frame | frames/s per core |',
    '|---|---:|---:|---:|---:|---:|',
    ...[figures, figures.square].map(
      (m) => `| ${m.input === 'fitted' ? 'fitted to the picture (shipped)' : '512x512 square (baseline)'} | ${f(m.inferenceP50Ms)} | ${f(m.inferenceP95Ms)} | ${f(m.totalP50Ms)} / ${f(m.totalP95Ms)} | ${f(m.cpuMsPerFrame)} | ${f(m.framesPerSecondPerCore, 2)} |`,
    ),
    '',
    `Fitted / square: model ms p50 ${ratio(figures.inferenceP50Ms, figures.square.inferenceP50Ms)}, CPU per frame ${ratio(figures.cpuMsPerFrame, figures.square.cpuMsPerFrame)}`,
  ];
  if (figures.clips.length > 0) {
    lines.push(
      '',
      'Pictures sent to the model by a camera\'s object stage (motion-gated), over each shared clip:',
      '',
      '| clip | detector frames (5 fps) | pictures sent | share of detector frames | stream pictures (fps) | share of stream pictures | model ms p50 / p95 (crops sent) | object events | run s |',
      '|---|---:|---:|---:|---:|---:|---:|---|---:|',
      ...figures.clips.map(
        (c) =>
          `| ${c.clip} | ${c.frames} | ${c.sent} | ${pct(c.sent, c.frames)} | ${c.streamPictures} (${f(c.streamFps, 1)}) | ${pct(c.sent, c.streamPictures)} | ${f(c.inferenceMsP50)} / ${f(c.inferenceMsP95)} | ${Object.entries(c.events).map(([l, n]) => `${l} ${n}`).join(', ') || 'none'} | ${f(c.seconds)} |`,
      ),
    );
  }
  return lines.join('\n');
}

/** The inference figures for the bench's JSON line. */
export function inferenceJson(figures: InferenceFigures): Record<string, unknown> {
  const r = (n: number, d = 3): number => Number(n.toFixed(d));
  return {
    modelVersion: figures.modelVersion,
    backend: figures.backend,
    inferenceP50Ms: r(figures.inferenceP50Ms, 1),
    inferenceP95Ms: r(figures.inferenceP95Ms, 1),
    cpuMsPerFrame: r(figures.cpuMsPerFrame, 1),
    framesPerSecondPerCore: r(figures.framesPerSecondPerCore),
    squareInferenceP50Ms: r(figures.square.inferenceP50Ms, 1),
    squareCpuMsPerFrame: r(figures.square.cpuMsPerFrame, 1),
    inferenceP50Ratio: r(figures.inferenceP50Ms / figures.square.inferenceP50Ms),
    clips: Object.fromEntries(
      figures.clips.map((c) => [
        c.clip,
        { frames: c.frames, sent: c.sent, sentShare: r(c.sent / Math.max(1, c.frames)), streamPictures: c.streamPictures, streamFps: r(c.streamFps, 2), sentShareOfStream: r(c.sent / Math.max(1, c.streamPictures)) },
      ]),
    ),
  };
}
