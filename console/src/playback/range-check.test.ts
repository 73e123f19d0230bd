import { describe, expect, it } from 'vitest';
import { checkRange } from './range-check.js';

describe('range check', () => {
  it('accepts a forward range up to 24 h as local instants', () => {
    const result = checkRange('2026-11-26T05:00:00', '2026-11-27T05:00:00');
    expect(result).toEqual({
      ok: true,
      range: { from: new Date(2026, 10, 26, 5, 0, 0), to: new Date(2026, 10, 27, 5, 0, 0) },
    });
  });

  it('refuses missing, reversed and over-long ranges with CONSOLE_ERR_BAD_RANGE', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['', '2026-11-26T05:00:00', /both/],
      ['2026-11-26T05:00:00', '2026-11-26T05:00:00', /before/],
      ['2026-11-26T05:00:00', '2026-11-27T05:00:01', /24 hours/],
    ];
    for (const [from, to, message] of cases) {
      const result = checkRange(from, to);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.code).toBe('CONSOLE_ERR_BAD_RANGE');
        expect(result.message).toMatch(message);
      }
    }
  });
});
