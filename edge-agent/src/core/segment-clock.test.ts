import { describe, expect, it } from 'vitest';
import { SegmentClock, type PlacedSegment } from './segment-clock.js';

const T0 = Date.UTC(2026, 10, 26, 5, 0, 0);
const times = (placed: PlacedSegment<string>[]) => placed.map((p) => [p.item, p.startsAt - T0, p.endsAt - T0, p.reanchored]);

describe('SegmentClock', () => {
  it('holds the first segment until the next report shows real-time pace, then places both contiguously', () => {
    const clock = new SegmentClock<string>({ maxDriftMs: 2000 });
    expect(clock.report('a', { startSec: 0, endSec: 4 }, T0)).toEqual([]);
    expect(clock.holding).toBe(1);
    expect(times(clock.report('b', { startSec: 4, endSec: 8 }, T0 + 4100))).toEqual([
      ['a', -4000, 0, false],
      ['b', 0, 4000, false],
    ]);
  });

  it('places later segments at once, contiguous despite report jitter', () => {
    const clock = new SegmentClock<string>({ maxDriftMs: 2000 });
    clock.report('a', { startSec: 0, endSec: 4 }, T0);
    clock.report('b', { startSec: 4, endSec: 8.04 }, T0 + 4300);
    const [c] = clock.report('c', { startSec: 8.04, endSec: 12 }, T0 + 7800);
    expect(c).toMatchObject({ item: 'c', startsAt: T0 + 4040, endsAt: T0 + 8000 });
  });

  it('anchors a start-up burst on its earliest report so that no segment overlaps another', () => {
    const clock = new SegmentClock<string>({ maxDriftMs: 2000 });
    // Capture began at T0; ffmpeg buffered ~5 s before writing, then flushed two segments within 10 ms.
    expect(clock.report('a', { startSec: 0, endSec: 2.07 }, T0 + 5000)).toEqual([]);
    expect(clock.report('b', { startSec: 2.07, endSec: 4.15 }, T0 + 5010)).toEqual([]);
    // The next keyframe arrives live (100 ms after capture): real-time pace again, and the best anchor.
    expect(times(clock.report('c', { startSec: 4.15, endSec: 6.2 }, T0 + 6300))).toEqual([
      ['a', 100, 2170, false],
      ['b', 2170, 4250, false],
      ['c', 4250, 6300, false],
    ]);
    expect(times(clock.report('d', { startSec: 6.2, endSec: 8.25 }, T0 + 8400))).toEqual([['d', 6300, 8350, false]]);
  });

  it('places what it holds when flushed (the run ended during warm-up)', () => {
    const clock = new SegmentClock<string>({ maxDriftMs: 2000 });
    clock.report('a', { startSec: 0, endSec: 4 }, T0);
    expect(times(clock.flush())).toEqual([['a', -4000, 0, false]]);
    expect(clock.holding).toBe(0);
  });

  it('re-anchors forward when media falls behind the wall clock past the limit, leaving a gap', () => {
    const clock = new SegmentClock<string>({ maxDriftMs: 2000 });
    clock.report('a', { startSec: 0, endSec: 4 }, T0);
    clock.report('b', { startSec: 4, endSec: 8 }, T0 + 4000);
    // The camera stalled for 10 s and then delivered in a burst: media says 12 s, wall says 18 s.
    const [late] = clock.report('c', { startSec: 8, endSec: 12 }, T0 + 14_000);
    expect(late).toMatchObject({ startsAt: T0 + 10_000, endsAt: T0 + 14_000, reanchored: true });
  });

  it('re-anchors backward when media runs ahead, without letting segments overlap', () => {
    const clock = new SegmentClock<string>({ maxDriftMs: 2000 });
    clock.report('a', { startSec: 0, endSec: 4 }, T0);
    clock.report('b', { startSec: 4, endSec: 8 }, T0 + 4000);
    const [fast] = clock.report('c', { startSec: 8, endSec: 15 }, T0 + 8500);
    expect(fast!.reanchored).toBe(true);
    expect(fast!.startsAt).toBe(T0 + 4000);
    expect(fast!.endsAt).toBe(T0 + 8500);
  });

  it('keeps the anchor while drift stays within the limit', () => {
    const clock = new SegmentClock<string>({ maxDriftMs: 2000 });
    clock.report('a', { startSec: 0, endSec: 4 }, T0);
    clock.report('b', { startSec: 4, endSec: 8 }, T0 + 4000);
    expect(clock.report('c', { startSec: 8, endSec: 12 }, T0 + 9900)[0]!.reanchored).toBe(false);
  });
});
