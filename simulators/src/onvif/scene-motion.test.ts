import { describe, expect, it } from 'vitest';
import { sceneMotionAt, sceneMotionSource } from './scene-motion.js';

describe('scene-motion fallback table', () => {
  const clip = { kind: 'file' as const, path: '/data/videos/intel_car-detection.mp4' };

  it('reads the car clip intervals by file name, end exclusive', () => {
    expect([3.9, 4, 7.99, 8, 15, 20, 25, 29].map((t) => sceneMotionAt(clip, t))).toEqual([false, true, true, false, true, false, true, false]);
  });

  it('says the synthetic scene always moves and unknown files never do', () => {
    expect(sceneMotionAt({ kind: 'synthetic' }, 12)).toBe(true);
    expect(sceneMotionAt({ kind: 'file', path: '/x/other.mp4' }, 5)).toBe(false);
  });

  it('maps time through the camera scene clock', () => {
    const source = sceneMotionSource(clip, (nowMs) => nowMs / 1000);
    expect(source.isMotion(5_000)).toBe(true);
    expect(source.isMotion(10_000)).toBe(false);
  });
});
