import type { Candidate } from './non-max-suppression.js';

/**
 * MB3-CenterNet's graph ends in its own decoder (3x3 max-pool peak picking
 * and top-100 over the 128x128x80 heatmap), output `tower_0/detections`:
 * [1, 100, 6] rows of x1, y1, x2, y2 (model-input pixels), score (sigmoid,
 * 0..1), class index (0-based COCO). This turns those rows into candidates
 * (pure), as human's src/object/centernet.ts reads them.
 */
export const CENTERNET_OUTPUT = 'tower_0/detections';
export const CENTERNET_ROW = 6;

export function decodeCenternet(rows: Float32Array | readonly number[], classCount: number, minScore: number): Candidate[] {
  const candidates: Candidate[] = [];
  for (let offset = 0; offset + CENTERNET_ROW <= rows.length; offset += CENTERNET_ROW) {
    const score = rows[offset + 4]!;
    const classIndex = Math.round(rows[offset + 5]!);
    // Rows come sorted by score; an out-of-range class would be a converter fault, not an object.
    if (!(score >= minScore) || classIndex < 0 || classIndex >= classCount) continue;
    const x1 = rows[offset]!;
    const y1 = rows[offset + 1]!;
    const x2 = rows[offset + 2]!;
    const y2 = rows[offset + 3]!;
    if (!(x2 > x1 && y2 > y1)) continue;
    candidates.push({ classIndex, score, x1, y1, x2, y2 });
  }
  return candidates;
}
