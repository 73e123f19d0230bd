import type { Box } from '@argus/core';
import type { MotionResult } from './motion-types.js';

/**
 * Which pictures of a camera go to object detection, and which part of
 * them (pure; frame times are the only clock). Motion gates it: without
 * motion nothing is sent.
 *
 * - Motion entirely inside stationary objects (someone standing at a desk,
 *   a parked car; boxes grown by `stationaryMargin`) costs nothing.
 * - Motion that the moving tracked objects explain (inside their boxes grown
 *   by `regionMargin`), with no candidate awaiting confirmation, is sampled
 *   every `slowIntervalMs`: the tracker only follows them.
 * - Anything else (something new, a candidate to confirm) every
 *   `fastIntervalMs`.
 * - The region sent is the motion box, with the whole of every tracked
 *   object it touches, grown by `regionMargin` of its size
 *   on each side, at least `minRegion` of the picture's width and height
 *   (the model needs some context), within the picture; when it would cover
 *   more than `fullFrameShare` of the picture, the whole picture.
 *
 * The camera's pipeline calls `sent(at)` when it actually sends (a full
 * agent-wide cap or an inference still running drops the picture instead,
 * and the next frame may try again).
 */
export interface InferenceGateTuning {
  /** Least time between two pictures while something new may be in view (ms). Used by decide. */
  readonly fastIntervalMs: number;
  /** Least time between two pictures while only tracked objects move (ms). Used by decide. */
  readonly slowIntervalMs: number;
  /** The region around motion, in shares of the motion box's size on each side. Used by decide. */
  readonly regionMargin: number;
  /** Smallest region, as a share of the picture's width and height. Used by decide. */
  readonly minRegion: number;
  /** A region larger than this share of the picture's area becomes the whole picture. Used by decide. */
  readonly fullFrameShare: number;
  /** Stationary objects' boxes grow by this share of their size before motion is compared with them. Used by decide. */
  readonly stationaryMargin: number;
}

export const INFERENCE_GATE_TUNING: InferenceGateTuning = Object.freeze({
  fastIntervalMs: 1000,
  slowIntervalMs: 3000,
  regionMargin: 0.5,
  minRegion: 0.4,
  fullFrameShare: 0.45,
  stationaryMargin: 0.15,
});

/** What the gate knows of the tracker. */
export interface TrackedState {
  /** Tracks awaiting confirmation. */
  readonly candidates: number;
  readonly movingBoxes: readonly Box[];
  readonly stationaryBoxes: readonly Box[];
}

export const FULL_PICTURE: Box = Object.freeze({ x: 0, y: 0, width: 1, height: 1 });

export class InferenceGate {
  private readonly tuning: InferenceGateTuning;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(tuning?: Partial<InferenceGateTuning>) {
    this.tuning = Object.freeze({ ...INFERENCE_GATE_TUNING, ...tuning });
  }

  /** The region to send for this frame, or undefined to send nothing. */
  decide(motion: MotionResult, at: number, tracked: TrackedState): Box | undefined {
    const box = motion.motion ? motion.box : undefined;
    if (!box) return undefined;
    const t = this.tuning;
    if (tracked.stationaryBoxes.some((s) => inside(box, grow(s, t.stationaryMargin)))) return undefined;
    const explained = tracked.candidates === 0 && tracked.movingBoxes.some((m) => inside(box, grow(m, t.regionMargin)));
    const interval = explained ? t.slowIntervalMs : t.fastIntervalMs;
    if (at - this.lastSentAt < interval) return undefined;
    // The whole of every tracked object the motion touches: the model must see an object whole to find it again.
    let area = box;
    for (const object of [...tracked.movingBoxes, ...tracked.stationaryBoxes]) if (overlap(box, object)) area = union(area, object);
    return this.region(area);
  }

  /** A picture was sent at `at`. */
  sent(at: number): void {
    this.lastSentAt = at;
  }

  /** The motion box grown to the region sent (see the class comment). */
  region(box: Box): Box {
    const t = this.tuning;
    let width = Math.max(box.width * (1 + 2 * t.regionMargin), t.minRegion);
    let height = Math.max(box.height * (1 + 2 * t.regionMargin), t.minRegion);
    width = Math.min(1, width);
    height = Math.min(1, height);
    if (width * height > t.fullFrameShare) return FULL_PICTURE;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const x = Math.min(1 - width, Math.max(0, cx - width / 2));
    const y = Math.min(1 - height, Math.max(0, cy - height / 2));
    return { x, y, width, height };
  }
}

/** `box` grown by `share` of its own size on each side. */
function grow(box: Box, share: number): Box {
  return { x: box.x - box.width * share, y: box.y - box.height * share, width: box.width * (1 + 2 * share), height: box.height * (1 + 2 * share) };
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** Whether `a` lies within `b`. */
function inside(a: Box, b: Box): boolean {
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
}

/** A box found in `region` (normalised to the region) mapped onto the whole picture. */
export function toPicture(region: Box, box: Box): Box {
  return { x: region.x + box.x * region.width, y: region.y + box.y * region.height, width: box.width * region.width, height: box.height * region.height };
}
