import { describe, expect, it } from 'vitest';
import { effectiveRetention, horizons, oldestHorizon, overlapsAny, partitionsToDrop, quotaCut, segmentAgeReason } from './retention-policy.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 15);

describe('retention policy', () => {
  it('takes the camera\'s own days where set, the defaults elsewhere, and never keeps events shorter than recording', () => {
    const defaults = { days: 30, eventDays: 90 };
    expect(effectiveRetention({ days: null, eventDays: null }, defaults)).toEqual({ days: 30, eventDays: 90 });
    expect(effectiveRetention({ days: 7, eventDays: null }, defaults)).toEqual({ days: 7, eventDays: 90 });
    expect(effectiveRetention({ days: 120, eventDays: null }, defaults)).toEqual({ days: 120, eventDays: 120 });
    expect(effectiveRetention({ days: 2, eventDays: 5 }, defaults)).toEqual({ days: 2, eventDays: 5 });
  });

  it('deletes a segment past event retention whatever it shows, past recording retention only when it shows no event', () => {
    const h = horizons({ days: 2, eventDays: 5 }, NOW);
    expect(h).toEqual({ recording: NOW - 2 * DAY, events: NOW - 5 * DAY });
    expect(segmentAgeReason({ endsAt: NOW - DAY }, false, h)).toBeUndefined();
    expect(segmentAgeReason({ endsAt: NOW - 3 * DAY }, false, h)).toBe('age');
    expect(segmentAgeReason({ endsAt: NOW - 3 * DAY }, true, h)).toBeUndefined();
    expect(segmentAgeReason({ endsAt: NOW - 6 * DAY }, true, h)).toBe('event-age');
    expect(segmentAgeReason({ endsAt: NOW - 6 * DAY }, false, h)).toBe('age');
    // The boundary belongs to the past.
    expect(segmentAgeReason({ endsAt: h.recording }, false, h)).toBe('age');
  });

  it('treats ranges as half-open when checking locks', () => {
    const lock = { from: 100, to: 200 };
    expect(overlapsAny({ from: 150, to: 160 }, [lock])).toBe(true);
    expect(overlapsAny({ from: 50, to: 100 }, [lock])).toBe(false);
    expect(overlapsAny({ from: 200, to: 250 }, [lock])).toBe(false);
    expect(overlapsAny({ from: 199, to: 250 }, [lock])).toBe(true);
    expect(overlapsAny({ from: 0, to: 1 }, [])).toBe(false);
  });

  it('drops whole partitions only once every camera is done with them and no lock touches them', () => {
    const month = (y: number, m: number) => ({ name: `segments_p${y}${String(m + 1).padStart(2, '0')}`, from: Date.UTC(y, m, 1), to: Date.UTC(y, m + 1, 1) });
    const parts = [month(2026, 2), month(2025, 11), month(2026, 0), month(2026, 1)];
    const horizon = oldestHorizon([{ days: 2, eventDays: 5 }, { days: 30, eventDays: 100 }], { days: 30, eventDays: 90 }, NOW);
    expect(horizon).toBe(NOW - 100 * DAY); // 2026-03-07
    expect(partitionsToDrop(parts, horizon, []).map((p) => p.name)).toEqual(['segments_p202512', 'segments_p202601', 'segments_p202602']);
    const lockInJanuary = { from: Date.UTC(2026, 0, 31, 23), to: Date.UTC(2026, 1, 1, 1) };
    expect(partitionsToDrop(parts, horizon, [lockInJanuary]).map((p) => p.name)).toEqual(['segments_p202512']);
  });

  it('cuts the oldest segments until the site is under its quota', () => {
    const segs = [{ bytes: 1000 }, { bytes: 1000 }, { bytes: 1000 }, { bytes: 1000 }];
    expect(quotaCut(5000, 2500, segs)).toBe(3);
    expect(quotaCut(5000, 5000, segs)).toBe(0);
    expect(quotaCut(5000, null, segs)).toBe(0);
    expect(quotaCut(5001, 5000, segs)).toBe(1);
    expect(quotaCut(100_000, 10, segs)).toBe(4); // all it has; the rest is locked
  });
});
