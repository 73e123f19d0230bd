/**
 * Derived clips: the shared clips mirrored, cropped, re-encoded at other
 * bitrates and frame rates, and with light changes spliced in (brightness
 * steps, a fade to black and back), written with their ground truth into a
 * temporary folder and scored like `npm run eval -- --clip <video> --truth
 * <file>` does. The detector is never tuned on these; they check that what
 * holds on the originals holds on pictures the detector has not seen.
 *
 *   npx tsx models/eval/derive-clips.ts [--out <dir>] [--json] [--keep] [--objects]
 *
 * Prints one line per clip: precision, recall, F1, the original's F1, and
 * events raised on a light change (an event overlapping no truth interval
 * and within a second of a spliced light change). Motion is scored against
 * the `motion` intervals. With `--objects` every clip also goes through the
 * edge's object stage (object-runner.ts, the shipped model loaded once) and
 * gets a line per object label of its truth or its events, scored the same
 * way against that label's intervals (about 35 s a derived pair on a 2-core
 * machine, on top of the motion run's time).
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DETECTION } from '@argus/contracts';
import { ffmpegBinaries } from '@argus/runtime';
import type { ObjectDetector } from '../src/index.js';
import { runClip } from './clip-runner.js';
import { runObjects } from './object-runner.js';
import { clipReport, formatObjectRows, objectReport, type ClipReport } from './report.js';
import { MOTION_LABEL, objectLabels, parseTruth, scoreLabel, type Interval, type TruthInterval } from './score.js';

const TRUTH_DIR = fileURLToPath(new URL('./truth/', import.meta.url));
const SHARED_VIDEOS = fileURLToPath(new URL('../../../shared/testdata/videos/', import.meta.url));

interface LightChange {
  readonly kind: 'step' | 'fade';
  /** Seconds from the clip's start. */
  readonly start: number;
  readonly end: number;
  /** Step: brightness added (ffmpeg eq units, -1..1). */
  readonly brightness?: number;
}

interface Source {
  readonly file: string;
  /** Light changes spliced into the `lights` and `combo` clips: mostly where nothing moves, one while something does. */
  readonly lights: readonly LightChange[];
}

const SOURCES: readonly Source[] = [
  {
    file: 'intel_car-detection.mp4',
    lights: [
      { kind: 'step', start: 1.5, end: 3.0, brightness: 0.15 },
      { kind: 'step', start: 6.0, end: 7.0, brightness: 0.12 },
      { kind: 'step', start: 10.0, end: 12.0, brightness: -0.2 },
      { kind: 'fade', start: 20.0, end: 23.0 },
    ],
  },
  {
    file: 'intel_one-by-one-person-detection.mp4',
    lights: [
      { kind: 'step', start: 2.0, end: 4.0, brightness: 0.15 },
      { kind: 'step', start: 46.5, end: 48.5, brightness: -0.2 },
      { kind: 'step', start: 64.0, end: 66.0, brightness: 0.12 },
      { kind: 'fade', start: 88.0, end: 91.0 },
      { kind: 'step', start: 100.0, end: 110.0, brightness: -0.15 },
    ],
  },
];

interface Derivation {
  readonly name: string;
  readonly filters: (source: Source) => string[];
  readonly fps?: number;
  readonly bitrateK: number;
  readonly lights: boolean;
}

const CROP = 'crop=trunc(iw*0.7/2)*2:trunc(ih*0.7/2)*2:trunc(iw*0.15):trunc(ih*0.1)';

