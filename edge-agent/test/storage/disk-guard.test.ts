import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DetectionEvent } from '@argus/core';
import { createLogger, delay } from '@argus/runtime';
import { createEventSink } from '../../src/events/event-sink.js';
import { Outbox } from '../../src/outbox/outbox.js';
import { DiskGuard } from '../../src/storage/disk-guard.js';
import { bytesUnder, startEdgeHarness, waitFor, type EdgeHarness } from '../support/edge-harness.js';

const logger = createLogger({ name: 'disk-guard-test', level: 'silent' });
const T0 = Date.UTC(2026, 0, 1);
const KB = 1024;

async function queuedEvents(dataDir: string): Promise<DetectionEvent[]> {
  const dir = join(dataDir, 'events');
  const names = (await readdir(dir)).sort();
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as DetectionEvent));
}

describe('disk guard on a real folder', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('evicts indexed copies first, then the oldest unsent segments, and queues storage-evicted for the lost span', async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-guard-'));
    const outbox = new Outbox({ dataDir: dir, orgId: 'default', logger });
    await outbox.open();
    const camDir = join(dir, 'segments', 'cam-1');
    await mkdir(camDir, { recursive: true });
    const entries = [];
    for (let i = 0; i < 10; i++) {
      const path = join(camDir, `r-${String(i).padStart(6, '0')}.ts`);
      await writeFile(path, Buffer.alloc(100 * KB, i));
      entries.push((await outbox.addSegment({ cameraId: 'cam-1', stream: 'main', path, startsAt: T0 + i * 4000, endsAt: T0 + (i + 1) * 4000 }))!);
    }
    // The two newest are already indexed and kept for local playback.
    await outbox.markRegistered(entries[8]!, true);
    await outbox.markRegistered(entries[9]!, true);

    const guard = new DiskGuard({ outbox, events: createEventSink({ outbox, makeRoom: async () => undefined, logger }), maxBytes: 750 * KB, minFreeBytes: 0, cameras: 1, logger, checkIntervalMs: 60_000 });
    await guard.start();
    await guard.stop();

    const left = (await readdir(camDir)).filter((n) => n.endsWith('.ts')).sort();
    // 1000 KB of files + 100 KB estimated for the segment being written, cap 750 KB, headroom of one
    // segment: 450 KB go: both kept copies, then the three oldest.
    expect(left).toEqual(['r-000003.ts', 'r-000004.ts', 'r-000005.ts', 'r-000006.ts', 'r-000007.ts']);
    expect(await bytesUnder(camDir)).toBeLessThanOrEqual(750 * KB);
    expect(guard.usage()).toMatchObject({ evictedSegments: 5, evictedBytes: 500 * KB, lostBytes: 300 * KB });
    const events = await queuedEvents(dir);
    expect(events.map((e) => e.phase)).toEqual(['start', 'end']);
    expect(events[0]).toMatchObject({
      label: 'storage-evicted', cameraId: 'cam-1', startedAt: T0,
      attributes: { cameraId: 'cam-1', from: new Date(T0).toISOString(), to: new Date(T0 + 12_000).toISOString(), bytes: String(300 * KB) },
    });
    expect(events[1]).toMatchObject({ id: events[0]!.id, endedAt: T0 + 12_000 });

    // The outbox reloads exactly what is left.
    const reopened = new Outbox({ dataDir: dir, orgId: 'default', logger });
    expect(await reopened.open()).toMatchObject({ pending: 5, kept: 0, events: 2 });
  });

  it('keeps the filesystem free-space floor whatever the byte cap', async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-guard-'));
    const outbox = new Outbox({ dataDir: dir, orgId: 'default', logger });
    await outbox.open();
    const camDir = join(dir, 'segments', 'cam-1');
    await mkdir(camDir, { recursive: true });
    for (let i = 0; i < 4; i++) {
      const path = join(camDir, `r-${i}.ts`);
      await writeFile(path, Buffer.alloc(100 * KB));
      await outbox.addSegment({ cameraId: 'cam-1', stream: 'main', path, startsAt: T0 + i * 4000, endsAt: T0 + (i + 1) * 4000 });
    }
    let free = 150 * KB;
    const events = createEventSink({ outbox, makeRoom: async () => undefined, logger });
    const guard = new DiskGuard({ outbox, events, maxBytes: 1024 ** 3, minFreeBytes: 300 * KB, cameras: 1, logger, freeBytes: async () => free });
    await guard.check();
    // 150 KB short of the floor plus 100 KB headroom: three segments go.
    expect(outbox.stats().segments).toBe(1);
    free = 1024 ** 3;
    await guard.check();
    expect(outbox.stats().segments).toBe(1);
    // The storage-evicted phases are written behind the checks: done before the folder goes.
    await events.flush();
  });
});

