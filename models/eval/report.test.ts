import { describe, expect, it } from 'vitest';
import { clipReport, formatObjectRows, formatTable, objectReport, percentile } from './report.js';
import { scoreClip } from './score.js';

describe('clipReport and formatTable', () => {
  const detections = [{ label: 'motion', start: 1.23456, end: 4.5 }];
  const report = clipReport('parking-lot', 'motion', scoreClip(detections, [{ label: 'motion', start: 2, end: 3 }, { label: 'motion', start: 9, end: 10 }]), detections);

  it('carries the JSON fields with scores and times rounded to milliseconds', () => {
    expect(report).toEqual({ name: 'parking-lot', label: 'motion', precision: 1, recall: 0.5, f1: 0.667, events: 1, truth: 2, detections: [{ label: 'motion', start: 1.235, end: 4.5 }] });
  });

  it('prints one aligned line per clip under a header', () => {
    const lines = formatTable([report, clipReport('dimming', 'motion', scoreClip([], []), [])]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^clip\s+label\s+events\s+truth\s+precision\s+recall\s+F1\s+events found \(s\)$/);
    expect(lines[1]).toMatch(/^parking-lot\s+motion\s+1\s+2\s+1\.00\s+0\.50\s+0\.67\s+1\.2-4\.5$/);
    expect(lines[2]).toMatch(/^dimming\s+motion\s+0\s+0\s+1\.00\s+1\.00\s+1\.00\s+-$/);
  });

  it('prints object rows in the same table, under their label', () => {
    const person = objectReport('people.mp4', 'person', scoreClip([{ label: 'person', start: 7, end: 19 }], [{ label: 'person', start: 6, end: 20 }]), [{ label: 'person', start: 7, end: 19 }], { sent: 39, frames: 697, inferenceMs: [400] });
    expect(formatTable([report, person]).split('\n')[2]).toMatch(/^people\.mp4\s+person\s+1\s+1\s+1\.00\s+1\.00\s+1\.00\s+7\.0-19\.0$/);
  });
});

describe('objectReport', () => {
  const cost = { sent: 39, frames: 697, inferenceMs: [420, 380, 900, 400, 410, 395, 405, 390, 415, 385] };
  const detections = [{ label: 'person', start: 7, end: 19 }];
  const report = objectReport('people.mp4', 'person', scoreClip(detections, [{ label: 'person', start: 6, end: 20 }, { label: 'person', start: 23, end: 44 }]), detections, cost);

  it('carries the motion row fields plus what the object stage cost', () => {
    expect(report).toEqual({
      name: 'people.mp4', label: 'person', precision: 1, recall: 0.5, f1: 0.667, events: 1, truth: 2, detections, recallOneToOne: 0.5,
      sent: 39, frames: 697, sentShare: 0.056, inferenceMsP50: 400, inferenceMsP95: 900,
    });
  });

  it('leaves the cost fields off motion rows', () => {
    expect(Object.keys(clipReport('a', 'motion', scoreClip([], []), []))).toEqual(['name', 'label', 'precision', 'recall', 'f1', 'events', 'truth', 'detections']);
  });

  it('lists one line per object row with its one-to-one recall and the clip\'s object stage, none for motion rows', () => {
    const car = objectReport('people.mp4', 'car', scoreClip([], []), [], cost);
    const lines = formatObjectRows([report, car, clipReport('b', 'motion', scoreClip([], []), [])]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^people\.mp4\s+person\s+0\.50\s+39\s+697\s+5\.6%\s+400\s+900$/);
    expect(lines[2]).toMatch(/^people\.mp4\s+car\s+1\.00\s+39/);
    expect(formatObjectRows([clipReport('b', 'motion', scoreClip([], []), [])])).toBe('');
  });

  it('gives one-to-one recall below recall when one event spans two objects', () => {
    const truth = [{ label: 'person', start: 50, end: 70 }, { label: 'person', start: 74, end: 87 }];
    const merged = objectReport('p', 'person', scoreClip([{ label: 'person', start: 51, end: 85 }], truth), [], cost);
    expect(merged).toMatchObject({ recall: 1, recallOneToOne: 0.5 });
  });
});

describe('percentile', () => {
  it('picks by nearest rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});
