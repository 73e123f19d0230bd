import { describe, expect, it } from 'vitest';
import { formatViewState, parseViewState } from './view-state.js';

describe('view state in the URL', () => {
  it('shows nothing without a camera', () => {
    expect(parseViewState('')).toEqual({ state: { kind: 'none' } });
    expect(parseViewState('?camera=')).toEqual({ state: { kind: 'none' } });
  });

  it('reads a camera alone as the live view', () => {
    expect(parseViewState('?camera=cam-1')).toEqual({ state: { kind: 'live', cameraId: 'cam-1' } });
  });

  it('reads a camera with from and to as a range, in ISO or epoch ms', () => {
    const parsed = parseViewState('?camera=cam-1&from=2026-11-26T05:00:00.000Z&to=1795669500000');
    expect(parsed.state).toEqual({
      kind: 'range',
      cameraId: 'cam-1',
      from: new Date('2026-11-26T05:00:00.000Z'),
      to: new Date(1795669500000),
    });
  });

  it('falls back to live with a warning for a broken or reversed range', () => {
    for (const search of [
      '?camera=cam-1&from=yesterday&to=2026-11-26T05:00:00Z',
      '?camera=cam-1&from=2026-11-26T05:00:00Z',
      '?camera=cam-1&from=2026-11-26T06:00:00Z&to=2026-11-26T05:00:00Z',
    ]) {
      const parsed = parseViewState(search);
      expect(parsed.state).toEqual({ kind: 'live', cameraId: 'cam-1' });
      expect(parsed.warning).toMatch(/invalid time range/);
    }
  });

  it('round-trips every view through the query string', () => {
    const views = [
      { kind: 'none' },
      { kind: 'live', cameraId: 'cam 1/é' },
      { kind: 'range', cameraId: 'cam-1', from: new Date('2026-11-26T05:00:00Z'), to: new Date('2026-11-26T05:05:00Z') },
    ] as const;
    for (const view of views) expect(parseViewState(formatViewState(view)).state).toEqual(view);
    expect(formatViewState(views[2])).toBe(
      '?camera=cam-1&from=2026-11-26T05%3A00%3A00.000Z&to=2026-11-26T05%3A05%3A00.000Z',
    );
  });
});
