import { describe, expect, it } from 'vitest';
import { mergeOverlapping } from './timeline-periods.js';

describe('mergeOverlapping', () => {
  it('draws an outage that the edge and the cloud both reported once, with the earlier reason', () => {
    expect(mergeOverlapping([
      { from: 10, to: 50, reason: 'no-recent-segment' },
      { from: 12, to: 60, reason: 'rtsp-timeout' },
    ])).toEqual([{ from: 10, to: 60, reason: 'no-recent-segment' }]);
  });

  it('keeps apart periods with time between them, oldest first, and swallows a period inside another', () => {
    expect(mergeOverlapping([
      { from: 100, to: 200, reason: 'b' },
      { from: 0, to: 50, reason: 'a' },
      { from: 120, to: 130, reason: 'c' },
      { from: 200, to: 210, reason: 'd' }, // touching: one stretch
    ])).toEqual([{ from: 0, to: 50, reason: 'a' }, { from: 100, to: 210, reason: 'b' }]);
  });

  it('returns nothing for nothing', () => {
    expect(mergeOverlapping([])).toEqual([]);
  });
});
