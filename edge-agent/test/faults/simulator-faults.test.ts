import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_EVENT_LABELS } from '@argus/contracts';
import type { SceneInput } from 'argus-sim';
import type { EdgeAgent } from '../../src/index.js';
import { startEdgeHarness, waitFor, type EdgeHarness } from '../support/edge-harness.js';

/**
 * Every camera fault the simulator can play, end to end with real parts:
 * simulator → edge agent (real ffmpeg) → cloud (`GET /api/events`). One
 * harness for all cases, run one after another on cam-1; cam-2 (the same
 * clip) must record on untouched throughout, and cam-3 (a still scene with
 * faint sensor noise, the hard case for freeze detection) must never be
 * called frozen. Each case measures how long after the fault the event was
 * in the cloud; the table is printed at the end.
 */

interface CloudEvent {
  id: string;
  phase: 'start' | 'update' | 'end';
  cameraId: string;
  label: string;
  attributes: Record<string, string>;
  startedAt: string;
  endedAt: string | null;
  source: 'edge' | 'cloud';
}

/** A live but still scene: the parking lot's textured tarmac, no objects, ±1 grey level of sensor noise. */
const STILL_SCENE: SceneInput = {
  kind: 'script',
  source: { name: 'still-lot', width: 640, height: 360, fps: 10, durationSec: 20, background: { color: '#5a5e63', texture: 30, grain: 48, noise: 1 }, objects: [] },
};

const DETECTION_LIMIT_MS = 10_000;

interface Measured {
  fault: string;
  event: string;
  reason: string;
  /** Event start (as dated by the agent) minus the fault's time. */
  startOffsetMs: number;
  /** Fault → event visible in the cloud, wall time. */
  detectedMs: number;
  /** Fault cleared → event ended in the cloud. */
  endedMs: number;
  /** Fault cleared → a segment recorded after it indexed in the cloud. */
  recoveredMs: number;
}

