import { describe, expect, it } from 'vitest';
import { RawFrameReader } from './raw-frames.js';

describe('RawFrameReader', () => {
  it('cuts pictures out of chunks that end anywhere', () => {
    const reader = new RawFrameReader(4);
    expect(reader.push(Buffer.from([1, 2, 3]))).toEqual([]);
    expect(reader.push(Buffer.from([4, 5, 6, 7, 8, 9, 10]))).toEqual([Uint8Array.from([1, 2, 3, 4]), Uint8Array.from([5, 6, 7, 8])]);
    expect(reader.push(Buffer.from([11, 12]))).toEqual([Uint8Array.from([9, 10, 11, 12])]);
    expect(reader.push(Buffer.alloc(0))).toEqual([]);
  });

  it('hands out copies that later chunks do not overwrite', () => {
    const reader = new RawFrameReader(2);
    const chunk = Buffer.from([1, 2]);
    const [frame] = reader.push(chunk);
    chunk[0] = 99;
    expect(frame).toEqual(Uint8Array.from([1, 2]));
  });

  it('refuses a picture size that is not a positive integer', () => {
    expect(() => new RawFrameReader(0)).toThrow(RangeError);
    expect(() => new RawFrameReader(1.5)).toThrow(RangeError);
  });
});
