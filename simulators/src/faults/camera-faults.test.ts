import { describe, expect, it } from 'vitest';
import { CameraFaults } from './camera-faults.js';

describe('CameraFaults', () => {
  it('holds one fault per kind, the latest replacing the earlier', () => {
    const f = new CameraFaults();
    f.set({ kind: 'bitrate-spike', factor: 2 }, 0);
    f.set({ kind: 'bitrate-spike', factor: 8, durationMs: 100 }, 10);
    expect(f.list()).toEqual([{ fault: { kind: 'bitrate-spike', factor: 8, durationMs: 100 }, sinceMs: 10, untilMs: 110 }]);
    expect(f.paddingFactor).toBe(8);
  });

  it('expires timed faults at their end and reports them', () => {
    const f = new CameraFaults();
    f.set({ kind: 'reboot', durationMs: 3000 }, 1000);
    f.set({ kind: 'drop-rtp' }, 1000);
    expect(f.online).toBe(false);
    expect(f.nextExpiryMs()).toBe(4000);
    expect(f.expire(3999)).toEqual([]);
    expect(f.expire(4000)).toEqual([{ kind: 'reboot', durationMs: 3000 }]);
    expect(f.online).toBe(true);
    expect(f.has('drop-rtp')).toBe(true);
    expect(f.nextExpiryMs()).toBeUndefined();
  });

  it('derives online, padding and clock offset from what is active', () => {
    const f = new CameraFaults();
    expect([f.online, f.paddingFactor, f.clockOffsetMs]).toEqual([true, 1, 0]);
    f.set({ kind: 'offline' }, 0);
    f.set({ kind: 'clock-skew', offsetMs: -5000 }, 0);
    expect([f.online, f.clockOffsetMs]).toEqual([false, -5000]);
    expect(f.clear('offline')).toEqual({ kind: 'offline' });
    expect(f.clear('offline')).toBeUndefined();
    expect(f.online).toBe(true);
  });
});
