/**
 * Person and car accuracy of the shipped models on the shared test clips,
 * frame by frame, for MODELS.md: frames are sampled with ffmpeg, the truth
 * is the clips' motion ground truth (models/eval/truth/: a person, or a car,
 * is in view exactly during its intervals), frames within `margin` seconds
 * of an interval's edge (half in view) are left out. Prints, per model and
 * resize mode, the share of frames with the object found (score ≥ t) and of
 * empty frames with a false one, at a few thresholds.
 *
 *   npx tsx models/src/compare-models.ts [--fps-person 1] [--fps-car 2] [--json]
 *
 * Needs ffmpeg on PATH (or FFMPEG_PATH) and ../shared/testdata/videos.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createObjectDetector } from './create-object-detector.js';
import type { ResizeMode } from './image-input.js';
import type { ShippedModelName } from './shipped-models.js';

const run = promisify(execFile);
const VIDEOS = fileURLToPath(new URL('../../../shared/testdata/videos/', import.meta.url));
const TRUTH = fileURLToPath(new URL('../eval/truth/', import.meta.url));

export interface ComparisonClip {
  readonly clip: string;
  /** What the truth intervals mean here. */
  readonly labels: readonly string[];
  readonly fps: number;
}

export interface ComparisonRow {
  readonly model: ShippedModelName;
  readonly resize: ResizeMode;
  readonly clip: string;
  readonly framesWith: number;
  readonly framesWithout: number;
  /** Per threshold: frames with the object where it was found, frames without it where one was reported. */
  readonly byThreshold: readonly { readonly minScore: number; readonly found: number; readonly falseFrames: number }[];
  /** Median best score on frames with the object. */
  readonly medianScoreWith: number;
  readonly meanInferenceMs: number;
}

const THRESHOLDS = [0.2, 0.3, 0.5] as const;

async function sampleFrames(clip: string, fps: number, into: string): Promise<{ time: number; file: string }[]> {
  const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
  await run(ffmpeg, ['-v', 'error', '-i', path.join(VIDEOS, clip), '-vf', `fps=${fps}`, '-q:v', '2', path.join(into, 'f%05d.jpg')]);
  const files = (await readdir(into)).filter((f) => f.endsWith('.jpg')).sort();
  // The fps filter puts frame n at n / fps (n from 0).
  return files.map((file, n) => ({ time: n / fps, file: path.join(into, file) }));
}

export async function compareModels(clips: readonly ComparisonClip[], runs: readonly { model: ShippedModelName; resize: ResizeMode }[], margin = 0.5): Promise<ComparisonRow[]> {
  const rows: ComparisonRow[] = [];
  const work = await mkdtemp(path.join(tmpdir(), 'argus-compare-'));
  try {
    const sampled = new Map<string, { time: number; file: string; present: boolean | undefined }[]>();
    for (const { clip, fps } of clips) {
      const dir = await mkdtemp(path.join(work, 'clip-'));
      const truth = JSON.parse(await readFile(path.join(TRUTH, clip.replace(/\.mp4$/, '.json')), 'utf8')) as { intervals: { start: number; end: number }[] };
      const frames = await sampleFrames(clip, fps, dir);
      sampled.set(
        clip,
        frames.map((frame) => {
          const inside = truth.intervals.some((i) => frame.time >= i.start + margin && frame.time <= i.end - margin);
          const near = truth.intervals.some((i) => frame.time > i.start - margin && frame.time < i.end + margin);
          return { ...frame, present: inside ? true : near ? undefined : false };
        }),
      );
    }
    for (const { model, resize } of runs) {
      const detector = await createObjectDetector({ mode: 'inline', model, resize });
      try {
        for (const { clip, labels } of clips) {
          const frames = sampled.get(clip)!.filter((f) => f.present !== undefined);
          const best: { present: boolean; score: number }[] = [];
          let inferenceMs = 0;
          for (const frame of frames) {
            const result = await detector.detect(await readFile(frame.file), { minScore: 0.05, maxObjects: 100 });
            inferenceMs += result.inferenceMs;
            const score = Math.max(0, ...result.objects.filter((o) => labels.includes(o.label)).map((o) => o.score));
            best.push({ present: frame.present!, score });
          }
          const withObject = best.filter((b) => b.present).map((b) => b.score).sort((a, b) => a - b);
          const without = best.filter((b) => !b.present).map((b) => b.score);
          rows.push({
            model,
            resize,
            clip,
            framesWith: withObject.length,
            framesWithout: without.length,
            byThreshold: THRESHOLDS.map((minScore) => ({
              minScore,
              found: withObject.filter((s) => s >= minScore).length,
              falseFrames: without.filter((s) => s >= minScore).length,
            })),
            medianScoreWith: withObject[Math.floor(withObject.length / 2)] ?? 0,
            meanInferenceMs: inferenceMs / Math.max(1, frames.length),
          });
        }
      } finally {
        await detector.close();
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return rows;
}

function format(rows: readonly ComparisonRow[]): string {
  const lines = ['| model | resize | clip | frames with / without | ' + THRESHOLDS.map((t) => `found / false @${t}`).join(' | ') + ' | median score with | inference ms |'];
  lines.push('|' + ' --- |'.repeat(5 + THRESHOLDS.length + 1));
  for (const row of rows) {
    lines.push(
      `| ${row.model} | ${row.resize} | ${row.clip} | ${row.framesWith} / ${row.framesWithout} | ` +
        row.byThreshold.map((t) => `${t.found} / ${t.falseFrames}`).join(' | ') +
        ` | ${row.medianScoreWith.toFixed(2)} | ${row.meanInferenceMs.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const value = (flag: string, fallback: number) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? Number(argv[index + 1]) : fallback;
  };
  const clips: ComparisonClip[] = [
    { clip: 'intel_one-by-one-person-detection.mp4', labels: ['person'], fps: value('--fps-person', 1) },
    { clip: 'intel_car-detection.mp4', labels: ['car', 'truck', 'bus'], fps: value('--fps-car', 2) },
  ];
  const rows = await compareModels(clips, [
    { model: 'mb3-centernet', resize: 'letterbox' },
    { model: 'mb3-centernet', resize: 'stretch' },
    { model: 'nanodet', resize: 'letterbox' },
    { model: 'nanodet', resize: 'stretch' },
  ]);
  console.log(argv.includes('--json') ? JSON.stringify(rows, null, 2) : format(rows));
}

// Run as a script only: in a bundle this module shares the entry's URL, hence the file name test.
if (process.argv[1] && /\/compare-models\.[cm]?[jt]s$/.test(import.meta.url) && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
