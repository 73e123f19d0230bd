import { describe, expect, it } from 'vitest';
import { parseTruth, scoreClip, type Interval } from './score.js';

const m = (start: number, end: number): Interval => ({ label: 'motion', start, end });

describe('scoreClip', () => {
  it('matches an event to every truth interval of its label it overlaps', () => {
    const score = scoreClip([m(1, 3), m(10, 20)], [m(2, 4), m(12, 13), m(18, 25), m(40, 41)]);
    expect(score).toMatchObject({ events: 2, matchedEvents: 2, truth: 4, matchedTruth: 3, precision: 1, recall: 0.75 });
    expect(score.f1).toBeCloseTo((2 * 0.75) / 1.75, 10);
  });

  it('counts an event that touches an interval at one end as overlapping it', () => {
    expect(scoreClip([m(1, 2)], [m(2, 3)]).precision).toBe(1);
    expect(scoreClip([m(1, 1.9)], [m(2, 3)]).precision).toBe(0);
  });

  it('never matches across labels', () => {
    expect(scoreClip([{ label: 'person', start: 1, end: 3 }], [m(1, 3)])).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('scores nothing found where there is nothing to find as perfect, and any event there as a false alarm', () => {
    expect(scoreClip([], [])).toMatchObject({ precision: 1, recall: 1, f1: 1, events: 0, truth: 0 });
    expect(scoreClip([m(1, 2)], [])).toMatchObject({ precision: 0, recall: 1, f1: 0 });
    expect(scoreClip([], [m(1, 2)])).toMatchObject({ precision: 1, recall: 0, f1: 0 });
  });

  it('counts an event on an optional interval as a match, and a missed optional interval as no miss', () => {
    const truth = [m(0, 5), { ...m(5, 20), optional: true }, m(20, 25)];
    expect(scoreClip([m(1, 2), m(10, 11), m(21, 22)], truth)).toMatchObject({ events: 3, matchedEvents: 3, truth: 2, precision: 1, recall: 1 });
    expect(scoreClip([m(1, 2), m(21, 22)], truth)).toMatchObject({ events: 2, truth: 2, precision: 1, recall: 1 });
    expect(scoreClip([m(10, 11)], truth)).toMatchObject({ events: 1, precision: 1, recall: 0 });
    // An event on nothing at all is still a false alarm.
    expect(scoreClip([m(30, 31)], truth)).toMatchObject({ events: 1, precision: 0 });
  });
});

describe('parseTruth', () => {
  it('reads intervals, keeping optional flags and ignoring notes', () => {
    expect(parseTruth({ clip: 'x', intervals: [{ label: 'motion', start: 1, end: 2, note: 'a car' }, { label: 'motion', start: 3, end: 4, optional: true }] }, 'x.json')).toEqual([
      { label: 'motion', start: 1, end: 2 },
      { label: 'motion', start: 3, end: 4, optional: true },
    ]);
  });

  it.each([
    [{}, /intervals/],
    [{ intervals: [{ label: '', start: 1, end: 2 }] }, /intervals\[0\]\.label/],
    [{ intervals: [{ label: 'motion', start: -1, end: 2 }] }, /intervals\[0\]\.start/],
    [{ intervals: [{ label: 'motion', start: 3, end: 2 }] }, /intervals\[0\]\.end/],
  ])('refuses a malformed truth naming the field (%#)', (value, message) => {
    expect(() => parseTruth(value, 'bad.json')).toThrow(message);
  });
});
