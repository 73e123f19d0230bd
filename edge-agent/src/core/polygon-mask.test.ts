import { describe, expect, it } from 'vitest';
import { rasterizeMask, rasterizeZones } from './polygon-mask.js';

const count = (a: ArrayLike<number>): number => Array.from(a).filter((v) => v !== 0).length;

describe('rasterizeMask', () => {
  it('fills the pixels whose centres lie inside a polygon', () => {
    // Left half of a 10x4 picture.
    const mask = rasterizeMask([[[0, 0], [0.5, 0], [0.5, 1], [0, 1]]], 10, 4);
    for (let y = 0; y < 4; y++) {
      expect(Array.from(mask.subarray(y * 10, y * 10 + 10))).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    }
  });

  it('covers the whole picture with a polygon on its border, and nothing with none', () => {
    expect(count(rasterizeMask([[[0, 0], [1, 0], [1, 1], [0, 1]]], 16, 9))).toBe(144);
    expect(count(rasterizeMask([], 16, 9))).toBe(0);
  });

  it('fills a triangle to about its area and a concave polygon without its notch', () => {
    const triangle = rasterizeMask([[[0, 0], [1, 0], [0, 1]]], 100, 100);
    expect(count(triangle)).toBeGreaterThan(4900);
    expect(count(triangle)).toBeLessThan(5100);
    expect(triangle[0]).toBe(1); // top-left corner
    expect(triangle[99 * 100 + 99]).toBe(0); // bottom-right corner

    // A U shape: the notch in the middle of the top stays open.
    const u = rasterizeMask([[[0, 0], [0.3, 0], [0.3, 0.6], [0.7, 0.6], [0.7, 0], [1, 0], [1, 1], [0, 1]]], 10, 10);
    expect(u[1 * 10 + 5]).toBe(0);
    expect(u[1 * 10 + 1]).toBe(1);
    expect(u[8 * 10 + 5]).toBe(1);
  });

  it('unites overlapping polygons', () => {
    const mask = rasterizeMask(
      [
        [[0, 0], [0.6, 0], [0.6, 1], [0, 1]],
        [[0.4, 0], [1, 0], [1, 1], [0.4, 1]],
      ],
      10,
      2,
    );
    expect(count(mask)).toBe(20);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => rasterizeMask([], 0, 10)).toThrow(RangeError);
    expect(() => rasterizeMask([], 10.5, 10)).toThrow(RangeError);
  });
});

describe('rasterizeZones', () => {
  it('sets one bit per zone, several where zones overlap', () => {
    const bits = rasterizeZones(
      [
        { name: 'left', polygon: [[0, 0], [0.5, 0], [0.5, 1], [0, 1]] },
        { name: 'top', polygon: [[0, 0], [1, 0], [1, 0.5], [0, 0.5]] },
      ],
      4,
      4,
    );
    expect(bits[0]).toBe(0b11); // top-left: both
    expect(bits[3]).toBe(0b10); // top-right: top only
    expect(bits[12]).toBe(0b01); // bottom-left: left only
    expect(bits[15]).toBe(0); // bottom-right: none
  });

  it('uses the 32nd bit without going negative', () => {
    const zones = Array.from({ length: 32 }, (_, i) => ({ name: `z${i}`, polygon: [[0, 0], [1, 0], [1, 1], [0, 1]] as Array<[number, number]> }));
    const bits = rasterizeZones(zones, 2, 2);
    expect(bits[0]).toBe(0xffffffff);
    expect(() => rasterizeZones([...zones, zones[0]!], 2, 2)).toThrow(RangeError);
  });
});
