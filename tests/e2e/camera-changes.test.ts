import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

/** A running agent takes a new camera list without stopping the cameras that did not change. */
describe('camera list changes on a running agent', () => {
  let stack: Stack;
  const cameraConfig = (id: string) => ({ id, name: `Camera ${id.slice(4)}`, main: stack.sim.cameraUrls(id).main });

  beforeAll(async () => {
    stack = await startStack({ cameras: 2, segmentSeconds: 2, recordedCameras: 1 });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('starts recording an added camera while the existing one records on', async () => {
    await stack.waitForSegments('cam-1', 2);
    const restartsBefore = stack.edge.status().cameras.find((c) => c.id === 'cam-1')!.restarts;
    await stack.edge.applyCameras([cameraConfig('cam-1'), cameraConfig('cam-2')]);
    await stack.waitForSegments('cam-2', 2, { timeoutMs: 30_000 });
    const cam1 = stack.edge.status().cameras.find((c) => c.id === 'cam-1')!;
    expect(cam1.restarts).toBe(restartsBefore);
    expect(cam1.state).toBe('recording');
  });

  it('stops recording a removed camera and keeps the others', async () => {
    await stack.edge.applyCameras([cameraConfig('cam-2')]);
    expect(stack.edge.status().cameras.map((c) => c.id)).toEqual(['cam-2']);
    const stoppedAt = Date.now();
    // cam-2 keeps producing segments; cam-1 produces none that start after the stop.
    await stack.waitForSegments('cam-2', 2, { since: stoppedAt, timeoutMs: 30_000 });
    const late = (await stack.segments('cam-1')).filter((s) => Date.parse(s.startsAt) > stoppedAt);
    expect(late).toEqual([]);
  });
});
