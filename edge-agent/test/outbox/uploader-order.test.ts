import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Camera, DetectionEvent } from '@argus/core';
import { createLogger } from '@argus/runtime';
import { CloudCallError } from '../../src/adapters/uplink/cloud-client.js';
import { createEventSink } from '../../src/events/event-sink.js';
import { Outbox } from '../../src/outbox/outbox.js';
import { SegmentUploader, type UplinkClient } from '../../src/uploader.js';
import { waitFor } from '../support/edge-harness.js';

const logger = createLogger({ name: 'uploader-test', level: 'silent' });
const T0 = Date.UTC(2026, 0, 1, 12);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x02, 0xff, 0xd9]);

/** A cloud that records what it is asked, in order, and fails the calls a test tells it to. */
function recordingCloud() {
  const calls: string[] = [];
  const failures: Array<{ match: (call: string) => boolean; error: Error; times: number }> = [];
  const holds: Array<{ match: (call: string) => boolean; gate: Promise<void> }> = [];
  const step = async (call: string): Promise<void> => {
    calls.push(call);
    const held = holds.findIndex((h) => h.match(call));
    if (held >= 0) await holds.splice(held, 1)[0]!.gate;
    const failure = failures.find((f) => f.times > 0 && f.match(call));
    if (failure) {
      failure.times--;
      throw failure.error;
    }
  };
  const client: UplinkClient = {
    async upsertCamera(camera: Camera) {
      await step(`camera ${camera.id}`);
      return {};
    },
    async requestUpload(input) {
      await step(`upload-url ${input.key}`);
      return { url: `http://store/${input.key}`, method: 'PUT', headers: {} };
    },
    async putObject(target) {
      await step(`put ${target.url.slice('http://store/'.length)}`);
    },
    async registerSegment(input) {
      await step(`register ${input.key}`);
      const iso = (t: number | string): string => new Date(t).toISOString();
      return { segment: { key: input.key, cameraId: input.cameraId, stream: input.stream, startsAt: iso(input.startsAt), endsAt: iso(input.endsAt), createdAt: iso(Date.now()), bytes: input.bytes, sha256: input.sha256 }, created: true };
    },
    async postEvents(events) {
      await step(`events ${events.map((e) => `${e.id}/${e.phase}${e.snapshotKey ? `+${e.snapshotKey.split('/').at(-1)}` : ''}`).join(',')}`);
      return { accepted: events.length, ignored: 0 };
    },
  };
  return {
    client, calls,
    fail: (match: (call: string) => boolean, error: Error, times = 1) => failures.push({ match, error, times }),
    /** Holds the next call matching `match` until the returned function is called. */
    hold: (match: (call: string) => boolean): (() => void) => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      holds.push({ match, gate });
      return release;
    },
  };
}

const motion = (id: string, phase: DetectionEvent['phase'], snapshotKey?: string): DetectionEvent => ({
  id, phase, cameraId: 'cam-1', stream: 'sub', label: 'motion', score: 1, zones: [], attributes: {}, startedAt: T0, ...(snapshotKey ? { snapshotKey } : {}),
});