const DERIVATIONS: readonly Derivation[] = [
  { name: 'hflip', filters: () => ['hflip'], bitrateK: 1000, lights: false },
  { name: 'crop', filters: () => [CROP], bitrateK: 800, lights: false },
  { name: 'r6-200k', filters: () => [], fps: 6, bitrateK: 200, lights: false },
  { name: 'r25-3m', filters: () => [], fps: 25, bitrateK: 3000, lights: false },
  { name: 'lights', filters: (s) => lightFilters(s.lights), bitrateK: 800, lights: true },
  { name: 'combo', filters: (s) => ['hflip', 'crop=trunc(iw*0.8/2)*2:trunc(ih*0.8/2)*2:0:trunc(ih*0.2)', ...lightFilters(s.lights)], fps: 8, bitrateK: 400, lights: true },
  // Harder than asked: a quarter of the picture (objects four times larger), a small low-rate stream, 3 fps, and
  // flashes plus contrast and gamma steps instead of brightness steps.
  { name: 'crop-quarter', filters: () => ['crop=trunc(iw/4)*2:trunc(ih/4)*2:trunc(iw/4):trunc(ih/4)'], bitrateK: 600, lights: false },
  { name: 'small-150k', filters: () => ['scale=320:-2'], bitrateK: 150, lights: false },
  { name: 'r3', filters: () => [], fps: 3, bitrateK: 500, lights: false },
  { name: 'flash-gamma', filters: (s) => flashFilters(s.lights), bitrateK: 800, lights: true },
];

/** Flashes (lightning: a tenth of a second at +0.5) at each light change's start, and contrast or gamma steps over it. */
function flashFilters(lights: readonly LightChange[]): string[] {
  return lights.flatMap((l, i) => [
    `eq=brightness=0.5:enable='between(t,${l.start},${l.start + 0.1})'`,
    i % 2 === 0 ? `eq=contrast=1.4:enable='between(t,${l.start + 0.5},${l.end})'` : `eq=gamma=1.6:enable='between(t,${l.start + 0.5},${l.end})'`,
  ]);
}

/** ffmpeg filters for the light changes: eq brightness steps; a fade is a gain ramp to black over a third of it, black, and back. */
function lightFilters(lights: readonly LightChange[]): string[] {
  return lights.map((l) => {
    if (l.kind === 'step') return `eq=brightness=${l.brightness}:enable='between(t,${l.start},${l.end})'`;
    const third = (l.end - l.start) / 3;
    // eq: out = contrast*(v-0.5)+0.5+brightness; contrast g with brightness -(1-g)/2 is a gain g towards black.
    const g = `clip(max((${l.start + third}-t)/${third},(t-${l.end - third})/${third}),0,1)`;
    return `eq=eval=frame:contrast='${g}':brightness='-(1-${g})/2'`;
  });
}

function run(binary: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`${basename(binary)} failed: ${String(stderr).trim().split('\n').slice(-3).join(' | ')}`));
      else resolve();
    });
  });
}

async function makeClip(source: Source, derivation: Derivation, out: string): Promise<string> {
  const file = join(out, `${basename(source.file, '.mp4')}.${derivation.name}.mp4`);
  const filters = derivation.filters(source);
  const fps = derivation.fps;
  const k = derivation.bitrateK;
  await run(ffmpegBinaries().ffmpeg, [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    '-i', join(SHARED_VIDEOS, source.file),
    '-an',
    ...(filters.length > 0 ? ['-vf', filters.join(',')] : []),
    ...(fps ? ['-r', String(fps)] : []),
    // A camera-like encode: constrained bitrate, a keyframe every two seconds.
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
    '-b:v', `${k}k`, '-maxrate', `${Math.round(k * 1.5)}k`, '-bufsize', `${k * 2}k`,
    '-g', String(2 * (fps ?? 10)),
    file,
  ]);
  return file;
}

/** A row of run-eval's document (one clip, one label), with the original clip's F1 for that label and the light alarms. */
type DerivedReport = ClipReport & { readonly originalF1: number; readonly lightAlarms: number };

/** Events that overlap no truth interval of their label (required or optional) and lie within a second of a light change. */
function lightAlarms(detections: readonly Interval[], truth: readonly TruthInterval[], lights: readonly LightChange[]): number {
  return detections.filter(
    (d) =>
      !truth.some((t) => t.label === d.label && d.start <= t.end && t.start <= d.end) &&
      lights.some((l) => d.start <= l.end + 1 && l.start - 1 <= d.end),
  ).length;
}

