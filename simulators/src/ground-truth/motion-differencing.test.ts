import { describe, expect, it } from 'vitest';
import { changedFraction, motionFlags, motionRuns } from './motion-differencing.js';

/** A 10x10 grey frame with an optional bright 3x3 block at (x, y). */
function frame(block?: { x: number; y: number }, base = 100): Uint8Array {
  const f = new Uint8Array(100).fill(base);
  if (block) for (let y = block.y; y < block.y + 3; y++) for (let x = block.x; x < block.x + 3; x++) f[y * 10 + x] = 220;
  return f;
}

describe('motion differencing', () => {
  it('counts pixels that changed by more than the threshold', () => {
    expect(changedFraction(frame(), frame(), 20)).toBe(0);
    expect(changedFraction(frame(), frame({ x: 0, y: 0 }), 20)).toBe(0.09);
    expect(changedFraction(frame(undefined, 100), frame(undefined, 115), 20)).toBe(0);
    expect(() => changedFraction(new Uint8Array(4), new Uint8Array(5), 20)).toThrow(RangeError);
  });

  it('flags frames that differ from the previous one; the first frame is still', () => {
    const frames = [frame(), frame(), frame({ x: 1, y: 1 }), frame({ x: 4, y: 1 }), frame({ x: 4, y: 1 }), frame()];
    expect(motionFlags(frames, { minChangedFraction: 0.01 })).toEqual([false, false, true, true, false, true]);
  });

  it('merges short still gaps, then drops blips shorter than the minimum', () => {
    const f = [false, true, true, false, true, false, false, false, true, false];
    expect(motionRuns(f, { mergeGapFrames: 0, minDurationFrames: 1 })).toEqual([{ from: 1, to: 3 }, { from: 4, to: 5 }, { from: 8, to: 9 }]);
    expect(motionRuns(f, { mergeGapFrames: 1, minDurationFrames: 2 })).toEqual([{ from: 1, to: 5 }]);
    expect(motionRuns(f, { mergeGapFrames: 3, minDurationFrames: 2 })).toEqual([{ from: 1, to: 9 }]);
    expect(motionRuns([], {})).toEqual([]);
  });
});
