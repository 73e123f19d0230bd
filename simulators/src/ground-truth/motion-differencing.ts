/**
 * Motion from pixels, for scenes without a script (real clips): consecutive
 * low-resolution grey frames are compared, a frame counts as "moving" when
 * enough pixels changed by more than a threshold, and the moving frames are
 * turned into intervals (short gaps merged, short blips dropped). Pure: the
 * adapter (derive-motion.ts) decodes the frames.
 */

export interface MotionDifferencingOptions {
  /** A pixel changed when its grey level moved by more than this (0..255); default 20. */
  readonly pixelThreshold?: number;
  /** A frame moves when more than this fraction of its pixels changed; default 0.0005 (0.05 %). */
  readonly minChangedFraction?: number;
  /** Still gaps up to this many frames inside motion are bridged; default 1 s of frames (caller sets it). */
  readonly mergeGapFrames?: number;
  /** Motion runs shorter than this many frames are dropped as noise; default 2. */
  readonly minDurationFrames?: number;
}

export const MOTION_DIFFERENCING_DEFAULTS = {
  pixelThreshold: 20, // used by MotionFlagger: above sensor noise and compression flicker on 160-px grey frames
  minChangedFraction: 0.0005, // used by MotionFlagger: ~7 pixels of a 160x90 frame (a person 1/30 of the picture wide moving a pixel)
  mergeGapFrames: 0, // used by motionRuns
  minDurationFrames: 2, // used by motionRuns
} as const;

/** Fraction (0..1) of pixels whose value differs by more than `threshold` between two equal-size frames. */
export function changedFraction(previous: Uint8Array, current: Uint8Array, threshold: number): number {
  if (previous.length !== current.length || current.length === 0) throw new RangeError('frames must have the same, non-zero size');
  let changed = 0;
  for (let i = 0; i < current.length; i++) {
    const d = current[i]! - previous[i]!;
    if (d > threshold || d < -threshold) changed++;
  }
  return changed / current.length;
}

/**
 * Streaming form: feed frames in order, read one flag per frame. The first
 * frame has nothing to compare with and is still.
 */
export class MotionFlagger {
  private previous: Uint8Array | undefined;
  readonly flags: boolean[] = [];
  /** Changed fraction of each frame (diagnostics and tests). */
  readonly fractions: number[] = [];

  constructor(private readonly options: MotionDifferencingOptions = {}) {}

  push(frame: Uint8Array): boolean {
    const threshold = this.options.pixelThreshold ?? MOTION_DIFFERENCING_DEFAULTS.pixelThreshold;
    const minFraction = this.options.minChangedFraction ?? MOTION_DIFFERENCING_DEFAULTS.minChangedFraction;
    const fraction = this.previous ? changedFraction(this.previous, frame, threshold) : 0;
    // A copy: the decoder reuses its buffers.
    this.previous = Uint8Array.from(frame);
    const moving = fraction > minFraction;
    this.flags.push(moving);
    this.fractions.push(fraction);
    return moving;
  }
}

/** Flags of a whole sequence of frames. */
export function motionFlags(frames: readonly Uint8Array[], options: MotionDifferencingOptions = {}): boolean[] {
  const flagger = new MotionFlagger(options);
  for (const frame of frames) flagger.push(frame);
  return flagger.flags;
}

/**
 * Moving frames as runs [from, to): gaps of at most `mergeGapFrames` still
 * frames between two runs are bridged first, then runs shorter than
 * `minDurationFrames` are dropped.
 */
export function motionRuns(flags: readonly boolean[], options: MotionDifferencingOptions = {}): Array<{ from: number; to: number }> {
  const mergeGap = options.mergeGapFrames ?? MOTION_DIFFERENCING_DEFAULTS.mergeGapFrames;
  const minDuration = options.minDurationFrames ?? MOTION_DIFFERENCING_DEFAULTS.minDurationFrames;
  const runs: Array<{ from: number; to: number }> = [];
  for (let i = 0; i < flags.length; i++) {
    if (!flags[i]) continue;
    const last = runs.at(-1);
    if (last && i - last.to <= mergeGap) last.to = i + 1;
    else runs.push({ from: i, to: i + 1 });
  }
  return runs.filter((r) => r.to - r.from >= minDuration);
}
