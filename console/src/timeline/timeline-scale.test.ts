import { describe, expect, it } from 'vitest';
import { MIN_SPAN_MS, centreOn, fractionOf, panBy, ticks, timeAt, zoomAt } from './timeline-scale.js';

const HOUR = 3_600_000;
const day = { from: 0, to: 24 * HOUR };

describe('timeline view', () => {
  it('zooms around the pointer: the instant under it stays under it', () => {
    const zoomed = zoomAt(day, 0.5, 0.25, day);
    expect(zoomed.to - zoomed.from).toBe(12 * HOUR);
    expect(timeAt(zoomed, 0.25)).toBe(timeAt(day, 0.25));
  });

  it('zooms from a whole day down to a minute and no further, and out to the day and no further', () => {
    let view = day;
    for (let i = 0; i < 40; i++) view = zoomAt(view, 0.5, 0.5, day);
    expect(view.to - view.from).toBe(MIN_SPAN_MS);
    expect(timeAt(view, 0.5)).toBe(12 * HOUR);
    for (let i = 0; i < 40; i++) view = zoomAt(view, 2, 0.9, day);
    expect(view).toEqual(day);
  });

  it('keeps a zoom at the edge inside the day', () => {
    const view = zoomAt({ from: 0, to: HOUR }, 4, 0, day);
    expect(view).toEqual({ from: 0, to: 4 * HOUR });
  });

  it('pans and stops at the bounds', () => {
    const view = { from: 10 * HOUR, to: 12 * HOUR };
    expect(panBy(view, HOUR, day)).toEqual({ from: 11 * HOUR, to: 13 * HOUR });
    expect(panBy(view, -20 * HOUR, day)).toEqual({ from: 0, to: 2 * HOUR });
    expect(panBy(view, 20 * HOUR, day)).toEqual({ from: 22 * HOUR, to: 24 * HOUR });
    expect(centreOn(view, 23.5 * HOUR, day)).toEqual({ from: 22 * HOUR, to: 24 * HOUR });
  });

  it('maps instants to fractions of the bar and back', () => {
    const view = { from: 1000, to: 3000 };
    expect(fractionOf(view, 2500)).toBe(0.75);
    expect(timeAt(view, 0.75)).toBe(2500);
    expect(fractionOf(view, 0)).toBeLessThan(0);
  });

  it('ticks on round local times from the day start, at most as many as asked', () => {
    const origin = 30 * 60_000; // a day starting at :30 UTC (a +05:30 zone): ticks stay on its local hours
    const whole = ticks({ from: origin, to: origin + 24 * HOUR }, 12, origin);
    expect(whole.step).toBe(2 * HOUR);
    expect(whole.at[0]).toBe(origin);
    expect(whole.at).toHaveLength(13);
    const minute = ticks({ from: origin + 90_500, to: origin + 150_500 }, 8, origin);
    expect(minute.step).toBe(10_000);
    expect(minute.at[0]).toBe(origin + 100_000);
    expect(minute.at.every((t) => (t - origin) % 10_000 === 0)).toBe(true);
  });
});
