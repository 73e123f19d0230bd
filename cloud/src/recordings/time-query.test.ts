import { describe, expect, it } from 'vitest';
import { isCloudError } from '../errors.js';
import { rangeFromQuery } from './time-query.js';

const now = Date.UTC(2026, 10, 26, 12);
const hour = 3_600_000;

describe('rangeFromQuery', () => {
  it('accepts ISO 8601 and epoch milliseconds', () => {
    expect(rangeFromQuery({ from: '2026-11-26T10:00:00Z', to: String(now) }, now, hour)).toEqual({ from: now - 2 * hour, to: now });
  });

  it('defaults to the span before now', () => {
    expect(rangeFromQuery({}, now, hour)).toEqual({ from: now - hour, to: now });
  });

  it.each([
    [{ from: 'yesterday' }, 'from'],
    [{ from: '2026-11-26T10:00:00' }, 'from'], // no zone: ambiguous
    [{ from: '2026-11-26T12:00:00Z', to: '2026-11-26T11:00:00Z' }, 'to'],
    [{ from: '2026-11-24T12:00:00Z', to: '2026-11-26T12:00:00Z' }, 'to'],
  ])('refuses %j naming %s', (query, field) => {
    try {
      rangeFromQuery(query, now, hour);
      expect.unreachable();
    } catch (err) {
      expect(isCloudError(err, 'CLD_ERR_BAD_RANGE') && err.field).toBe(field);
    }
  });

  it('takes a longer maximum when the route allows one', () => {
    const week = 7 * 24 * hour;
    expect(rangeFromQuery({ from: String(now - week), to: String(now) }, now, hour, week)).toEqual({ from: now - week, to: now });
    expect(() => rangeFromQuery({ from: String(now - week - 1), to: String(now) }, now, hour, week)).toThrow(/168 h/);
  });
});