const CAP_MB = Number(process.env.ARGUS_DISK_CAP_MB ?? 4);
// The long run (ARGUS_DISK_CAP_MB=200) fills the cap sooner with more cameras of 720p synthetic video (~4 Mbit/s each).
const DISK_CAMERAS = Number(process.env.ARGUS_DISK_CAMERAS ?? 2);
const HEAVY_SCENE = process.env.ARGUS_DISK_SCENE === 'synthetic-720p';

describe('disk guard with real recording', () => {
  let h: EdgeHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it(`keeps the spool under a ${CAP_MB} MB cap while the uplink is down, evicting oldest first, and reports the lost span`, async () => {
    h = await startEdgeHarness({
      cameras: DISK_CAMERAS,
      ...(HEAVY_SCENE ? { scene: { kind: 'synthetic', width: 1280, height: 720 } as const } : {}),
    });
    const harness = h;
    const cap = CAP_MB * 1024 ** 2;
    const agent = await h.startAgent({ storage: { maxBytes: cap, minFreeBytes: 0 } });
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await bytesUnder(join(harness.edgeDir, 'segments')));
        await delay(200);
      }
    })();
    try {
      await waitFor('evictions', () => agent.status().disk.evictedSegments >= 6 || undefined, 60_000 + CAP_MB * 12_000);
      await delay(4000);
    } finally {
      sampling = false;
      await sampler;
    }
    expect(peak, 'bytes on disk at most').toBeLessThanOrEqual(cap);
    expect(agent.status().disk.lostBytes).toBeGreaterThan(0);

    const evicted = (await queuedEvents(h.edgeDir)).filter((e) => e.label === 'storage-evicted' && e.phase === 'end');
    expect(evicted.length).toBeGreaterThan(0);
    for (const id of h.cameraIds) {
      // Oldest first: every segment still waiting starts after the last lost span of its camera.
      const lostUntil = Math.max(0, ...evicted.filter((e) => e.cameraId === id).map((e) => e.endedAt!));
      const waiting = (await readdir(join(h.edgeDir, 'segments', id))).filter((n) => n.endsWith('.ts.json'));
      for (const name of waiting) {
        const sidecar = JSON.parse(await readFile(join(h.edgeDir, 'segments', id, name), 'utf8')) as { startsAt: number };
        expect(sidecar.startsAt, `${id}/${name}`).toBeGreaterThanOrEqual(lostUntil);
      }
    }

    // When the cloud comes, the alert is delivered with the backlog.
    await h.startCloud();
    const delivered = await waitFor('storage-evicted in the cloud', async () => {
      const response = await fetch(`${harness.cloudUrl}/api/events?label=storage-evicted`, { headers: harness.adminHeaders });
      const body = (await response.json()) as { events: Array<{ label: string; phase: string; attributes: Record<string, string> }> };
      return body.events.length > 0 ? body.events : undefined;
    }, 60_000);
    expect(delivered[0]!.attributes).toHaveProperty('from');
    expect(Number(delivered[0]!.attributes.bytes)).toBeGreaterThan(0);
  }, 240_000);
});