/** The rows of one clip: motion, then (with a detector) one per object label; `originalF1` by label (the original's own F1 when absent). */
async function scoreDerived(
  name: string,
  file: string,
  truth: readonly TruthInterval[],
  lights: readonly LightChange[],
  detector: ObjectDetector | undefined,
  originalF1: ReadonlyMap<string, number> | undefined,
): Promise<DerivedReport[]> {
  const settings = DEFAULT_DETECTION;
  const motion = await runClip({ path: file }, settings);
  const row = (report: ClipReport, detections: readonly Interval[]): DerivedReport => ({
    ...report,
    originalF1: originalF1?.get(report.label) ?? report.f1,
    lightAlarms: lightAlarms(detections, truth, lights),
  });
  const rows = [row(clipReport(name, MOTION_LABEL, scoreLabel(motion.detections, truth, MOTION_LABEL), motion.detections), motion.detections)];
  if (!detector) return rows;
  const objects = await runObjects({ path: file }, settings, detector);
  for (const label of objectLabels(truth, objects.detections)) {
    const found = objects.detections.filter((d) => d.label === label);
    rows.push(row(objectReport(name, label, scoreLabel(found, truth, label), found, objects), found));
  }
  return rows;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const keep = argv.includes('--keep');
  const withObjects = argv.includes('--objects');
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1]! : join(tmpdir(), 'argus-derived-clips');
  await mkdir(out, { recursive: true });
  const started = performance.now();
  const detector = withObjects ? await import('../src/index.js').then(({ createObjectDetector }) => createObjectDetector({ mode: 'inline' })) : undefined;
  const reports: DerivedReport[] = [];
  try {
    for (const source of SOURCES) {
      const truthFile = join(TRUTH_DIR, `${basename(source.file, '.mp4')}.json`);
      const truth = parseTruth(JSON.parse(await readFile(truthFile, 'utf8')) as unknown, truthFile);
      const original = await scoreDerived(source.file, join(SHARED_VIDEOS, source.file), truth, [], detector, undefined);
      reports.push(...original);
      const originalF1 = new Map(original.map((r) => [r.label, r.f1]));
      for (const derivation of DERIVATIONS) {
        const file = await makeClip(source, derivation, out);
        const lights = derivation.lights ? source.lights : [];
        // The derived clip's truth: the original's intervals (every derivation keeps time), plus the light changes for reference.
        const truthOut = file.replace(/\.mp4$/, '.truth.json');
        await writeFile(truthOut, `${JSON.stringify({ clip: basename(file), derivedFrom: source.file, lights, intervals: truth }, null, 2)}\n`);
        reports.push(...(await scoreDerived(basename(file), file, truth, lights, detector, originalF1)));
        if (!json) process.stderr.write(`  ${basename(file)}\n`);
      }
    }
  } finally {
    await detector?.close();
  }
  if (json) process.stdout.write(`${JSON.stringify({ clips: reports })}\n`);
  else {
    const head = `${'clip'.padEnd(52)} ${'label'.padEnd(6)} ${'P'.padStart(5)} ${'R'.padStart(5)} ${'F1'.padStart(5)} ${'orig'.padStart(5)} ${'dF1'.padStart(6)} light-alarms  events`;
    process.stdout.write(`${head}\n`);
    for (const r of reports) {
      const d = r.f1 - r.originalF1;
      process.stdout.write(
        `${r.name.padEnd(52)} ${r.label.padEnd(6)} ${r.precision.toFixed(2).padStart(5)} ${r.recall.toFixed(2).padStart(5)} ${r.f1.toFixed(2).padStart(5)} ${r.originalF1.toFixed(2).padStart(5)} ${d.toFixed(2).padStart(6)} ${String(r.lightAlarms).padStart(12)}  ${r.detections.map((x) => `${x.start.toFixed(1)}-${x.end.toFixed(1)}`).join(' ')}\n`,
      );
    }
    const objects = formatObjectRows(reports);
    if (objects) process.stdout.write(`\nObject rows: recall with one event per truth interval at most; pictures sent of the motion detector's frames; model ms per picture.\n${objects}\n`);
  }
  process.stderr.write(`derive-clips: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  if (!keep) await rm(out, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`derive-clips: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
