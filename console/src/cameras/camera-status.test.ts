import { describe, expect, it } from 'vitest';
import { cameraStatus } from './camera-status.js';

describe('camera status', () => {
  it("is online whenever the cloud says so", () => {
    expect(cameraStatus({ online: true, lastSegmentAt: '2026-11-26T05:00:00.000Z' })).toBe('online');
  });

  it('is offline for a camera that recorded before but is not online now', () => {
    expect(cameraStatus({ online: false, lastSegmentAt: '2026-11-26T05:00:00.000Z' })).toBe('offline');
  });

  it('is never for a camera without any segment', () => {
    expect(cameraStatus({ online: false, lastSegmentAt: null })).toBe('never');
  });
});
