import { describe, expect, it } from 'vitest';
import { intersectionOverUnion, nonMaxSuppression, type Candidate } from './non-max-suppression.js';

const box = (classIndex: number, score: number, x1: number, y1: number, x2: number, y2: number): Candidate => ({ classIndex, score, x1, y1, x2, y2 });
const options = { maxOutput: 10, iouThreshold: 0.4, scoreThreshold: 0.2, perClass: false };

describe('nonMaxSuppression', () => {
  it('keeps the best of overlapping boxes and every separate one, best first', () => {
    const kept = nonMaxSuppression([box(0, 0.6, 0, 0, 10, 10), box(0, 0.9, 1, 1, 11, 11), box(0, 0.7, 50, 50, 60, 60)], options);
    expect(kept.map((c) => c.score)).toEqual([0.9, 0.7]);
  });

  it('lets different classes suppress each other unless perClass', () => {
    const carAndTruck = [box(2, 0.8, 0, 0, 10, 10), box(7, 0.5, 0, 0, 10, 10)];
    expect(nonMaxSuppression(carAndTruck, options).map((c) => c.classIndex)).toEqual([2]);
    expect(nonMaxSuppression(carAndTruck, { ...options, perClass: true }).map((c) => c.classIndex)).toEqual([2, 7]);
  });

  it('drops candidates under the score threshold and stops at maxOutput', () => {
    const many = [0.1, 0.3, 0.5, 0.9].map((score, i) => box(0, score, i * 20, 0, i * 20 + 10, 10));
    expect(nonMaxSuppression(many, options).map((c) => c.score)).toEqual([0.9, 0.5, 0.3]);
    expect(nonMaxSuppression(many, { ...options, maxOutput: 2 }).map((c) => c.score)).toEqual([0.9, 0.5]);
  });

  it('keeps a box that overlaps a kept one exactly at the IoU threshold', () => {
    // 10x10 boxes shifted so intersection / union = 40 / 160 = 0.25
    const kept = nonMaxSuppression([box(0, 0.9, 0, 0, 10, 10), box(0, 0.8, 6, 0, 16, 10)], { ...options, iouThreshold: 0.25 });
    expect(kept).toHaveLength(2);
  });
});

describe('intersectionOverUnion', () => {
  it('is 1 for the same box, 0 for disjoint or empty boxes', () => {
    expect(intersectionOverUnion(box(0, 1, 0, 0, 4, 4), box(0, 1, 0, 0, 4, 4))).toBe(1);
    expect(intersectionOverUnion(box(0, 1, 0, 0, 4, 4), box(0, 1, 5, 5, 9, 9))).toBe(0);
    expect(intersectionOverUnion(box(0, 1, 0, 0, 0, 4), box(0, 1, 0, 0, 4, 4))).toBe(0);
  });
});
