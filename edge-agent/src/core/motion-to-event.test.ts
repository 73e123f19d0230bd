import { describe, expect, it } from 'vitest';
import type { MotionEventPhase } from './motion-types.js';
import { motionEvent } from './motion-to-event.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const phase = (over: Partial<MotionEventPhase> = {}): MotionEventPhase => ({
  phase: 'start', id: 'mo-1', startedAt: T0, box: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 }, zones: ['Gate'], peakArea: 0.012345, peakAt: T0 + 200, ...over,
});

describe('motionEvent', () => {
  it('turns a tracker phase into a motion event with the peak area and time as attributes', () => {
    expect(motionEvent(phase(), { cameraId: 'cam-1', stream: 'sub' })).toEqual({
      id: 'mo-1', phase: 'start', cameraId: 'cam-1', stream: 'sub', label: 'motion', score: 1,
      box: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 }, zones: ['Gate'],
      attributes: { peakArea: '0.0123', peakAt: new Date(T0 + 200).toISOString() }, startedAt: T0,
    });
  });

  it('carries the end and the snapshot key, and keeps the box inside the picture', () => {
    const event = motionEvent(phase({ phase: 'end', endedAt: T0 + 5000, box: { x: 0.9, y: -0.01, width: 0.2, height: 1.2 } }), { cameraId: 'cam-1', stream: 'main', snapshotKey: 'org/default/cam/cam-1/x.jpg' });
    expect(event).toMatchObject({ phase: 'end', endedAt: T0 + 5000, snapshotKey: 'org/default/cam/cam-1/x.jpg' });
    expect(event.box!.x + event.box!.width).toBeLessThanOrEqual(1);
    expect(event.box).toMatchObject({ y: 0, height: 1 });
  });
});
