/** A candidate detection in model-input pixels, corners (x1, y1) top-left and (x2, y2) bottom-right. */
export interface Candidate {
  readonly classIndex: number;
  readonly score: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface NmsOptions {
  /** At most this many kept, best first. */
  readonly maxOutput: number;
  /** A candidate overlapping a kept one by more than this IoU (0..1) is dropped. */
  readonly iouThreshold: number;
  /** Candidates scoring under this are dropped before suppression. */
  readonly scoreThreshold: number;
  /**
   * When true, only candidates of the same class suppress each other. When
   * false (human's behaviour), any overlap does: one object seen as both
   * `car` and `truck` is reported once, under its better label.
   */
  readonly perClass: boolean;
}

/**
 * Greedy non-maximum suppression, the same rule as
 * tf.image.nonMaxSuppression (best score first, drop what overlaps a kept box
 * by more than iouThreshold), in plain JS: the candidate lists are at most a
 * few hundred long, and a pure function is testable without a model.
 */
export function nonMaxSuppression<T extends Candidate>(candidates: readonly T[], options: NmsOptions): T[] {
  const sorted = candidates.filter((c) => c.score >= options.scoreThreshold).sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const candidate of sorted) {
    if (kept.length >= options.maxOutput) break;
    const suppressed = kept.some((k) => (!options.perClass || k.classIndex === candidate.classIndex) && intersectionOverUnion(k, candidate) > options.iouThreshold);
    if (!suppressed) kept.push(candidate);
  }
  return kept;
}

export function intersectionOverUnion(a: Candidate, b: Candidate): number {
  const areaA = Math.max(0, a.x2 - a.x1) * Math.max(0, a.y2 - a.y1);
  const areaB = Math.max(0, b.x2 - b.x1) * Math.max(0, b.y2 - b.y1);
  if (areaA <= 0 || areaB <= 0) return 0;
  const width = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const height = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  return intersection / (areaA + areaB - intersection);
}