describe('simulator faults, end to end', () => {
  let h: EdgeHarness;
  let agent: EdgeAgent;
  const measured: Measured[] = [];

  beforeAll(async () => {
    h = await startEdgeHarness({ cameras: 3, scenes: { 'cam-3': STILL_SCENE } });
    await h.startCloud();
    agent = await h.startAgent();
    await waitFor('all cameras recording', () => agent.status().cameras.every((c) => c.recorded >= 2) || undefined, 90_000);
  }, 150_000);

  afterAll(async () => {
    if (measured.length > 0) {
      console.info(`detection latency per fault (limit ${DETECTION_LIMIT_MS} ms)\n${measured.map((m) => JSON.stringify(m)).join('\n')}`);
    }
    await h?.stop();
  });

  const edgeEvents = async (cameraId: string, label?: string): Promise<CloudEvent[]> => {
    const response = await fetch(`${h.cloudUrl}/api/events?cameraId=${cameraId}&limit=1000${label ? `&label=${label}` : ''}`, { headers: h.adminHeaders });
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: CloudEvent[] };
    return events.filter((e) => e.source === 'edge');
  };
  const camera = (id: string) => agent.status().cameras.find((c) => c.id === id)!;

  /**
   * Injects a fault on cam-1 and follows it through: the event reaches the
   * cloud within the limit, cam-2 records on, the fault is cleared, the event
   * ends and new segments of cam-1 are indexed.
   */
  async function followFault(spec: {
    fault: string;
    label: string;
    inject: () => void;
    /** Clears the fault; returns when it was cleared (epoch ms). Default: clear the kind at once. */
    clear?: () => Promise<number> | number;
    /** The event is the one sought once this holds (a reason read from ffmpeg can change while down). */
    matches?: (event: CloudEvent) => boolean;
    /** Earliest acceptable start, relative to the fault (ms); negative for events dated before it. */
    earliestStartMs?: number;
    /** Latest acceptable start, relative to the fault (ms). */
    latestStartMs: number;
    holdMs?: number;
  }): Promise<CloudEvent> {
    const known = new Set((await edgeEvents('cam-1')).map((e) => e.id));
    const otherBefore = camera('cam-2').recorded;
    const faultAt = Date.now();
    spec.inject();
    const event = await waitFor(`${spec.label} of the ${spec.fault} fault in the cloud`, async () => {
      const found = (await edgeEvents('cam-1', spec.label)).find((e) => !known.has(e.id) && (spec.matches?.(e) ?? true));
      return found;
    }, 20_000, 100);
    const detectedMs = Date.now() - faultAt;
    const startOffsetMs = Date.parse(event.startedAt) - faultAt;
    expect(detectedMs, `${spec.fault}: fault → ${spec.label} in the cloud (ms)`).toBeLessThan(DETECTION_LIMIT_MS);
    expect(startOffsetMs, `${spec.fault}: event start vs fault (ms)`).toBeGreaterThanOrEqual(spec.earliestStartMs ?? -250);
    expect(startOffsetMs, `${spec.fault}: event start vs fault (ms)`).toBeLessThan(spec.latestStartMs);

    if (spec.holdMs) await new Promise((resolve) => setTimeout(resolve, spec.holdMs));
    const clearedAt = spec.clear ? await spec.clear() : (h.sim.clearFault('cam-1', spec.fault as never), Date.now());
    await waitFor(`the end of ${spec.label} (${spec.fault})`, async () => {
      const ended = (await edgeEvents('cam-1', spec.label)).find((e) => e.id === event.id && e.phase === 'end');
      return ended;
    }, 40_000, 200);
    const endedMs = Date.now() - clearedAt;
    await waitFor(`new cam-1 segments indexed after the ${spec.fault} fault`, async () => {
      const fresh = (await h.segments('cam-1')).filter((s) => Date.parse(s.startsAt) >= clearedAt);
      return fresh.length >= 1 || undefined;
    }, 40_000, 250);
    const recoveredMs = Date.now() - clearedAt;

    // The agent ran on: every camera is still there, cam-1 records, cam-2 never stopped.
    const status = agent.status();
    expect(status.cameras.map((c) => c.id)).toEqual(['cam-1', 'cam-2', 'cam-3']);
    expect(camera('cam-1')).toMatchObject({ state: 'recording', fault: undefined, frozenSince: undefined });
    expect(camera('cam-2').recorded, 'cam-2 recorded during the fault').toBeGreaterThan(otherBefore);
    expect(camera('cam-2').state).toBe('recording');
    measured.push({ fault: spec.fault, event: spec.label, reason: event.attributes.reason ?? '', startOffsetMs, detectedMs, endedMs, recoveredMs });
    return event;
  }

  /** A frozen picture on cam-1, followed through. */
  const followFreeze = (): Promise<CloudEvent> =>
    followFault({
      fault: 'freeze',
      label: 'camera-frozen',
      inject: () => h.sim.setFault('cam-1', { kind: 'freeze' }),
      // Dated at the last real keyframe before the fault: up to one GOP (1 s) and a bit of transit earlier.
      earliestStartMs: -2000,
      latestStartMs: 1000,
      holdMs: 2000,
    });

  it('freeze: camera-frozen dated when the picture stopped, ended when it moves again', async () => {
    const event = await followFreeze();
    expect(event.attributes.reason).toBe('frozen');
    // A frozen picture is not an outage: the recording went on.
    expect(await edgeEvents('cam-1', 'camera-offline')).toEqual([]);
  }, 90_000);

  it('freeze with detection off: the recorder decodes its own keyframes and still sees the frozen picture', async () => {
    // While a camera detects, the detect decoder hands the recorder its keyframe thumbnails; switched off, the
    // recorder is restarted to decode them itself.
    const put = (enabled: boolean) =>
      fetch(`${h.cloudUrl}/api/cameras/cam-1/detection`, {
        method: 'PUT',
        headers: { ...h.adminHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled }),
      });
    expect((await put(false)).status).toBe(200);
    try {
      await waitFor('cam-1 recording again without detection', () => (camera('cam-1').detect?.state === 'off' && camera('cam-1').state === 'recording' ? true : undefined));
      const event = await followFreeze();
      expect(event.attributes.reason).toBe('frozen');
    } finally {
      expect((await put(true)).status).toBe(200);
    }
  }, 120_000);

  it('drop-rtp: camera-stalled dated at the last frame when RTSP stays up with no media', async () => {
    const event = await followFault({
      fault: 'drop-rtp',
      label: 'camera-stalled',
      inject: () => h.sim.setFault('cam-1', { kind: 'drop-rtp' }),
      earliestStartMs: -2000,
      latestStartMs: 2000,
    });
    expect(event.attributes.reason).toBe('stalled');
  }, 90_000);

  it('offline: camera-offline at once when the camera stops answering', async () => {
    const event = await followFault({
      fault: 'offline',
      label: 'camera-offline',
      inject: () => h.sim.setFault('cam-1', { kind: 'offline' }),
      latestStartMs: 3000,
      holdMs: 3000,
    });
    expect(['exited', 'refused']).toContain(event.attributes.reason);
  }, 90_000);

  it('reboot: camera-offline while down for 5 s, ended once it is back by itself', async () => {
    let rebootAt = 0;
    const event = await followFault({
      fault: 'reboot',
      label: 'camera-offline',
      inject: () => {
        rebootAt = Date.now();
        h.sim.setFault('cam-1', { kind: 'reboot', durationMs: 5000 });
      },
      // Nothing to clear: the camera comes back after 5 s.
      clear: async () => {
        await waitFor('the camera back from its reboot', () => h.sim.isCameraOnline('cam-1') || undefined, 10_000, 50);
        return rebootAt + 5000;
      },
      latestStartMs: 3000,
    });
    expect(['exited', 'refused']).toContain(event.attributes.reason);
  }, 90_000);

  it('credentials: camera-offline with reason unauthorized after the password changed, ended when it is restored', async () => {
    const event = await followFault({
      fault: 'credentials',
      label: 'camera-offline',
      // A password change takes effect for new sessions; the camera restarts its RTSP service (a
      // 1 s reboot) so the agent must log in again, with the old password.
      inject: () => {
        h.sim.setFault('cam-1', { kind: 'credentials', username: 'admin', password: 'changed-by-installer' });
        h.sim.setFault('cam-1', { kind: 'reboot', durationMs: 1000 });
      },
      matches: (e) => e.attributes.reason === 'unauthorized',
      latestStartMs: 3000,
      holdMs: 1000,
    });
    expect(event.attributes.detail).toMatch(/401/);
  }, 90_000);

  it('never calls the still-but-live scene frozen, and leaves the other cameras without any health event', async () => {
    expect(measured.map((m) => m.fault)).toEqual(['freeze', 'freeze', 'drop-rtp', 'offline', 'reboot', 'credentials']);
    // Motion events (the cars of the default scene) are not health events.
    const health = async (cameraId: string) => (await edgeEvents(cameraId)).filter((e) => (HEALTH_EVENT_LABELS as readonly string[]).includes(e.label));
    expect(await health('cam-3')).toEqual([]);
    expect(await health('cam-2')).toEqual([]);
    expect(camera('cam-3')).toMatchObject({ state: 'recording', frozenSince: undefined });
    expect(camera('cam-3').recorded).toBeGreaterThan(20);
  });
});
