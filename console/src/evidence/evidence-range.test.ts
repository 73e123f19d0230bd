import { describe, expect, it } from 'vitest';
import { EXPORT_MAX_MS, NO_MARKS, chooseRange, describeLength, describeRange, exportRangeProblem, marksWithin, setMark } from './evidence-range.js';

const T0 = Date.parse('2026-11-26T10:00:00Z');
const MIN = 60_000;
const view = { from: T0, to: T0 + 10 * MIN };

describe('evidence range', () => {
  it('takes the visible view without marks, cut at now', () => {
    expect(chooseRange(NO_MARKS, view, T0 + 60 * MIN)).toEqual({ ok: true, range: view, source: 'view' });
    expect(chooseRange(NO_MARKS, view, T0 + 4 * MIN)).toEqual({ ok: true, range: { from: T0, to: T0 + 4 * MIN }, source: 'view' });
  });

  it('takes the range between the marks, and one mark to the edge of the view on its side', () => {
    const nowMs = T0 + 60 * MIN;
    expect(chooseRange({ in: T0 + MIN, out: T0 + 3 * MIN }, view, nowMs)).toEqual({ ok: true, range: { from: T0 + MIN, to: T0 + 3 * MIN }, source: 'marks' });
    expect(chooseRange({ in: T0 + MIN, out: null }, view, nowMs)).toMatchObject({ range: { from: T0 + MIN, to: view.to } });
    expect(chooseRange({ in: null, out: T0 + 2 * MIN }, view, nowMs)).toMatchObject({ range: { from: view.from, to: T0 + 2 * MIN } });
  });

  it('refuses an empty range, and one that starts in the future', () => {
    const nowMs = T0 + 60 * MIN;
    expect(chooseRange({ in: T0 + MIN, out: T0 + MIN }, view, nowMs)).toEqual({ ok: false, message: 'Mark in and mark out are the same instant' });
    expect(chooseRange({ in: nowMs + MIN, out: null }, { from: T0, to: nowMs + 5 * MIN }, nowMs)).toMatchObject({ ok: false, message: expect.stringContaining('future') });
  });

  it('keeps mark in before mark out, whichever is placed last', () => {
    expect(setMark(setMark(NO_MARKS, 'in', T0 + 5 * MIN), 'out', T0 + MIN)).toEqual({ in: T0 + MIN, out: T0 + 5 * MIN });
    expect(setMark({ in: T0, out: T0 + MIN }, 'in', T0 + 2 * MIN)).toEqual({ in: T0 + MIN, out: T0 + 2 * MIN });
    expect(setMark({ in: T0, out: null }, 'in', T0 + MIN)).toEqual({ in: T0 + MIN, out: null });
  });

  it('refuses exports longer than the contract allows, before asking the cloud', () => {
    expect(exportRangeProblem({ from: T0, to: T0 + EXPORT_MAX_MS })).toBeNull();
    expect(exportRangeProblem({ from: T0, to: T0 + EXPORT_MAX_MS + 1 })).toMatch(/at most 24 h/);
  });

  it('drops marks outside the day shown', () => {
    expect(marksWithin({ in: T0 - 1, out: T0 + MIN }, view)).toEqual({ in: null, out: T0 + MIN });
  });
});

describe('describeRange', () => {
  const utc = (date: Date): string => `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)} UTC`;
  it('names the day once when the range stays in it, with its length', () => {
    expect(describeRange({ from: T0, to: T0 + 5 * MIN }, utc)).toBe('2026-11-26 10:00:00 – 10:05:00 UTC (5 min)');
    expect(describeRange({ from: T0, to: T0 + 30 * 3_600_000 }, utc)).toBe('2026-11-26 10:00:00 UTC – 2026-11-27 16:00:00 UTC (30 h)');
    expect(describeLength(45_000)).toBe('45 s');
  });
});
