import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION, type DetectionSettings } from '@argus/contracts';
import type { CloudService } from 'argus-cloud';
import type { EdgeAgent } from '../../src/index.js';
import { startEdgeHarness, waitFor, type EdgeHarness } from '../support/edge-harness.js';
import { ffmpegChildren } from '../support/processes.js';

interface CloudEvent {
  id: string;
  phase: 'start' | 'update' | 'end';
  cameraId: string;
  stream: string;
  label: string;
  score: number | null;
  box: { x: number; y: number; width: number; height: number } | null;
  attributes: Record<string, string>;
  startedAt: string;
  endedAt: string | null;
  snapshotKey: string | null;
}

/** The whole picture, as a mask: nothing is looked at. */
const EVERYTHING: DetectionSettings['masks'] = [[[0, 0], [1, 0], [1, 1], [0, 1]]];

/**
 * Motion detection end to end: the simulator's parking-lot scene (cars drive
 * in and out, a person walks across; docs/simulators.md) → the agent's detect
 * stream (the camera's sub stream) → motion events with snapshots in the
 * cloud. cam-1 detects with the defaults; cam-2 plays the same scene with a
 * mask over the whole picture.
 */
describe('motion events', () => {
  let h: EdgeHarness;
  let cloud: CloudService;
  let agent: EdgeAgent;

  beforeAll(async () => {
    h = await startEdgeHarness({ cameras: 2, scenes: { 'cam-1': 'parking-lot', 'cam-2': 'parking-lot' } });
    cloud = await h.startCloud();
    const base = h.config();
    agent = await h.startAgent({
      cameras: base.cameras.map((c) => ({
        id: c.id, name: c.name, main: c.main, sub: h.sim.cameraUrls(c.id).sub,
        ...(c.id === 'cam-2' ? { detect: { masks: EVERYTHING } } : {}),
      })),
    });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  const motionEvents = async (cameraId: string): Promise<CloudEvent[]> => {
    const response = await fetch(`${h.cloudUrl}/api/events?cameraId=${cameraId}&label=motion&limit=1000`, { headers: h.adminHeaders });
    if (response.status === 404) return [];
    expect(response.status).toBe(200);
    return ((await response.json()) as { events: CloudEvent[] }).events;
  };
  const detect = (id: string) => agent.status().cameras.find((c) => c.id === id)!.detect!;

  it('raises motion events start → update* → end in the cloud, each with a snapshot that is a JPEG of the moment', async () => {
    // Each event's phases as the cloud shows them, in the order seen (the cloud keeps the latest phase of an id).
    const seen = new Map<string, string[]>();
    // The scene loops every 40 s; its quiet spell (38-42 s) ends the event its cars and walker make.
    const ended = await waitFor('a motion event of cam-1 ended in the cloud', async () => {
      for (const e of await motionEvents('cam-1')) {
        const phases = seen.get(e.id) ?? [];
        if (phases.at(-1) !== e.phase) phases.push(e.phase);
        seen.set(e.id, phases);
      }
      const done = (await motionEvents('cam-1')).filter((e) => e.phase === 'end');
      return done.length >= 1 ? done : undefined;
    }, 150_000, 100);

    for (const [id, phases] of seen) {
      // Phases only move forward; one that started while we watched was seen as a start first.
      // (one still running when the wait ended has no end yet).
      expect(`${phases.join(' ')} `, id).toMatch(/^(start )?(update )*(end )?$/);
    }
    expect([...seen.values()].some((p) => p[0] === 'start' && p.at(-1) === 'end'), 'an event seen from its start to its end').toBe(true);

    for (const event of ended) {
      expect(event).toMatchObject({ cameraId: 'cam-1', stream: 'sub', label: 'motion', score: 1 });
      expect(Date.parse(event.endedAt!)).toBeGreaterThan(Date.parse(event.startedAt));
      expect(Number(event.attributes.peakArea)).toBeGreaterThan(0);
      expect(event.box!.width * event.box!.height).toBeGreaterThan(0);
      expect(event.snapshotKey, `${event.id} has a snapshot`).toMatch(/^org\/default\/cam\/cam-1\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/\d+-sub\.jpg$/);
      const media = await fetch(`${h.cloudUrl}/api/media/${event.snapshotKey}`, { headers: h.adminHeaders });
      expect(media.status, event.snapshotKey!).toBe(200);
      expect(media.headers.get('content-type')).toBe('image/jpeg');
      const jpeg = Buffer.from(await media.arrayBuffer());
      expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      expect(jpeg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
      // The snapshot was taken during the event (its key is its time).
      const takenAt = Number(/\/(\d+)-sub\.jpg$/.exec(event.snapshotKey!)![1]);
      expect(takenAt).toBeGreaterThanOrEqual(Date.parse(event.startedAt) - 1500);
      expect(takenAt).toBeLessThanOrEqual(Date.parse(event.endedAt!) + 1500);
    }
    // The camera announced both of its streams.
    const camera = (await (await fetch(`${h.cloudUrl}/api/cameras/cam-1`, { headers: h.adminHeaders })).json()) as { streams?: string[]; camera?: { streams: string[] } };
    expect(camera.camera?.streams ?? camera.streams).toEqual(['main', 'sub']);
  }, 180_000);

  it('raises nothing on a camera whose mask covers the whole picture, though it decodes the same scene', async () => {
    expect(detect('cam-2')).toMatchObject({ state: 'running', stream: 'sub', events: 0 });
    expect(detect('cam-2').frames).toBeGreaterThan(100);
    expect(await motionEvents('cam-2')).toEqual([]);
  });

  it('applies configure-detection from the control channel to the running camera: the decoder restarts for a new frame size only, the recorder never', async () => {
    const [agentId] = await waitFor('the control channel', () => cloud.app.argus.controlHub.connectedAgents().at(0), 15_000, 100).then((id) => [id]);
    const command = async (args: object) => {
      const res = await fetch(`${h.cloudUrl}/api/agents/${agentId}/commands`, { method: 'POST', headers: { ...h.adminHeaders, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'configure-detection', args }) });
      return (await res.json()) as { ok: boolean; result?: unknown; error?: { code: string }; code?: string };
    };
    const decoderStarts = () => h.logLines.filter((l) => l.includes('"frame decoder running"') && l.includes('"cameraId":"cam-1"')).length;
    const recorderRestarts = agent.status().cameras[0]!.restarts;
    const startsBefore = decoderStarts();

    const smaller = { ...DEFAULT_DETECTION, fps: 3, height: 90 };
    expect(await command({ cameraId: 'cam-1', detection: smaller })).toEqual({ id: expect.any(String), ok: true, result: { cameraId: 'cam-1', stream: 'sub' } });
    expect(detect('cam-1').settings).toEqual(smaller);
    await waitFor('the decoder running at the new size', () => (detect('cam-1').state === 'running' && detect('cam-1').height === 90) || undefined, 20_000, 100);
    expect(detect('cam-1').width).toBe(160);
    expect(decoderStarts()).toBe(startsBefore + 1);

    // Sensitivity and zones need no new decoder.
    const zoned = { ...smaller, sensitivity: 0.8, zones: [{ name: 'Lane', polygon: [[0, 0.3], [1, 0.3], [1, 0.6], [0, 0.6]] }] };
    expect((await command({ cameraId: 'cam-1', detection: zoned })).ok).toBe(true);
    const framesAfter = detect('cam-1').frames;
    await waitFor('frames after the change', () => detect('cam-1').frames > framesAfter + 5 || undefined, 20_000, 100);
    expect(decoderStarts()).toBe(startsBefore + 1);
    expect(detect('cam-1').settings).toEqual(zoned);
    expect(agent.status().cameras[0]).toMatchObject({ restarts: recorderRestarts, state: 'recording' });

    // Kept for the next start, in the agent's camera list.
    const stored = JSON.parse(await readFile(join(h.edgeDir, 'cameras.json'), 'utf8')) as { cameras: Array<{ id: string; detect?: unknown; sub?: string }> };
    expect(stored.cameras.find((c) => c.id === 'cam-1')).toMatchObject({ detect: zoned, sub: h.sim.cameraUrls('cam-1').sub });

    // Switched off: the decoder stops; the camera still records.
    expect((await command({ cameraId: 'cam-1', detection: { ...zoned, enabled: false } })).ok).toBe(true);
    expect(detect('cam-1').state).toBe('off');
    // Out of bounds: the cloud refuses it before it reaches the agent.
    expect(await command({ cameraId: 'cam-1', detection: { ...zoned, fps: 99 } })).toMatchObject({ code: 'CLD_ERR_VALIDATION' });
  }, 60_000);

  it('restarts a decoder that died, and the camera detects again', async () => {
    const before = detect('cam-2');
    const decoders = (await ffmpegChildren(process.pid)).filter((p) => p.args.includes('rawvideo') && p.args.some((a) => a.includes('/cam-2/sub')));
    expect(decoders).toHaveLength(1);
    process.kill(decoders[0]!.pid, 'SIGKILL');
    await waitFor('the decoder restarted', () => (detect('cam-2').restarts > before.restarts && detect('cam-2').state === 'running') || undefined, 30_000, 100);
    const frames = detect('cam-2').frames;
    await waitFor('frames from the new decoder', () => detect('cam-2').frames > frames + 10 || undefined, 20_000, 100);
    expect(agent.status().cameras.find((c) => c.id === 'cam-2')!.state).toBe('recording');
  }, 60_000);

  it('kills a decoder whose frames stop while its connection stays up, and detects again once they flow', async () => {
    const before = detect('cam-2');
    const stoppedAt = Date.now();
    h.sim.setFault('cam-2', { kind: 'drop-rtp' });
    await waitFor('the stalled decoder restarted', () => detect('cam-2').restarts > before.restarts || undefined, 30_000, 100);
    // Killed by the watchdog: no frame for stallTimeoutMs (8 s), not at once.
    expect(Date.now() - stoppedAt).toBeGreaterThan(7000);
    h.sim.clearFault('cam-2', 'drop-rtp');
    const frames = detect('cam-2').frames;
    await waitFor('frames again', () => (detect('cam-2').state === 'running' && detect('cam-2').frames > frames + 10) || undefined, 40_000, 100);
  }, 90_000);
});
