import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GAP_TOLERANCE_MS } from '@argus/core';
import { delay } from '@argus/runtime';
import { startEdgeHarness, waitFor, type EdgeHarness } from '../support/edge-harness.js';

/** The acceptance run is 300 s with 4 cameras: ARGUS_OUTAGE_SECONDS=300 ARGUS_OUTAGE_CAMERAS=4. */
const OUTAGE_SECONDS = Number(process.env.ARGUS_OUTAGE_SECONDS ?? 40);
const OUTAGE_CAMERAS = Number(process.env.ARGUS_OUTAGE_CAMERAS ?? 2);
const SEGMENT_SECONDS = 2;

describe('store and forward', () => {
  let h: EdgeHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it(`loses nothing in a ${OUTAGE_SECONDS} s cloud outage with ${OUTAGE_CAMERAS} cameras, then indexes every segment exactly once`, async () => {
    h = await startEdgeHarness({ cameras: OUTAGE_CAMERAS });
    const harness = h;
    await h.startCloud();
    const agent = await h.startAgent();
    await waitFor('uploads before the outage', () => agent.status().uploaded >= OUTAGE_CAMERAS * 2 || undefined, 60_000);

    await h.stopCloud();
    const downAt = Date.now();
    await delay(OUTAGE_SECONDS * 1000);
    const backlog = agent.status().spool.segments;
    // Everything recorded during the outage waits on disk (with some slack for keyframe-aligned cuts).
    expect(backlog).toBeGreaterThanOrEqual(Math.floor((OUTAGE_SECONDS / SEGMENT_SECONDS) * OUTAGE_CAMERAS * 0.7));
    expect(agent.status().cameras.every((c) => c.state === 'recording')).toBe(true);

    await h.startCloud();
    const upAt = Date.now();
    await waitFor('the backlog to drain', () => agent.status().spool.segments <= OUTAGE_CAMERAS || undefined, 60_000 + OUTAGE_SECONDS * 1000);
    const drainMs = Date.now() - upAt;
    await agent.stop();
    const status = agent.status();
    expect(status.spool.segments).toBe(0);
    console.log(`outage ${OUTAGE_SECONDS} s, ${OUTAGE_CAMERAS} cameras: backlog ${backlog} segments drained in ${drainMs} ms; recorded ${status.cameras.map((c) => c.recorded).join('+')}`);

    for (const camera of status.cameras) {
      const segments = await harness.segments(camera.id);
      const keys = segments.map((s) => s.key);
      expect(new Set(keys).size, camera.id).toBe(keys.length);
      expect(segments.length, `${camera.id}: indexed vs recorded`).toBe(camera.recorded);
      // The outage of the cloud leaves no hole in the recording; only the camera's own restarts could.
      let gaps = 0;
      for (let i = 1; i < segments.length; i++) {
        if (Date.parse(segments[i]!.startsAt) - Date.parse(segments[i - 1]!.endsAt) > GAP_TOLERANCE_MS) gaps++;
      }
      expect(gaps, camera.id).toBeLessThanOrEqual(camera.restarts);
      expect(segments.some((s) => Date.parse(s.startsAt) > downAt && Date.parse(s.endsAt) < upAt), 'segments of the outage are indexed').toBe(true);
      for (const s of segments) {
        const body = Buffer.from(await (await fetch(`${harness.cloudUrl}/api/media/${s.key}`, { headers: harness.adminHeaders })).arrayBuffer());
        expect(createHash('sha256').update(body).digest('hex'), s.key).toBe(s.sha256);
      }
    }
  }, (OUTAGE_SECONDS * 2 + 240) * 1000);

  it('delivers the motion events and snapshots queued during an outage once each, each event with its stored snapshot', async () => {
    h = await startEdgeHarness({ cameras: 1, scenes: { 'cam-1': 'parking-lot' } });
    const harness = h;
    const base = h.config();
    // The cloud is down from the start: everything the camera's motion makes waits in the outbox.
    const agent = await h.startAgent({ cameras: base.cameras.map((c) => ({ id: c.id, name: c.name, main: c.main, sub: harness.sim.cameraUrls(c.id).sub })) });
    await waitFor('motion events and snapshots queued during the outage', () => {
      const { spool } = agent.status();
      return (spool.events >= 3 && spool.snapshots >= 2) || undefined;
    }, 120_000, 250);
    const queuedDuringOutage = agent.status().spool;

    await h.startCloud();
    await waitFor('the events and snapshots to drain', () => {
      const { spool } = agent.status();
      return (spool.events === 0 && spool.snapshots === 0) || undefined;
    }, 60_000, 250);
    await agent.stop();
    const { events: counts, spool } = agent.status();
    // Everything queued went once: no phase or snapshot was sent twice, none is left (the stop's own `end` included).
    expect(spool).toMatchObject({ events: 0, snapshots: 0 });
    expect(counts!.sent, 'event phases sent vs queued').toBe(counts!.queued);
    expect(counts!.snapshotsSent, 'snapshots stored vs queued').toBe(counts!.snapshotsQueued);
    expect(counts!.snapshotsQueued).toBeGreaterThanOrEqual(queuedDuringOutage.snapshots);

    const response = await fetch(`${harness.cloudUrl}/api/events?cameraId=cam-1&label=motion&limit=1000`, { headers: harness.adminHeaders });
    const { events } = (await response.json()) as { events: Array<{ id: string; phase: string; snapshotKey: string | null }> };
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const event of events) {
      expect(event.snapshotKey, event.id).not.toBeNull();
      const media = await fetch(`${harness.cloudUrl}/api/media/${event.snapshotKey}`, { headers: harness.adminHeaders });
      expect(media.status, event.snapshotKey!).toBe(200);
      expect(Buffer.from(await media.arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    }
    // The agent stopped: its open event ended with the stop.
    expect(events.every((e) => e.phase === 'end')).toBe(true);
  }, 240_000);

  it('stops gracefully with the cloud down, and a new agent on the same folder uploads what was left', async () => {
    h = await startEdgeHarness({ cameras: 1 });
    const first = await h.startAgent({ uplink: { shutdownDrainMs: 500 } });
    await waitFor('a few segments in the outbox', () => first.status().spool.segments >= 3 || undefined, 60_000);
    await first.stop();
    const left = first.status();
    // The segment ffmpeg closed on stop is in the outbox too: everything recorded is still there.
    expect(left.spool.segments).toBe(left.cameras[0]!.recorded);
    const sidecars = (await readdir(join(h.edgeDir, 'segments', 'cam-1'))).filter((f) => f.endsWith('.ts.json'));
    expect(sidecars).toHaveLength(left.spool.segments);

    await h.startCloud();
    const second = await h.startAgent();
    const harness = h;
    const indexed = await waitFor('the leftovers to be indexed', async () => {
      const segments = await harness.segments('cam-1');
      const keys = new Set(segments.map((s) => s.key));
      return left.spool.segments > 0 && keys.size >= left.spool.segments ? segments : undefined;
    }, 60_000);
    expect(second.status().uploaded).toBeGreaterThanOrEqual(left.spool.segments);
    expect(new Set(indexed.map((s) => s.key)).size).toBe(indexed.length);
  }, 150_000);
});
