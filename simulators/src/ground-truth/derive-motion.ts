import { ffmpegBinaries, readRawFrames } from '@argus/runtime';
import type { PreparedScene } from '../scene/prepare-scene.js';
import { GROUND_TRUTH_VERSION, type SceneGroundTruth } from './ground-truth.js';
import { MotionFlagger, motionRuns, type MotionDifferencingOptions } from './motion-differencing.js';

/** Width of the grey frames motion is measured on: plenty for "something moved", cheap to decode and compare. */
export const DERIVE_WIDTH = 160; // used by deriveMotionGroundTruth

const DECODE_TIMEOUT_MS = 5 * 60_000; // a 30 s clip decodes in about a second; this only stops a hung ffmpeg

/** Height for DERIVE_WIDTH keeping the aspect ratio, even (what `scale=160:-2` would pick, made explicit). */
export function deriveHeight(width: number, height: number): number {
  return Math.max(2, Math.round((DERIVE_WIDTH * height) / width / 2) * 2);
}

/** ffmpeg arguments decoding a prepared (Annex-B) scene into raw grey frames on stdout, one per coded frame. */
export function deriveDecodeArgs(file: string, height: number): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'h264', '-i', file,
    '-an', '-vf', `scale=${DERIVE_WIDTH}:${height},format=gray`,
    // Every decoded frame once, in order: frame i of the output is frame i of the loop.
    '-vsync', 'passthrough',
    '-f', 'rawvideo', 'pipe:1',
  ];
}

/**
 * Ground truth of a scene without a script (a real clip): motion intervals
 * from frame differencing of the prepared (served) stream, so frame i here
 * is frame i of what cameras send. Marked `derived: true`; no objects and no
 * light changes.
 */
export async function deriveMotionGroundTruth(
  prepared: PreparedScene,
  sceneName: string,
  options: MotionDifferencingOptions = {},
): Promise<SceneGroundTruth> {
  const height = deriveHeight(prepared.width, prepared.height);
  const fpsValue = prepared.fps.num / prepared.fps.den;
  const flagger = new MotionFlagger(options);
  const frames = await readRawFrames(
    ffmpegBinaries().ffmpeg,
    deriveDecodeArgs(prepared.file, height),
    DERIVE_WIDTH * height,
    (frame) => flagger.push(frame),
    DECODE_TIMEOUT_MS,
  );
  const runs = motionRuns(flagger.flags, {
    mergeGapFrames: Math.round(fpsValue), // a second of stillness inside motion is still one event
    minDurationFrames: Math.max(2, Math.round(fpsValue / 4)),
    ...options,
  });
  const sec = (frame: number): number => Number(((frame * prepared.fps.den) / prepared.fps.num).toFixed(6));
  return {
    version: GROUND_TRUTH_VERSION,
    scene: sceneName,
    derived: true,
    width: prepared.width,
    height: prepared.height,
    fps: prepared.fps,
    durationSec: sec(frames),
    frames,
    objects: [],
    motion: runs.map((r) => ({ startSec: sec(r.from), endSec: sec(r.to) })),
    lightChanges: [],
  };
}
