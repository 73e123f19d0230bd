import { describe, expect, it } from 'vitest';
import { FrameReader } from '../src/frame-reader.js';

describe('FrameReader', () => {
  it('cuts pictures out of chunks that end anywhere, into one reused buffer', () => {
    const seen: number[][] = [];
    const buffers = new Set<Uint8Array>();
    const reader = new FrameReader(4, (frame) => {
      seen.push([...frame]);
      buffers.add(frame);
    });
    reader.push(Buffer.from([1, 2, 3]));
    expect(reader.partialBytes).toBe(3);
    reader.push(Buffer.from([4, 5, 6, 7, 8, 9, 10]));
    reader.push(Buffer.from([11, 12]));
    reader.push(Buffer.alloc(0));
    expect(seen).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
    expect(buffers.size).toBe(1);
  });

  it('drops a half picture on reset', () => {
    const seen: number[][] = [];
    const reader = new FrameReader(2, (frame) => seen.push([...frame]));
    reader.push(Buffer.from([9]));
    reader.reset();
    reader.push(Buffer.from([1, 2]));
    expect(seen).toEqual([[1, 2]]);
  });

  it('refuses a picture size that is not a positive integer', () => {
    expect(() => new FrameReader(0, () => undefined)).toThrow(RangeError);
    expect(() => new FrameReader(2.5, () => undefined)).toThrow(RangeError);
  });
});
