import { describe, expect, it } from 'vitest';
import { isArgusError } from './errors.js';
import { parseInstant, timeRange } from './time-range.js';

describe('parseInstant', () => {
  it('reads ISO 8601 with a zone and epoch milliseconds', () => {
    expect(parseInstant('from', '2026-01-31T22:00:00Z')).toBe(Date.UTC(2026, 0, 31, 22));
    expect(parseInstant('from', '2026-01-31T23:00:00+01:00')).toBe(Date.UTC(2026, 0, 31, 22));
    expect(parseInstant('from', '1769896800000')).toBe(1769896800000);
  });

  it('refuses times without a zone and garbage, naming the field', () => {
    for (const bad of ['2026-01-31T22:00:00', 'yesterday', '', '12']) {
      try {
        parseInstant('to', bad);
        expect.unreachable(`accepted ${bad}`);
      } catch (err) {
        expect(isArgusError(err, 'CORE_ERR_BAD_TIME')).toBe(true);
        expect((err as Error).message).toMatch(/^to must be/);
      }
    }
  });
});

describe('timeRange', () => {
  it('refuses an empty or reversed range', () => {
    expect(() => timeRange(10, 10)).toThrow(/must be after/);
    expect(timeRange(1, 2)).toEqual({ from: 1, to: 2 });
  });
});
