/**
 * `npm run eval`: motion detection, and object detection, scored against
 * ground truth.
 *
 * Synthetic scenes: every built-in scene of the simulator, prepared exactly
 * as a camera's sub stream serves it (prepareScene at 640x360, cached), with
 * the script's `motion` intervals as truth. Real clips: the videos in
 * ../shared/testdata/videos that have a truth file in models/eval/truth/.
 * `--clip <video> --truth <file>` scores any clip. Each clip's motion events
 * are scored against its `motion` intervals; a clip whose truth also has
 * other labels (`person`, `car`, …), or every clip with `--objects`, goes
 * through the edge's object stage once (object-runner.ts: the shipped model
 * in process, loaded once for the whole run) and gets one row per object
 * label in its truth or its events. Method and results: docs/detection.md.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DETECTION, type DetectionSettings } from '@argus/contracts';
import { builtinSceneNames, groundTruthFromScript, prepareScene, SUB_STREAM_SIZE } from 'argus-sim';
import type { ObjectDetector } from '../src/index.js';
import { runClip, type ClipInput, type ClipRun } from './clip-runner.js';
import { EVAL_USAGE, parseEvalArgs, type EvalArgs } from './eval-args.js';
import { runObjects } from './object-runner.js';
import { clipReport, formatObjectRows, formatTable, objectReport, type ClipReport } from './report.js';
import { MOTION_LABEL, objectLabels, parseTruth, scoreLabel, type TruthInterval } from './score.js';

const TRUTH_DIR = fileURLToPath(new URL('./truth/', import.meta.url));
const SHARED_VIDEOS = fileURLToPath(new URL('../../../shared/testdata/videos/', import.meta.url));
const VIDEO_EXTENSIONS = new Set(['.mp4', '.mkv', '.mov', '.ts', '.gif', '.avi', '.webm']);

interface EvalClip {
  readonly name: string;
  readonly input: () => Promise<ClipInput>;
  readonly truth: readonly TruthInterval[];
}

async function readTruthFile(path: string): Promise<TruthInterval[]> {
  return parseTruth(JSON.parse(await readFile(path, 'utf8')) as unknown, path);
}

async function syntheticClips(): Promise<EvalClip[]> {
  const clips: EvalClip[] = [];
  for (const name of await builtinSceneNames()) {
    const prepared = await prepareScene({ input: { kind: 'named', name }, size: SUB_STREAM_SIZE });
    const truth = groundTruthFromScript(prepared.script!);
    clips.push({
      name,
      input: async () => ({ path: prepared.file, format: 'h264', frameRate: prepared.fps.num / prepared.fps.den, size: { width: prepared.width, height: prepared.height } }),
      truth: truth.motion.map((m) => ({ label: 'motion', start: m.startSec, end: m.endSec })),
    });
  }
  return clips;
}

async function sharedClips(dir: string): Promise<EvalClip[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => VIDEO_EXTENSIONS.has(extname(f).toLowerCase())).sort();
  } catch {
    process.stderr.write(`eval: no shared clips at ${dir}; scoring the synthetic scenes only\n`);
    return [];
  }
  const clips: EvalClip[] = [];
  for (const file of files) {
    const truthFile = join(TRUTH_DIR, `${basename(file, extname(file))}.json`);
    let truth: TruthInterval[];
    try {
      truth = await readTruthFile(truthFile);
    } catch (err) {
      process.stderr.write(`eval: skipping ${file}: ${(err as Error).message}\n`);
      continue;
    }
    clips.push({ name: file, input: async () => ({ path: join(dir, file) }), truth });
  }
  return clips;
}

/** The shipped model, inline (one thread), loaded on first use and shared by every clip of the run. */
class LazyDetector {
  private detector: Promise<ObjectDetector> | undefined;

  get(): Promise<ObjectDetector> {
    this.detector ??= import('../src/index.js').then(({ createObjectDetector }) => createObjectDetector({ mode: 'inline' }));
    return this.detector;
  }

  async close(): Promise<void> {
    if (this.detector) await (await this.detector).close();
  }
}

/** Whether a clip gets object rows. */
function wantsObjects(clip: EvalClip, args: EvalArgs): boolean {
  if (args.objects === 'auto') return objectLabels(clip.truth).length > 0;
  return args.objects === 'on';
}

/** The clip's motion row, then (when wanted) one row per object label. */
async function evaluate(clip: EvalClip, settings: DetectionSettings, args: EvalArgs, detector: LazyDetector): Promise<ClipReport[]> {
  const input = await clip.input();
  const run: ClipRun = await runClip(input, settings);
  if (args.trace) {
    for (const f of run.trace) {
      process.stderr.write(`${clip.name} ${f.t.toFixed(1)} ${f.recalibrated ? 'R' : f.motion ? 'M' : '.'} ${(f.area * 100).toFixed(2)}% ${f.regions}\n`);
    }
  }
  const reports = [clipReport(clip.name, MOTION_LABEL, scoreLabel(run.detections, clip.truth, MOTION_LABEL), run.detections)];
  if (!wantsObjects(clip, args)) return reports;
  const objects = await runObjects(input, settings, await detector.get());
  for (const label of objectLabels(clip.truth, objects.detections)) {
    const found = objects.detections.filter((d) => d.label === label);
    reports.push(objectReport(clip.name, label, scoreLabel(found, clip.truth, label), found, objects));
  }
  return reports;
}

async function main(): Promise<void> {
  const args = parseEvalArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${EVAL_USAGE}\n`);
    return;
  }
  const settings: DetectionSettings = { ...DEFAULT_DETECTION, ...(args.sensitivity === undefined ? {} : { sensitivity: args.sensitivity }) };
  let clips: EvalClip[];
  if (args.clip !== undefined && args.truth !== undefined) {
    const path = resolve(args.clip);
    clips = [{ name: basename(path), input: async () => ({ path }), truth: await readTruthFile(resolve(args.truth)) }];
  } else {
    clips = [...(await syntheticClips()), ...(await sharedClips(args.videos ? resolve(args.videos) : SHARED_VIDEOS))];
  }
  if (args.only.length > 0) clips = clips.filter((c) => args.only.includes(c.name));
  const reports: ClipReport[] = [];
  const detector = new LazyDetector();
  try {
    for (const clip of clips) reports.push(...(await evaluate(clip, settings, args, detector)));
  } finally {
    await detector.close();
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ clips: reports })}\n`);
  } else {
    const objects = formatObjectRows(reports);
    const note = "Object rows: recall with one event per truth interval at most; pictures sent to the model of the motion detector's frames; model time per picture.";
    process.stdout.write(`${formatTable(reports)}\n${objects ? `\n${note}\n${objects}\n` : ''}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
