import { describe, expect, it } from 'vitest';
import { EVENT_LEAD_MS, gapsBetween, placement, playRangeForEvent, playRangeFrom, toSpans } from './timeline-layout.js';

describe('timeline layout', () => {
  it('finds the gaps between recorded spans within a range', () => {
    const spans = [{ from: 10, to: 20 }, { from: 15, to: 30 }, { from: 40, to: 50 }];
    expect(gapsBetween(spans, 0, 60)).toEqual([{ from: 0, to: 10 }, { from: 30, to: 40 }, { from: 50, to: 60 }]);
    expect(gapsBetween(spans, 12, 45)).toEqual([{ from: 30, to: 40 }]);
    expect(gapsBetween([], 0, 5)).toEqual([{ from: 0, to: 5 }]);
    expect(gapsBetween(spans, 60, 60)).toEqual([]);
  });

  it('places spans in percent of the bar, clipped, and drops those off screen', () => {
    const view = { from: 100, to: 200 };
    expect(placement(view, { from: 125, to: 150 })).toEqual({ left: 25, width: 25 });
    expect(placement(view, { from: 50, to: 110 })).toEqual({ left: 0, width: 10 });
    expect(placement(view, { from: 0, to: 100 })).toBeNull();
  });

  it('plays an event from a few seconds before it, and a point from the point', () => {
    const range = playRangeForEvent({ startedAt: '2026-11-30T10:00:00.000Z' });
    expect(range.from).toBe(Date.parse('2026-11-30T10:00:00.000Z') - EVENT_LEAD_MS);
    expect(range.to).toBeGreaterThan(range.from);
    expect(playRangeFrom(1000).from).toBe(1000);
  });

  it('reads the cloud\'s ISO spans', () => {
    expect(toSpans([{ from: '1970-01-01T00:00:01.000Z', to: '1970-01-01T00:00:02.000Z' }])).toEqual([{ from: 1000, to: 2000 }]);
  });
});
