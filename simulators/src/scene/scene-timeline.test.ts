import { describe, expect, it } from 'vitest';
import { SceneTimeline } from './scene-timeline.js';

describe('SceneTimeline', () => {
  const timeline = new SceneTimeline(10_000);
  const fps = { num: 25, den: 2 };

  it('counts frames since its anchor, and none before it', () => {
    expect(timeline.frameAt(10_000, fps)).toBe(0);
    expect(timeline.frameAt(10_079, fps)).toBe(0);
    expect(timeline.frameAt(10_080, fps)).toBe(1);
    expect(timeline.frameAt(5_000, fps)).toBe(0);
    expect(timeline.frameDueMs(25, fps)).toBe(12_000);
  });

  it('maps time to a position within the loop, on frame boundaries', () => {
    // 100-frame loop at 12.5 fps = 8 s; 9.7 s after the anchor is frame 121 → position 21 → 1.68 s.
    expect(timeline.loopPositionSec(19_700, fps, 100)).toBeCloseTo(1.68, 9);
    expect(timeline.loopPositionSec(18_000, fps, 100)).toBe(0);
  });
});
