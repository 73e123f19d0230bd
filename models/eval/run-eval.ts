/**
 * `npm run eval`: motion detection scored against ground truth.
 *
 * Synthetic scenes: every built-in scene of the simulator, prepared exactly
 * as a camera's sub stream serves it (prepareScene at 640x360, cached), with
 * the script's `motion` intervals as truth. Real clips: the videos in
 * ../shared/testdata/videos that have a truth file in models/eval/truth/.
 * `--clip <video> --truth <file>` scores any clip. Method and results:
 * docs/detection.md.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DETECTION, type DetectionSettings } from '@argus/contracts';
import { builtinSceneNames, groundTruthFromScript, prepareScene, SUB_STREAM_SIZE } from 'argus-sim';
import { runClip, type ClipInput, type ClipRun } from './clip-runner.js';
import { EVAL_USAGE, parseEvalArgs, type EvalArgs } from './eval-args.js';
import { clipReport, formatTable, type ClipReport } from './report.js';
import { parseTruth, scoreClip, type TruthInterval } from './score.js';

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

async function evaluate(clip: EvalClip, settings: DetectionSettings, args: EvalArgs): Promise<ClipReport> {
  const run: ClipRun = await runClip(await clip.input(), settings);
  if (args.trace) {
    for (const f of run.trace) {
      process.stderr.write(`${clip.name} ${f.t.toFixed(1)} ${f.recalibrated ? 'R' : f.motion ? 'M' : '.'} ${(f.area * 100).toFixed(2)}% ${f.regions}\n`);
    }
  }
  const score = scoreClip(run.detections, clip.truth);
  return clipReport(clip.name, 'motion', score, run.detections);
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
  for (const clip of clips) reports.push(await evaluate(clip, settings, args));
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ clips: reports })}\n`);
  } else {
    process.stdout.write(`${formatTable(reports)}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
