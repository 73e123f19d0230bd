import { describe, expect, it } from 'vitest';
import { formatAge, formatWallClock, fromDateTimeLocalValue, toDateTimeLocalValue } from './time-format.js';

// Written to hold in any time zone: datetime-local values are local time.
describe('datetime-local conversion', () => {
  it('round-trips an instant to the second', () => {
    const instant = new Date('2026-11-26T05:04:03.000Z');
    const value = toDateTimeLocalValue(instant);
    expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(fromDateTimeLocalValue(value)).toEqual(instant);
  });

  it('accepts values without seconds, as browsers send when step is unset', () => {
    expect(fromDateTimeLocalValue('2026-11-26T05:04')).toEqual(new Date(2026, 10, 26, 5, 4, 0));
  });

  it('rejects empty and malformed values', () => {
    expect(fromDateTimeLocalValue('')).toBeNull();
    expect(fromDateTimeLocalValue('26/11/2026 05:04')).toBeNull();
  });
});

describe('display formats', () => {
  it('formats the wall clock as YYYY-MM-DD HH:mm:ss with a zone', () => {
    expect(formatWallClock(new Date('2026-11-26T05:04:03Z'))).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}( \S+)?$/);
  });

  it('formats ages coarsely', () => {
    expect(formatAge(-500)).toBe('0 s ago');
    expect(formatAge(12_400)).toBe('12 s ago');
    expect(formatAge(5 * 60_000)).toBe('5 min ago');
    expect(formatAge(3 * 3_600_000)).toBe('3 h ago');
    expect(formatAge(72 * 3_600_000)).toBe('3 d ago');
  });
});
