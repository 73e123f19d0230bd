import { describe, expect, it } from 'vitest';
import { CameraHealth, classifyExit } from './camera-health.js';

const T0 = Date.UTC(2026, 0, 1);

function tracker() {
  let n = 0;
  return new CameraHealth({ cameraId: 'cam-1', stream: 'main', newId: () => `id-${++n}` });
}

describe('CameraHealth', () => {
  it('opens a camera-offline event at the first fault and ends it, same id, when recording resumes', () => {
    const health = tracker();
    const [start] = health.fault('refused', T0, 'Connection refused');
    expect(start).toMatchObject({ id: 'id-1', phase: 'start', label: 'camera-offline', cameraId: 'cam-1', startedAt: T0, attributes: { reason: 'refused', detail: 'Connection refused' } });
    const [end] = health.recovered(T0 + 9000);
    expect(end).toMatchObject({ id: 'id-1', phase: 'end', label: 'camera-offline', startedAt: T0, endedAt: T0 + 9000 });
    expect(health.recovered(T0 + 10_000)).toEqual([]);
  });

  it('sends nothing for repeated faults of the same reason, and an update when the reason changes', () => {
    const health = tracker();
    health.fault('exited', T0);
    expect(health.fault('exited', T0 + 1000)).toEqual([]);
    const [update] = health.fault('unauthorized', T0 + 2000);
    expect(update).toMatchObject({ id: 'id-1', phase: 'update', startedAt: T0, attributes: { reason: 'unauthorized' } });
  });

  it('labels a frozen stream camera-stalled', () => {
    expect(tracker().fault('stalled', T0)[0]?.label).toBe('camera-stalled');
  });

  it('keeps a frozen picture as its own event, beside an outage, ended only when the picture moves', () => {
    const health = tracker();
    const [frozen] = health.froze(T0);
    expect(frozen).toMatchObject({ id: 'id-1', phase: 'start', label: 'camera-frozen', startedAt: T0, attributes: { reason: 'frozen' } });
    expect(health.froze(T0 + 1000)).toEqual([]);
    expect(health.fault('exited', T0 + 2000)[0]).toMatchObject({ id: 'id-2', label: 'camera-offline' });
    expect(health.recovered(T0 + 3000)[0]).toMatchObject({ id: 'id-2', phase: 'end' });
    expect(health.frozen?.id).toBe('id-1');
    const [moved] = health.moved(T0 + 4000);
    expect(moved).toMatchObject({ id: 'id-1', phase: 'end', label: 'camera-frozen', startedAt: T0, endedAt: T0 + 4000 });
    expect(health.moved(T0 + 5000)).toEqual([]);
    expect(health.frozen).toBeUndefined();
  });

  it('gives the next outage a new id', () => {
    const health = tracker();
    health.fault('exited', T0);
    health.recovered(T0 + 1);
    expect(health.fault('exited', T0 + 2)[0]?.id).toBe('id-2');
  });
});

describe('classifyExit', () => {
  it('reads the reason from ffmpeg error lines', () => {
    expect(classifyExit(['[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized'])).toBe('unauthorized');
    expect(classifyExit(['rtsp://***:***@127.0.0.1:1/x: Connection refused'])).toBe('refused');
    expect(classifyExit(['[rtsp @ 0x1] method DESCRIBE failed: 404 Not Found'])).toBe('refused');
    expect(classifyExit(['rtsp://h/x: Invalid data found when processing input'])).toBe('exited');
    expect(classifyExit([])).toBe('exited');
  });
});
