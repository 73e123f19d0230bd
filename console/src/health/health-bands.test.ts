import type { HealthPeriod } from '@argus/contracts';
import { describe, expect, it } from 'vitest';
import { healthBands, MIN_BAND_PERCENT, openHealthLabels } from './health-bands.js';

const HOUR = 3_600_000;
const FROM = Date.parse('2025-03-01T00:00:00Z');
const window = { from: FROM, to: FROM + 24 * HOUR };
const iso = (ms: number) => new Date(ms).toISOString();
const period = (state: HealthPeriod['state'], from: number, to: number | null, label = 'camera-offline'): HealthPeriod => ({
  eventId: `${label}-${from}`, label, state, from: iso(from), to: to === null ? null : iso(to), reason: null, source: 'cloud',
});

describe('health bands', () => {
  it('places each period in percent of the window, an open one running to its end', () => {
    const bands = healthBands([period('offline', FROM + 6 * HOUR, FROM + 12 * HOUR), period('offline', FROM + 18 * HOUR, null)], window);
    expect(bands.map((b) => [b.left, b.width, b.open])).toEqual([[25, 25, false], [75, 25, true]]);
  });

  it('keeps a short period visible and clips what lies outside the window', () => {
    const [short, clipped] = healthBands([period('stalled', FROM + 12 * HOUR, FROM + 12 * HOUR + 1000, 'camera-stalled'), period('frozen', FROM - HOUR, FROM + 6 * HOUR)], window);
    expect(short).toMatchObject({ state: 'stalled', left: 50, width: MIN_BAND_PERCENT });
    expect(clipped).toMatchObject({ state: 'frozen', left: 0, width: 25 });
    expect(healthBands([period('offline', FROM + 24 * HOUR + 1, null)], window)).toEqual([]);
    // An outage that just began is drawn at the very end with the minimum width, not past the strip.
    const [last] = healthBands([period('offline', window.to - 1, null, 'agent-offline')], window);
    expect(last).toMatchObject({ width: MIN_BAND_PERCENT, open: true });
    expect(last!.left + last!.width).toBeCloseTo(100);
  });

  it('names the open problems once each', () => {
    expect(openHealthLabels([period('offline', FROM, FROM + HOUR), period('stalled', FROM, null, 'camera-stalled'), period('stalled', FROM + HOUR, null, 'camera-stalled')])).toEqual(['camera-stalled']);
    expect(openHealthLabels(undefined)).toEqual([]);
  });
});
