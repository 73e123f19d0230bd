import { describe, expect, it } from 'vitest';
import { clipReport, formatTable } from './report.js';
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
});
