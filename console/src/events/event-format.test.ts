import { describe, expect, it } from 'vitest';
import { formatEventDuration, formatScore, formatSeconds, objectDetails, pathCentres } from './event-format.js';

describe('event formatting', () => {
  it('writes objects\' scores as whole percentages, and nothing for motion', () => {
    expect(formatScore({ label: 'person', score: 0.8749 })).toBe('87 %');
    expect(formatScore({ label: 'car', score: 1 })).toBe('100 %');
    expect(formatScore({ label: 'dog', score: null })).toBeNull();
    expect(formatScore({ label: 'motion', score: 1 })).toBeNull();
  });

  it('writes durations coarser as they grow', () => {
    expect(formatSeconds(4.4)).toBe('4 s');
    expect(formatSeconds(60)).toBe('1 min');
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatSeconds(3780)).toBe('1 h 3 min');
    expect(formatSeconds(7200)).toBe('2 h');
    expect(formatEventDuration({ startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:00:06.400Z' })).toBe('6 s');
    expect(formatEventDuration({ startedAt: '2026-01-01T00:00:00.000Z', endedAt: null })).toBe('ongoing');
  });

  it('reads an object event\'s colour, dwell and stillness, and nothing from a motion event', () => {
    expect(objectDetails({ color: 'red', dwellSeconds: '12.3', stationary: 'false' })).toEqual({ color: 'red', dwell: '12 s', stationary: false });
    expect(objectDetails({ dwellSeconds: '95.0', stationary: 'true' })).toEqual({ color: undefined, dwell: '1 min 35 s', stationary: true });
    expect(objectDetails({})).toEqual({ color: undefined, dwell: undefined, stationary: undefined });
    expect(objectDetails({ dwellSeconds: 'soon', color: ' ' })).toEqual({ color: undefined, dwell: undefined, stationary: undefined });
  });

  it('turns a path into the centres of its boxes', () => {
    const path = [
      { at: 1, box: { x: 0.1, y: 0.2, width: 0.2, height: 0.4 } },
      { at: 2, box: { x: 0.5, y: 0.5, width: 0.1, height: 0.1 } },
    ];
    expect(pathCentres(path).map(([x, y]) => [Number(x.toFixed(6)), Number(y.toFixed(6))])).toEqual([[0.2, 0.4], [0.55, 0.55]]);
    expect(pathCentres([])).toEqual([]);
  });
});
