import { describe, expect, it } from 'vitest';
import { objectLabels, parseTruth, scoreClip, scoreLabel, type Interval, type TruthInterval } from './score.js';

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

describe('scoreLabel', () => {
  const person = (start: number, end: number): Interval => ({ label: 'person', start, end });
  const car = (start: number, end: number): Interval => ({ label: 'car', start, end });
  // A clip's truth with motion, person and car intervals in one file.
  const truth: TruthInterval[] = [m(0, 5), { ...m(5, 20), optional: true }, m(20, 25), person(1, 24), car(30, 40)];

  it('scores motion against the motion intervals only: object intervals in the same file change nothing', () => {
    const motionOnly = truth.filter((t) => t.label === 'motion');
    const events = [m(1, 2), m(21, 22), m(50, 51)];
    expect(scoreLabel(events, truth, 'motion')).toEqual(scoreClip(events, motionOnly));
    expect(scoreLabel(events, truth, 'motion')).toMatchObject({ events: 3, truth: 2, matchedEvents: 2, recall: 1 });
  });

  it('scores each object label against its own intervals, ignoring the events of other labels', () => {
    const events = [person(2, 10), person(12, 23), car(31, 33), m(1, 2)];
    expect(scoreLabel(events, truth, 'person')).toMatchObject({ events: 2, truth: 1, matchedEvents: 2, matchedTruth: 1, precision: 1, recall: 1 });
    expect(scoreLabel(events, truth, 'car')).toMatchObject({ events: 1, truth: 1, precision: 1, recall: 1 });
  });

  it('counts truth intervals that can each have an event of their own', () => {
    const visits = [person(5, 20), person(22, 45), person(50, 70), person(74, 87)];
    // One event carried from visit 3 into visit 4, and a short one in visit 4: the matching gives visit 3 the long one.
    expect(scoreLabel([person(7, 19), person(23, 43), person(51, 85), person(74.5, 75.5)], visits, 'person')).toMatchObject({ matchedTruth: 4, matchedTruthOneToOne: 4 });
    expect(scoreLabel([person(7, 19), person(23, 43), person(51, 85)], visits, 'person')).toMatchObject({ matchedTruth: 4, matchedTruthOneToOne: 3, recall: 1 });
    // Two cars in view at once, one event each: both found, whichever way the overlaps go.
    expect(scoreLabel([car(14, 19), car(15, 16)], [car(14.45, 18.3), car(14.9, 19.1)], 'car')).toMatchObject({ matchedTruthOneToOne: 2 });
  });

  it('scores a label the truth lacks as precision 0, and one nothing found as recall 0', () => {
    expect(scoreLabel([{ label: 'truck', start: 31, end: 33 }], truth, 'truck')).toMatchObject({ events: 1, truth: 0, precision: 0, recall: 1, f1: 0 });
    expect(scoreLabel([], truth, 'car')).toMatchObject({ events: 0, truth: 1, precision: 1, recall: 0, f1: 0 });
  });
});

describe('objectLabels', () => {
  it('lists every label but motion from the truth and the events, once, sorted', () => {
    expect(objectLabels([m(0, 1), { label: 'person', start: 0, end: 1 }], [{ label: 'truck', start: 0, end: 1 }, { label: 'person', start: 2, end: 3 }])).toEqual(['person', 'truck']);
    expect(objectLabels([m(0, 1)])).toEqual([]);
  });
});

describe('parseTruth', () => {
  it('reads intervals of any label, keeping optional flags and ignoring notes', () => {
    expect(parseTruth({ intervals: [{ label: 'car', start: 1, end: 2, note: 'silver' }] }, 'x.json')).toEqual([{ label: 'car', start: 1, end: 2 }]);
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
