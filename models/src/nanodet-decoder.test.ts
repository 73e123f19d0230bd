import { describe, expect, it } from 'vitest';
import { decodeNanodet, NANODET_BOX_CHANNELS } from './nanodet-decoder.js';

describe('decodeNanodet', () => {
  it('centres a box on its cell, each side the expected bin times the stride', () => {
    const grid = 13; // stride 32 on a 416 input
    const classCount = 3;
    const scores = new Float32Array(grid * grid * classCount);
    const boxes = new Float32Array(grid * grid * NANODET_BOX_CHANNELS).fill(-100);
    const cell = 6 * grid + 6; // the centre cell: centre at (208, 208)
    scores[cell * classCount + 1] = 0.7;
    // Every side all-in on bin 2: 2 × 32 = 64 px from the centre.
    for (let side = 0; side < 4; side++) boxes[cell * NANODET_BOX_CHANNELS + side * 11 + 2] = 10;
    const [candidate, ...rest] = decodeNanodet([{ grid, scores, boxes }], 416, classCount, 0.3);
    expect(rest).toEqual([]);
    expect(candidate!.classIndex).toBe(1);
    expect(candidate!.score).toBeCloseTo(0.7);
    expect(candidate!.x1).toBeCloseTo(144, 3);
    expect(candidate!.y1).toBeCloseTo(144, 3);
    expect(candidate!.x2).toBeCloseTo(272, 3);
    expect(candidate!.y2).toBeCloseTo(272, 3);
  });
});
