import { describe, expect, it } from 'vitest';
import { dayOf, fromDateInputValue, isCurrentDay, shiftDay, toDateInputValue } from './timeline-day.js';

describe('timeline day', () => {
  it('runs from local midnight to the next', () => {
    const day = dayOf(new Date(2026, 10, 30, 15, 42));
    expect(day.from).toBe(new Date(2026, 10, 30).getTime());
    expect(day.to).toBe(new Date(2026, 11, 1).getTime());
  });

  it('round-trips through a date input value, and refuses what is not a date', () => {
    const day = dayOf(new Date(2026, 0, 5, 8));
    expect(toDateInputValue(day.from)).toBe('2026-01-05');
    expect(fromDateInputValue('2026-01-05')).toEqual(day);
    expect(fromDateInputValue('2026-02-30')).toBeNull();
    expect(fromDateInputValue('')).toBeNull();
  });

  it('steps to the previous and next day across month ends', () => {
    const day = dayOf(new Date(2026, 10, 30, 9));
    expect(toDateInputValue(shiftDay(day.from, 1).from)).toBe('2026-12-01');
    expect(toDateInputValue(shiftDay(day.from, -1).from)).toBe('2026-11-29');
  });

  it('knows whether a day is the current one', () => {
    const day = dayOf(new Date(2026, 10, 30, 9));
    expect(isCurrentDay(day, new Date(2026, 10, 30, 23, 59).getTime())).toBe(true);
    expect(isCurrentDay(day, day.to)).toBe(false);
  });
});
