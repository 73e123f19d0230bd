import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceLockRecord, RetentionReport } from '@argus/contracts';
import { adminHeaders, edgeHeaders, putCamera, startTestCloud, testSegment, uploadAndRegister, userSession, type TestCloud, type TestSegment } from '../support/test-cloud.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 15, 12);
const CLOUD_MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/**
 * Retention against the real index and file store: per-camera days and
 * event days, site quotas, evidence locks, whole partitions, and a run
 * killed half way then finished by the next one.
 */
describe('retention', () => {
  let cloud: TestCloud;
  let seq = 0;

  beforeAll(async () => {
    cloud = await startTestCloud();
    cloud.clock.now = NOW;
  });
  afterAll(() => cloud?.close());

  const segment = async (cameraId: string, startsAt: number, size = 1000): Promise<TestSegment> => {
    const s = testSegment({ cameraId, startsAt, size, seed: ++seq });
    const res = await uploadAndRegister(cloud.app, s);
    expect(res.statusCode, res.body).toBe(201);
    return s;
  };
  const event = async (cameraId: string, n: number, startedAt: number, endedAt: number, snapshot = true): Promise<{ id: string; snapshotKey: string | null }> => {
    const id = `6f1c2d3e-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const snapshotKey = snapshot ? `org/default/cam/${cameraId}/snapshots/${id}.jpg` : null;
    if (snapshotKey) await cloud.store.put(snapshotKey, Buffer.from('jpeg'), 4);
    const res = await cloud.app.inject({
      method: 'POST', url: '/api/events', headers: edgeHeaders,
      payload: { events: [{ id, phase: 'end', cameraId, label: 'person', score: 0.9, startedAt: new Date(startedAt).toISOString(), endedAt: new Date(endedAt).toISOString(), ...(snapshotKey ? { snapshotKey } : {}) }] },
    });
    expect(res.json()).toEqual({ accepted: 1, ignored: 0 });
    return { id, snapshotKey };
  };
  const lock = async (cameraId: string, from: number, to: number, headers: Record<string, string> = adminHeaders) =>
    cloud.app.inject({ method: 'POST', url: '/api/evidence-locks', headers, payload: { cameraId, from: new Date(from).toISOString(), to: String(to), reason: 'case 2026-118' } });
  const run = async (): Promise<RetentionReport> => {
    const res = await cloud.app.inject({ method: 'POST', url: '/api/retention/run', headers: adminHeaders });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<RetentionReport>();
  };
  const indexed = async (): Promise<Set<string>> => new Set((await cloud.pool.query<{ key: string }>('select key from segments')).rows.map((r) => r.key));
  const stored = async (prefix: string): Promise<Set<string>> => {
    const keys = new Set<string>();
    for await (const key of cloud.store.list(prefix)) keys.add(key);
    return keys;
  };
  /** No object without its row and no row without its object, for the segments under `prefix`. */
  const consistent = async (prefix: string): Promise<void> => {
    const rows = [...(await indexed())].filter((k) => k.startsWith(prefix));
    const objects = [...(await stored(prefix))].filter((k) => !k.includes('/snapshots/'));
    expect(objects.sort()).toEqual(rows.sort());
  };

  it('deletes by camera days and event days, keeps what a lock holds, and reports it', async () => {
    await putCamera(cloud.app, 'cam-1', ['main'], edgeHeaders, 'site-1');
    const setDays = await cloud.app.inject({ method: 'PUT', url: '/api/cameras/cam-1/retention', headers: adminHeaders, payload: { days: 2, eventDays: 5 } });
    expect(setDays.json()).toEqual({ cameraId: 'cam-1', days: 2, eventDays: 5, own: { days: true, eventDays: true } });
    const bad = await cloud.app.inject({ method: 'PUT', url: '/api/cameras/cam-1/retention', headers: adminHeaders, payload: { days: 10, eventDays: 5 } });
    expect([bad.statusCode, bad.json().field]).toEqual([400, 'eventDays']);

    const fresh = await segment('cam-1', NOW - 1 * DAY);
    const oldQuiet = await segment('cam-1', NOW - 3 * DAY);
    const oldWithEvent = await segment('cam-1', NOW - 4 * DAY);
    const tooOldWithEvent = await segment('cam-1', NOW - 6 * DAY);
    const ancientLocked = await segment('cam-1', NOW - 8 * DAY);
    const kept = await event('cam-1', 1, NOW - 4 * DAY + 1000, NOW - 4 * DAY + 3000);
    const gone = await event('cam-1', 2, NOW - 6 * DAY + 1000, NOW - 6 * DAY + 2000);
    const lockedEvent = await event('cam-1', 3, NOW - 8 * DAY + 500, NOW - 8 * DAY + 900);
    const locked = await lock('cam-1', NOW - 8 * DAY - 60_000, NOW - 8 * DAY + 60_000);
    expect(locked.statusCode, locked.body).toBe(201);

    const report = await run();
    expect(report).toMatchObject({ state: 'done', orgId: 'default', deletedSegments: 2, deletedBytes: 2000, deletedEvents: 1, keptByLocks: 1, byReason: { age: 1, 'event-age': 1 }, error: null });
    const left = await indexed();
    expect([fresh, oldWithEvent, ancientLocked].every((s) => left.has(s.key))).toBe(true);
    expect([oldQuiet, tooOldWithEvent].some((s) => left.has(s.key))).toBe(false);
    await consistent('org/default/cam/cam-1/');
    const events = (await cloud.pool.query<{ id: string }>("select id from events where camera_id = 'cam-1'")).rows.map((r) => r.id).sort();
    expect(events).toEqual([kept.id, lockedEvent.id].sort());
    expect(await cloud.store.stat(gone.snapshotKey!)).toBeUndefined();
    expect(await cloud.store.stat(kept.snapshotKey!)).toEqual({ bytes: 4 });

    // Listed with the report, and audited.
    const runs = await cloud.app.inject({ method: 'GET', url: '/api/retention/runs', headers: adminHeaders });
    expect(runs.json().runs[0]).toMatchObject({ runId: report.runId, state: 'done', deletedSegments: 2 });
    const audit = await cloud.pool.query<{ action: string; target: string }>("select action, target from audit_log where action like 'evidence.%' or action like 'retention.%' order by id");
    expect(audit.rows.map((r) => r.action)).toEqual(['retention.camera', 'evidence.lock', 'retention.run']);

    // Released, the lock keeps nothing: the next run takes the segment and its event.
    const lockId = locked.json<EvidenceLockRecord>().id;
    const released = await cloud.app.inject({ method: 'DELETE', url: `/api/evidence-locks/${lockId}`, headers: adminHeaders });
    expect(released.json()).toMatchObject({ id: lockId, releasedBy: expect.stringContaining('test admin') });
    const again = await run();
    expect(again).toMatchObject({ deletedSegments: 1, deletedEvents: 1, keptByLocks: 0 });
    expect((await indexed()).has(ancientLocked.key)).toBe(false);
    await consistent('org/default/cam/cam-1/');
  });

  it('keeps a site under its quota, oldest first, but never deletes locked recording', async () => {
    expect((await cloud.app.inject({ method: 'POST', url: '/api/sites', headers: adminHeaders, payload: { id: 'site-q', name: 'Quota site' } })).statusCode).toBe(201);
    await putCamera(cloud.app, 'cam-q', ['main'], edgeHeaders, 'site-q');
    const segs: TestSegment[] = [];
    for (let i = 0; i < 5; i++) segs.push(await segment('cam-q', NOW - 3_600_000 + i * 10_000));
    expect((await lock('cam-q', NOW - 3_600_000, NOW - 3_600_000 + 1000)).statusCode).toBe(201); // the oldest
    const quota = await cloud.app.inject({ method: 'PUT', url: '/api/sites/site-q/quota', headers: adminHeaders, payload: { bytes: 2500 } });
    expect(quota.json()).toEqual({ bytes: 2500 });
    expect((await cloud.app.inject({ method: 'PUT', url: '/api/sites/nowhere/quota', headers: adminHeaders, payload: { bytes: 1 } })).statusCode).toBe(404);

    const report = await run();
    expect(report.byReason.quota).toBe(3);
    const left = await indexed();
    expect(segs.map((s) => left.has(s.key))).toEqual([true, false, false, false, true]);
    await consistent('org/default/cam/cam-q/');
  });

  it('refuses locks and retention changes to those who may not make them, and bad input naming the field', async () => {
    const viewer = (await userSession(cloud.app, { email: 'viewer@retention.test', role: 'viewer' })).headers;
    expect((await lock('cam-1', NOW - DAY, NOW, viewer)).statusCode).toBe(403);
    expect((await cloud.app.inject({ method: 'POST', url: '/api/retention/run', headers: viewer })).statusCode).toBe(403);
    expect((await cloud.app.inject({ method: 'GET', url: '/api/evidence-locks?cameraId=cam-q', headers: viewer })).json().locks).toHaveLength(1);
    const operator = (await userSession(cloud.app, { email: 'op@retention.test', role: 'operator' })).headers;
    expect((await lock('cam-1', NOW - DAY, NOW, operator)).statusCode).toBe(201);
    expect((await cloud.app.inject({ method: 'PUT', url: '/api/cameras/cam-1/retention', headers: operator, payload: { days: 1, eventDays: 1 } })).statusCode).toBe(403);

    const reversed = await lock('cam-1', NOW, NOW - DAY);
    expect([reversed.statusCode, reversed.json().field]).toEqual([400, 'to']);
    const garbage = await cloud.app.inject({ method: 'POST', url: '/api/evidence-locks', headers: adminHeaders, payload: { cameraId: 'cam-1', from: "'; drop table segments; --", to: String(NOW), reason: 'x' } });
    expect([garbage.statusCode, garbage.json().field]).toEqual([400, 'from']);
    const unknown = await lock('cam-nope', NOW - DAY, NOW);
    expect(unknown.statusCode).toBe(404);
    const blank = await cloud.app.inject({ method: 'POST', url: '/api/evidence-locks', headers: adminHeaders, payload: { cameraId: 'cam-1', from: String(NOW - DAY), to: String(NOW), reason: '   ' } });
    expect([blank.statusCode, blank.json().field]).toEqual([400, 'reason']);
    expect((await cloud.pool.query('select count(*)::int as n from segments')).rows[0].n).toBeGreaterThan(0);
  });

  it('answers 409 while another run holds the retention lock', async () => {
    const other = await cloud.pool.connect();
    try {
      await other.query("select pg_advisory_lock(hashtextextended('argus-retention', 0))");
      const res = await cloud.app.inject({ method: 'POST', url: '/api/retention/run', headers: adminHeaders });
      expect([res.statusCode, res.json().code]).toEqual([409, 'CLD_ERR_RETENTION_BUSY']);
    } finally {
      await other.query("select pg_advisory_unlock(hashtextextended('argus-retention', 0))");
      other.release();
    }
  });

  it('drops whole month partitions every camera is done with, objects first', async () => {
    await putCamera(cloud.app, 'cam-old', ['main'], edgeHeaders, 'site-1');
    const december = await segment('cam-old', Date.UTC(2025, 11, 10));
    const decemberEvent = await event('cam-old', 40, Date.UTC(2025, 11, 10, 0, 0, 1), Date.UTC(2025, 11, 10, 0, 0, 2));
    const recent = await segment('cam-old', NOW - DAY);
    const report = await cloud.app.argus.retention.run(null);
    expect(report.droppedPartitions).toEqual(expect.arrayContaining(['segments_p202512', 'events_p202512']));
    expect(await cloud.store.stat(december.key)).toBeUndefined();
    expect(await cloud.store.stat(decemberEvent.snapshotKey!)).toBeUndefined();
    expect((await indexed()).has(recent.key)).toBe(true);
    const parts = await cloud.pool.query<{ n: number }>("select count(*)::int as n from pg_class where relname in ('segments_p202512', 'events_p202512')");
    expect(parts.rows[0]!.n).toBe(0);
    // A late segment for a dropped month still lands: its partition comes back.
    const late = await segment('cam-old', Date.UTC(2025, 11, 11));
    expect((await indexed()).has(late.key)).toBe(true);
  });

  it('finishes a run killed half way: nothing orphaned, nothing locked deleted', async () => {
    await putCamera(cloud.app, 'cam-k', ['main'], edgeHeaders, 'site-1');
    await cloud.app.inject({ method: 'PUT', url: '/api/cameras/cam-k/retention', headers: adminHeaders, payload: { days: 1, eventDays: 1 } });
    const segs: TestSegment[] = [];
    for (let i = 0; i < 120; i++) segs.push(await segment('cam-k', NOW - 3 * DAY + i * 4000, 200));
    const lockedRange = { from: NOW - 3 * DAY + 200 * 1000, to: NOW - 3 * DAY + 240 * 1000 }; // segments 50..59
    expect((await lock('cam-k', lockedRange.from, lockedRange.to)).statusCode).toBe(201);
    const lockedKeys = segs.filter((s) => Date.parse(s.startsAt) < lockedRange.to && Date.parse(s.endsAt) > lockedRange.from).map((s) => s.key);
    expect(lockedKeys).toHaveLength(10);

    // argus-cloud retention-run, one segment a step, killed once it has deleted some.
    const prefix = 'org/default/cam/cam-k/';
    const child = spawn(process.execPath, ['--import', 'tsx', CLOUD_MAIN, 'retention-run', '--org', 'default'], {
      env: { ...process.env, DATABASE_URL: cloud.db.url, ARGUS_DATA_DIR: cloud.dataDir, ARGUS_RETENTION_BATCH: '1', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (;;) {
      const objects = await stored(prefix);
      if (objects.size <= segs.length - 20) break;
      if (child.exitCode !== null) throw new Error('the run ended before it was killed');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    child.kill('SIGKILL');
    await exited;
    const half = await cloud.pool.query<{ state: string }>("select state from retention_runs order by started_at desc limit 1");
    expect(half.rows[0]!.state).toBe('running');

    const report = await run();
    expect(report.state).toBe('done');
    await consistent(prefix);
    const left = [...(await indexed())].filter((k) => k.startsWith(prefix)).sort();
    expect(left).toEqual([...lockedKeys].sort());
  }, 120_000);
});
