import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RANGE, alertRangeMs, formatAlertsSearch, parseAlertsSearch } from './alerts-filter.js';

describe('alert filters in the URL', () => {
  it('round-trips state, camera and range, leaving defaults out', () => {
    const filter = parseAlertsSearch('?state=acknowledged&camera=cam-2&range=1h');
    expect(filter).toEqual({ state: 'acknowledged', cameraId: 'cam-2', range: '1h' });
    expect(formatAlertsSearch(filter)).toBe('?state=acknowledged&camera=cam-2&range=1h');
    expect(formatAlertsSearch({ state: undefined, cameraId: undefined, range: DEFAULT_ALERT_RANGE })).toBe('');
  });

  it('ignores what the API would refuse', () => {
    expect(parseAlertsSearch('?state=closed&camera=%20&range=1y')).toEqual({ state: undefined, cameraId: undefined, range: DEFAULT_ALERT_RANGE });
    expect(parseAlertsSearch(`?camera=${'x'.repeat(200)}`).cameraId).toBeUndefined();
  });

  it('reaches back as far as the range says', () => {
    expect(alertRangeMs('24h')).toBe(86_400_000);
    expect(alertRangeMs('30d')).toBe(30 * 86_400_000);
  });
});
