import { describe, expect, it } from 'vitest';
import { formatLiveUsage, liveUsageByCamera } from './live-usage.js';

describe('live usage per camera', () => {
  const openedAt = '2026-11-30T10:00:00.000Z';

  it('adds up the main and sub sessions of a camera and keeps cameras apart', () => {
    const usage = liveUsageByCamera([
      { cameraId: 'gate', stream: 'sub', viewers: 3, bytesPerSecond: 40_000, openedAt },
      { cameraId: 'gate', stream: 'main', viewers: 1, bytesPerSecond: 250_000, openedAt },
      { cameraId: 'dock', stream: 'sub', viewers: 0, bytesPerSecond: 38_000, openedAt },
    ]);
    expect(usage.get('gate')).toEqual({ viewers: 4, bytesPerSecond: 290_000, streams: ['main', 'sub'] });
    expect(usage.get('dock')).toEqual({ viewers: 0, bytesPerSecond: 38_000, streams: ['sub'] });
    expect(usage.has('lobby')).toBe(false);
  });

  it('reads as viewers, streams and rate', () => {
    expect(formatLiveUsage(undefined)).toBe('not watched');
    expect(formatLiveUsage({ viewers: 1, bytesPerSecond: 310_400, streams: ['main'] })).toBe('1 viewer (main) · 310 kB/s');
    expect(formatLiveUsage({ viewers: 0, bytesPerSecond: 2_500_000, streams: ['main', 'sub'] })).toBe('0 viewers (main, sub) · 2.5 MB/s');
  });
});
