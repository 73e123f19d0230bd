import { describe, expect, it } from 'vitest';
import { fillerNals, padFrame } from './h264-filler.js';

describe('padFrame', () => {
  it('leaves frames alone without a spike', () => {
    const nals = [Buffer.from([0x65, 1, 2])];
    expect(padFrame(nals, 1)).toBe(nals);
  });

  it('appends filler NAL units after the slices up to the factor', () => {
    const slice = Buffer.alloc(3000, 1);
    slice[0] = 0x65;
    const padded = padFrame([slice], 3);
    expect(padded[0]).toBe(slice);
    const filler = padded.slice(1);
    expect(filler.every((n) => n[0] === 12 && n.at(-1) === 0x80 && n.subarray(1, -1).every((b) => b === 0xff))).toBe(true);
    const total = padded.reduce((s, n) => s + n.length, 0);
    expect(total).toBeGreaterThan(3 * 3000 - 2);
    expect(total).toBeLessThanOrEqual(3 * 3000);
  });

  it('makes no NAL unit shorter than a header and trailing byte', () => {
    expect(fillerNals(1)).toEqual([]);
    expect(fillerNals(2).map((n) => [...n])).toEqual([[12, 0x80]]);
  });
});
