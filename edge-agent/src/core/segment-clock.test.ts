import { describe, expect, it } from 'vitest';
import { SegmentClock } from './segment-clock.js';

const T0 = Date.UTC(2026, 10, 26, 5, 0, 0);

describe('SegmentClock', () => {
  it('anchors the first segment so that it ends at the time it was reported', () => {
    const clock = new SegmentClock({ maxDriftMs: 2000 });
    expect(clock.place({ startSec: 0, endSec: 4 }, T0)).toEqual({ startsAt: T0 - 4000, endsAt: T0, reanchored: false });
  });

  it('makes consecutive segments of a run exactly contiguous despite report jitter', () => {
    const clock = new SegmentClock({ maxDriftMs: 2000 });
    const a = clock.place({ startSec: 0, endSec: 4 }, T0);
    const b = clock.place({ startSec: 4, endSec: 8.04 }, T0 + 4300);
    const c = clock.place({ startSec: 8.04, endSec: 12 }, T0 + 7800);
    expect(b.startsAt).toBe(a.endsAt);
    expect(c.startsAt).toBe(b.endsAt);
    expect(c.endsAt - a.startsAt).toBe(12_000);
  });

  it('re-anchors when media time and the wall clock drift apart past the limit', () => {
    const clock = new SegmentClock({ maxDriftMs: 2000 });
    clock.place({ startSec: 0, endSec: 4 }, T0);
    // The camera stalled for 10 s and then delivered in a burst: media says 8 s, wall says 14 s.
    const late = clock.place({ startSec: 4, endSec: 8 }, T0 + 10_000);
    expect(late).toEqual({ startsAt: T0 + 6000, endsAt: T0 + 10_000, reanchored: true });
  });

  it('keeps the anchor while drift stays within the limit', () => {
    const clock = new SegmentClock({ maxDriftMs: 2000 });
    clock.place({ startSec: 0, endSec: 4 }, T0);
    expect(clock.place({ startSec: 4, endSec: 8 }, T0 + 5900).reanchored).toBe(false);
  });
});
