/**
 * Tells a frozen picture from a live one: a camera whose encoder keeps
 * sending frames with advancing timestamps but always the same picture.
 * The stream never stalls, so ffmpeg's progress cannot see it; the pictures
 * can.
 *
 * Input: small grey thumbnails of the stream's keyframes (the recorder's
 * ffmpeg decodes only keyframes, scaled by point sampling so each thumbnail
 * pixel is one camera pixel and keeps its sensor noise). A live scene, even
 * a still one, differs from keyframe to keyframe by that noise; a frozen
 * encoder repeats the picture exactly. The picture is frozen when every
 * keyframe for at least `windowMs` stays within `maxMeanDiff` of the first
 * one of that run, and moving again at the first keyframe that does not.
 * Pure: the frames and their times come from the caller.
 */
export interface FreezeDetectorOptions {
  /** The picture must stay the same this long before it counts as frozen (ms). */
  readonly windowMs: number;
  /**
   * Largest mean absolute difference (grey levels, 0..255) between two
   * thumbnails that still counts as the same picture. A still scene with
   * faint sensor noise (±1 level) measures ~0.4 on point-sampled
   * thumbnails; repeated identical frames measure 0.
   */
  readonly maxMeanDiff?: number;
  /** Fewest identical keyframes (the first included) over the window. */
  readonly minFrames?: number;
  /**
   * A gap between frames longer than this (the camera was down) restarts the
   * observation, so a freeze is never concluded from frames on either side of
   * an outage (ms). Default: `windowMs`.
   */
  readonly maxGapMs?: number;
}

export const FREEZE_DEFAULTS = {
  maxMeanDiff: 0.1, // used by FreezeDetector: well under still-scene noise (~0.4 at ±1 level), above 0
  minFrames: 3, // used by FreezeDetector: one keyframe a second gives 7 over a 6 s window
} as const;

export type FreezeChange =
  /** The picture has not changed since `sinceMs` (the first keyframe of the identical run). */
  | { readonly kind: 'frozen'; readonly sinceMs: number }
  /** The picture changed again at `atMs`. */
  | { readonly kind: 'moving'; readonly atMs: number };

interface Run {
  readonly reference: Uint8Array;
  readonly sinceMs: number;
  lastMs: number;
  frames: number;
}

export class FreezeDetector {
  private readonly windowMs: number;
  private readonly maxMeanDiff: number;
  private readonly minFrames: number;
  private readonly maxGapMs: number;
  private run: Run | undefined;
  private frozenSinceMs: number | undefined;

  constructor(options: FreezeDetectorOptions) {
    this.windowMs = options.windowMs;
    this.maxMeanDiff = options.maxMeanDiff ?? FREEZE_DEFAULTS.maxMeanDiff;
    this.minFrames = options.minFrames ?? FREEZE_DEFAULTS.minFrames;
    this.maxGapMs = options.maxGapMs ?? options.windowMs;
  }

  /** Since when the picture is frozen (epoch ms), while it is. */
  get frozenSince(): number | undefined {
    return this.frozenSinceMs;
  }

  /**
   * One keyframe thumbnail (same size every time; a frame of another size
   * starts a new run) taken at `atMs`. Returns the change it causes, if any.
   */
  push(frame: Uint8Array, atMs: number): FreezeChange | undefined {
    const run = this.run;
    const sameSize = run !== undefined && run.reference.length === frame.length;
    if (run && sameSize && meanAbsDiff(run.reference, frame) <= this.maxMeanDiff) {
      if (this.frozenSinceMs === undefined && atMs - run.lastMs > this.maxGapMs) {
        // Nothing was seen during the gap: observe a whole window again from here.
        this.run = { reference: run.reference, sinceMs: atMs, lastMs: atMs, frames: 1 };
        return undefined;
      }
      run.lastMs = Math.max(run.lastMs, atMs);
      run.frames++;
      if (this.frozenSinceMs === undefined && run.frames >= this.minFrames && run.lastMs - run.sinceMs >= this.windowMs) {
        this.frozenSinceMs = run.sinceMs;
        return { kind: 'frozen', sinceMs: run.sinceMs };
      }
      return undefined;
    }
    this.run = { reference: frame.slice(), sinceMs: atMs, lastMs: atMs, frames: 1 };
    if (this.frozenSinceMs === undefined) return undefined;
    this.frozenSinceMs = undefined;
    return { kind: 'moving', atMs };
  }
}

/** Mean absolute difference of two equally long 8-bit pictures (grey levels). */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`pictures differ in size: ${a.length} and ${b.length} bytes`);
  if (a.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}
