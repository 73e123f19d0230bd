import { describe, expect, it } from 'vitest';
import { decodeCenternet } from './centernet-decoder.js';

describe('decodeCenternet', () => {
  it('reads x1, y1, x2, y2, score, class rows and drops low scores, bad classes and empty boxes', () => {
    const rows = [
      [10, 20, 110, 220, 0.9, 0], // person
      [30, 30, 60, 50, 0.6, 2], // car
      [0, 0, 10, 10, 0.05, 2], // under minScore
      [0, 0, 10, 10, 0.8, 80], // no such class
      [50, 50, 40, 60, 0.8, 1], // x2 < x1
    ].flat();
    expect(decodeCenternet(rows, 80, 0.1)).toEqual([
      { classIndex: 0, score: 0.9, x1: 10, y1: 20, x2: 110, y2: 220 },
      { classIndex: 2, score: 0.6, x1: 30, y1: 30, x2: 60, y2: 50 },
    ]);
  });
});
