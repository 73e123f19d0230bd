import type { Candidate } from './non-max-suppression.js';

/** NanoDet's three heads: cells per side at strides 32, 16 and 8 of a 416 input. */
export const NANODET_GRIDS = [13, 26, 52] as const;
/** Box channels per cell: 4 sides × 11 distance bins (GFL, reg_max 10). */
export const NANODET_BOX_CHANNELS = 44;
/** Human skips class 61 (`toilet`): the converted model reports it falsely. */
const SKIPPED_CLASS = 61;

export interface NanodetHead {
  /** Cells per side (13, 26, 52). */
  readonly grid: number;
  /** [grid², classCount] class scores 0..1. */
  readonly scores: Float32Array;
  /** [grid², 44] box-distance bins. */
  readonly boxes: Float32Array;
}

/**
 * Decodes NanoDet's raw heads into candidates in model-input pixels (pure).
 * As human's src/object/nanodet.ts: every cell and class over minScore is a
 * candidate centred on its cell. Unlike it, each side's distance is NanoDet's
 * own GFL decode, the expectation of the softmax over the 11 bins times the
 * stride, instead of human's strongest bin widened by 2.5: same scores,
 * tighter boxes (measured in MODELS.md).
 */
export function decodeNanodet(heads: readonly NanodetHead[], inputSize: number, classCount: number, minScore: number): Candidate[] {
  const candidates: Candidate[] = [];
  for (const head of heads) {
    const bins = NANODET_BOX_CHANNELS / 4;
    const cells = head.grid * head.grid;
    for (let cell = 0; cell < cells; cell++) {
      for (let classIndex = 0; classIndex < classCount; classIndex++) {
        const score = head.scores[cell * classCount + classIndex]!;
        if (!(score > minScore) || classIndex === SKIPPED_CLASS) continue;
        const cx = (0.5 + (cell % head.grid)) / head.grid;
        const cy = (0.5 + Math.trunc(cell / head.grid)) / head.grid;
        const distance = [0, 0, 0, 0];
        for (let side = 0; side < 4; side++) {
          const base = cell * NANODET_BOX_CHANNELS + side * bins;
          // Softmax over the bins, shifted by the largest for stability.
          let max = -Infinity;
          for (let bin = 0; bin < bins; bin++) max = Math.max(max, head.boxes[base + bin]!);
          let sum = 0;
          let weighted = 0;
          for (let bin = 0; bin < bins; bin++) {
            const e = Math.exp(head.boxes[base + bin]! - max);
            sum += e;
            weighted += e * bin;
          }
          distance[side] = (weighted / sum) / head.grid;
        }
        const clip = (value: number) => Math.max(0, Math.min(1, value));
        const x1 = clip(cx - distance[0]!);
        const y1 = clip(cy - distance[1]!);
        const x2 = clip(cx + distance[2]!);
        const y2 = clip(cy + distance[3]!);
        if (!(x2 > x1 && y2 > y1)) continue;
        candidates.push({ classIndex, score, x1: x1 * inputSize, y1: y1 * inputSize, x2: x2 * inputSize, y2: y2 * inputSize });
      }
    }
  }
  return candidates;
}