describe('uploader: snapshots before the events that name them', () => {
  let dir: string | undefined;
  let uploader: SegmentUploader | undefined;
  afterEach(async () => {
    await uploader?.stop(0);
    uploader = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function setup() {
    dir = await mkdtemp(join(tmpdir(), 'argus-uploader-'));
    const outbox = new Outbox({ dataDir: dir, orgId: 'default', logger });
    await outbox.open();
    const sink = createEventSink({ outbox, makeRoom: async () => undefined, logger });
    const cloud = recordingCloud();
    const cameras = new Map<string, Camera>([['cam-1', { id: 'cam-1', name: 'Cam 1', siteId: 'site-1', streams: ['main', 'sub'] }]]);
    uploader = new SegmentUploader({
      client: cloud.client, cameras, siteId: 'site-1', outbox, retry: { initialMs: 20, maxMs: 50, jitter: 0 }, keepUploaded: false,
      maxBytesPerSecond: 0, backlogShare: 0.5, liveWindowMs: 6000, logger,
    });
    return { outbox, sink, cloud };
  }

  it('holds an event back until its snapshot is stored, even when the first PUT fails', async () => {
    const { outbox, sink, cloud } = await setup();
    const snapshot = { cameraId: 'cam-1', stream: 'sub' as const, takenAt: T0 + 500, jpeg: JPEG };
    const key = sink.snapshotKey(snapshot);
    cloud.fail((c) => c.startsWith('put '), new CloudCallError('store down', { status: 503, retryable: true }));
    await sink.publish([motion('a', 'start', key)], snapshot);
    await sink.publish([motion('a', 'end', key)]);
    await uploader!.start();
    await waitFor('the events sent', () => cloud.calls.find((c) => c.startsWith('events')), 10_000, 10);

    const name = key.split('/').at(-1)!;
    const puts = cloud.calls.map((c, i) => [c, i] as const).filter(([c]) => c === `put ${key}`);
    const eventsAt = cloud.calls.findIndex((c) => c.startsWith('events'));
    // The first PUT failed, the second stored it, and only then did the events go, with the key.
    expect(puts).toHaveLength(2);
    expect(puts[1]![1]).toBeLessThan(eventsAt);
    expect(cloud.calls[eventsAt]).toBe(`events a/start+${name},a/end+${name}`);
    // The batch leaves the outbox once the cloud answered.
    await waitFor('the outbox empty', () => outbox.stats().events === 0 || undefined, 10_000, 10);
    expect(outbox.stats()).toMatchObject({ events: 0, snapshots: 0, snapshotBytes: 0 });
    expect(await readdir(join(dir!, 'snapshots', 'cam-1'))).toEqual([]);
  });

  it('stores a queued snapshot before it sends the batch that names it, with the events queued before it', async () => {
    const { sink, cloud } = await setup();
    const snapshot = { cameraId: 'cam-1', stream: 'sub' as const, takenAt: T0 + 500, jpeg: JPEG };
    const key = sink.snapshotKey(snapshot);
    await sink.publish([motion('h', 'start')]); // a health event, say: no snapshot
    await sink.publish([motion('b', 'start', key)], snapshot);
    await uploader!.start();
    await waitFor('the events sent', () => cloud.calls.some((c) => c.includes('b/start')) || undefined, 10_000, 10);
    // Snapshots go first in each pass, so here everything fits one batch after the PUT.
    expect(cloud.calls.filter((c) => !c.startsWith('camera'))).toEqual([`upload-url ${key}`, `put ${key}`, `events h/start,b/start+${key.split('/').at(-1)}`]);
  });

  it('sends the events of a snapshot the cloud refuses for good without it, and sets the file aside', async () => {
    const { sink, cloud, outbox } = await setup();
    const snapshot = { cameraId: 'cam-1', stream: 'sub' as const, takenAt: T0 + 900, jpeg: JPEG };
    const key = sink.snapshotKey(snapshot);
    cloud.fail((c) => c.startsWith('upload-url'), new CloudCallError('refused', { status: 400, apiCode: 'CLD_ERR_VALIDATION', retryable: false }));
    await sink.publish([motion('c', 'start', key)], snapshot);
    await uploader!.start();
    await waitFor('the events sent', () => cloud.calls.find((c) => c.startsWith('events')), 10_000, 10);
    expect(cloud.calls.find((c) => c.startsWith('events'))).toBe('events c/start');
    expect(outbox.stats().snapshots).toBe(0);
    expect(await readdir(join(dir!, 'rejected', 'cam-1'))).toHaveLength(2);
  });

  it('reloads queued snapshots and their events after a restart, and drops a JPEG cut short before its sidecar', async () => {
    const { sink, outbox } = await setup();
    const snapshot = { cameraId: 'cam-1', stream: 'sub' as const, takenAt: T0 + 700, jpeg: JPEG };
    await sink.publish([motion('d', 'start', sink.snapshotKey(snapshot))], snapshot);
    // The same picture again (another phase of the event) is kept once.
    await outbox.addSnapshot(snapshot);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir!, 'snapshots', 'cam-1', `${T0 + 800}-sub.jpg`), JPEG); // no sidecar: a crash between the two writes
    const reopened = new Outbox({ dataDir: dir!, orgId: 'default', logger });
    const report = await reopened.open();
    expect(report).toMatchObject({ snapshots: 1, events: 1 });
    expect(reopened.pendingSnapshots().map((s) => s.key)).toEqual([sink.snapshotKey(snapshot)]);
    expect(reopened.pendingSnapshots()[0]).toMatchObject({ bytes: JPEG.length, takenAt: T0 + 700, stream: 'sub' });
    expect((await readdir(join(dir!, 'snapshots', 'cam-1'))).sort()).toEqual([`${T0 + 700}-sub.jpg`, `${T0 + 700}-sub.jpg.json`]);
  });

  it('sends an event while a segment upload is still in flight: alerts never wait behind media', async () => {
    const { outbox, sink, cloud } = await setup();
    const segmentDir = join(dir!, 'segments', 'cam-1');
    await mkdir(segmentDir, { recursive: true });
    const path = join(segmentDir, 'run-000001.ts');
    await writeFile(path, Buffer.alloc(188 * 100, 0x47));
    const release = cloud.hold((c) => c.startsWith('put ') && c.endsWith('.ts'));
    const now = Date.now();
    await outbox.addSegment({ cameraId: 'cam-1', stream: 'main', path, startsAt: now - 4000, endsAt: now });
    await uploader!.start();
    try {
      await waitFor('the segment PUT started', () => cloud.calls.find((c) => c.startsWith('put ') && c.endsWith('.ts')), 3000, 10);
      await sink.publish([motion('p', 'start')]);
      // The segment's PUT is still held: the event goes anyway.
      await waitFor('the event sent', () => cloud.calls.find((c) => c === 'events p/start'), 3000, 10);
      expect(cloud.calls.some((c) => c.startsWith('register '))).toBe(false);
    } finally {
      release();
    }
    await waitFor('the segment registered', () => cloud.calls.find((c) => c.startsWith('register ')), 10_000, 10);
  });
});
