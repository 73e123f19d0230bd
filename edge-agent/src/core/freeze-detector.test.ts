import { describe, expect, it } from 'vitest';
import { FreezeDetector, meanAbsDiff } from './freeze-detector.js';

const T0 = Date.UTC(2026, 0, 1);
const SIZE = 64 * 36;

/** A fixed pseudo-random picture, plus per-pixel noise of ±`noise` levels drawn from `seed`. */
function picture(base: number, noise = 0, seed = 1): Uint8Array {
  const out = new Uint8Array(SIZE);
  let s = seed;
  for (let i = 0; i < SIZE; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const jitter = noise === 0 ? 0 : (s % (2 * noise + 1)) - noise;
    out[i] = Math.max(0, Math.min(255, ((i * 37 + base) % 200) + 20 + jitter));
  }
  return out;
}

/** Feeds `frames` at `everyMs` from `fromMs`; returns the changes with their frame index. */
function feed(detector: FreezeDetector, frames: Uint8Array[], everyMs: number, fromMs = T0) {
  const changes: Array<{ index: number; change: unknown }> = [];
  frames.forEach((frame, index) => {
    const change = detector.push(frame, fromMs + index * everyMs);
    if (change) changes.push({ index, change });
  });
  return changes;
}

describe('FreezeDetector', () => {
  it('calls a picture repeated for the whole window frozen, dated at its first keyframe', () => {
    const detector = new FreezeDetector({ windowMs: 6000 });
    const still = picture(5);
    // One keyframe a second: frames 0..6 span 6 s.
    const changes = feed(detector, Array.from({ length: 10 }, () => still), 1000);
    expect(changes).toEqual([{ index: 6, change: { kind: 'frozen', sinceMs: T0 } }]);
    expect(detector.frozenSince).toBe(T0);
  });

  it('is not frozen before the window is over, however many identical frames came', () => {
    const detector = new FreezeDetector({ windowMs: 6000 });
    // 12.5 fps of repeated IDRs for 5.9 s.
    const changes = feed(detector, Array.from({ length: 74 }, () => picture(5)), 80);
    expect(changes).toEqual([]);
    expect(detector.frozenSince).toBeUndefined();
  });

  it('never calls a still scene with faint sensor noise frozen', () => {
    const detector = new FreezeDetector({ windowMs: 6000 });
    // ±1 grey level of noise, a fresh draw per keyframe, for a minute.
    const changes = feed(detector, Array.from({ length: 60 }, (_, i) => picture(5, 1, i + 1)), 1000);
    expect(changes).toEqual([]);
  });

  it('ends the freeze at the first keyframe that differs, and can freeze again later', () => {
    const detector = new FreezeDetector({ windowMs: 3000 });
    const frames = [...Array.from({ length: 5 }, () => picture(5)), picture(90), ...Array.from({ length: 5 }, () => picture(140))];
    expect(feed(detector, frames, 1000)).toEqual([
      { index: 3, change: { kind: 'frozen', sinceMs: T0 } },
      { index: 5, change: { kind: 'moving', atMs: T0 + 5000 } },
      { index: 9, change: { kind: 'frozen', sinceMs: T0 + 6000 } },
    ]);
  });

  it('needs a few frames, not two keyframes far apart', () => {
    const detector = new FreezeDetector({ windowMs: 6000, maxGapMs: 60_000 });
    expect(feed(detector, [picture(5), picture(5)], 7000)).toEqual([]);
    expect(detector.push(picture(5), T0 + 14_000)).toEqual({ kind: 'frozen', sinceMs: T0 });
  });

  it('starts over after a gap (the camera was down) instead of bridging it', () => {
    const detector = new FreezeDetector({ windowMs: 6000 });
    const still = picture(5);
    feed(detector, [still, still, still], 1000);
    // 20 s without frames, then the same picture: a whole window must pass again.
    const after = feed(detector, Array.from({ length: 7 }, () => still), 1000, T0 + 22_000);
    expect(after).toEqual([{ index: 6, change: { kind: 'frozen', sinceMs: T0 + 22_000 } }]);
  });

  it('stays frozen across a gap while the picture is still the same, and ends when it moves', () => {
    const detector = new FreezeDetector({ windowMs: 2000 });
    feed(detector, [picture(5), picture(5), picture(5)], 1000);
    expect(detector.frozenSince).toBe(T0);
    expect(detector.push(picture(5), T0 + 30_000)).toBeUndefined();
    expect(detector.push(picture(77), T0 + 31_000)).toEqual({ kind: 'moving', atMs: T0 + 31_000 });
  });

  it('treats a thumbnail of another size as a new picture', () => {
    const detector = new FreezeDetector({ windowMs: 2000 });
    feed(detector, [picture(5), picture(5), picture(5)], 1000);
    expect(detector.push(new Uint8Array(10), T0 + 3000)).toEqual({ kind: 'moving', atMs: T0 + 3000 });
  });
});

describe('meanAbsDiff', () => {
  it('averages the absolute per-pixel difference', () => {
    expect(meanAbsDiff(Uint8Array.from([0, 10, 255, 4]), Uint8Array.from([2, 10, 250, 5]))).toBe(2);
    expect(meanAbsDiff(new Uint8Array(0), new Uint8Array(0))).toBe(0);
    expect(() => meanAbsDiff(new Uint8Array(2), new Uint8Array(3))).toThrow(RangeError);
  });
});
