import type { FrameRate } from './scene-frames.js';
import { sceneScriptGraph } from './scene-graph.js';
import type { SceneScript } from './scene-script.js';
import { SYNTHETIC_DEFAULTS, type PictureSize, type SceneInput } from './scene-spec.js';

/**
 * Bumped whenever the encode recipe changes in a way the argument list does
 * not show, so old cache entries stop matching.
 */
export const ENCODE_RECIPE_VERSION = 1;

export interface EncodePlan {
  readonly input: SceneInput;
  /** Output frame rate: the source's (probed), or the synthetic rate. */
  readonly fps: FrameRate;
  /** Output size; undefined keeps the source size (rounded down to even, as yuv420p needs). */
  readonly size?: PictureSize;
  readonly output: string;
  /** The resolved script of a named/script input (scene-library.ts loads it); required for those kinds. */
  readonly script?: SceneScript;
}

/** Keyframe interval in frames: one IDR a second, so clients join and recorders cut within ~1 s. */
export function keyframeInterval(fps: FrameRate): number {
  return Math.max(1, Math.round(fps.num / fps.den));
}

/** The lavfi graph of the synthetic scene: the testsrc2 pattern with a red box gliding over it. */
export function syntheticGraph(input: Extract<SceneInput, { kind: 'synthetic' }>): string {
  const width = input.width ?? SYNTHETIC_DEFAULTS.width;
  const height = input.height ?? SYNTHETIC_DEFAULTS.height;
  const fps = input.fps ?? SYNTHETIC_DEFAULTS.fps;
  const boxW = Math.max(2, Math.round(width / 8 / 2) * 2);
  const boxH = Math.max(2, Math.round(height / 6 / 2) * 2);
  // Commas inside an expression are escaped: the graph parser would split on them.
  return (
    `testsrc2=size=${width}x${height}:rate=${fps}[bg];` +
    `color=c=red:size=${boxW}x${boxH}:rate=${fps}[box];` +
    `[bg][box]overlay=x='mod(t*${Math.round(width / 5)}\\,W-w)':y='(H-h)/2+(H/4)*sin(t*2)':shortest=1[out0]`
  );
}

/**
 * ffmpeg arguments that turn a scene input into an H.264 Annex-B elementary
 * stream a camera could have produced: constant frame rate, no B-frames (RTP
 * timestamps then equal decode order), an IDR every second, no scene-cut
 * keyframes (so the GOP is regular), yuv420p.
 */
export function sceneEncodeArgs(plan: EncodePlan): string[] {
  const { input, fps } = plan;
  const gop = String(keyframeInterval(fps));
  const scale = plan.size ? `scale=${plan.size.width}:${plan.size.height},setsar=1` : 'scale=trunc(iw/2)*2:trunc(ih/2)*2';
  let seconds: number | undefined;
  let frames: number | undefined;
  let source: string[];
  if (input.kind === 'file' || input.kind === 'synthetic') {
    seconds = input.seconds ?? (input.kind === 'synthetic' ? SYNTHETIC_DEFAULTS.seconds : undefined);
    source = input.kind === 'file' ? ['-i', input.path] : ['-f', 'lavfi', '-i', syntheticGraph(input)];
  } else {
    if (!plan.script) throw new TypeError(`a ${input.kind} scene needs its resolved script`);
    // A frame count, not -t: the ground truth counts exactly these frames.
    frames = Math.round(plan.script.durationSec * plan.script.fps);
    source = ['-f', 'lavfi', '-i', sceneScriptGraph(plan.script)];
  }
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    ...source,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    // The fps filter makes the output constant-rate even from variable-rate input.
    '-vf', `fps=${fps.num}/${fps.den},${scale},format=yuv420p`,
    ...(seconds === undefined ? [] : ['-t', String(seconds)]),
    ...(frames === undefined ? [] : ['-frames:v', String(frames)]),
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency',
    '-bf', '0', '-g', gop, '-keyint_min', gop, '-sc_threshold', '0',
    '-pix_fmt', 'yuv420p',
    '-f', 'h264', plan.output,
  ];
}
