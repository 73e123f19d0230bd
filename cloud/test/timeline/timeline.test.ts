import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TIMELINE_EVENTS, type TimelineResponse } from '@argus/contracts';
import { segmentKey } from '@argus/core';
import { createOrgWithAdmin } from '../../src/auth/bootstrap.js';
import {
  adminHeaders, edgeHeaders, enrollAgent, login, putCamera, startTestCloud, testSegment, uploadAndRegister, userSession, type TestCloud,
} from '../support/test-cloud.js';

const T0 = Date.parse('2026-11-30T08:00:00.000Z');
const s = (seconds: number): number => T0 + seconds * 1000;
const iso = (seconds: number): string => new Date(s(seconds)).toISOString();
const uuid = (n: number): string => `7a2b3c4d-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('camera timeline', () => {
  let cloud: TestCloud;
  const timeline = (cameraId: string, query: string, headers: Record<string, string> = adminHeaders) =>
    cloud.app.inject({ method: 'GET', url: `/api/cameras/${cameraId}/timeline?${query}`, headers });
  const range = (from: number, to: number): string => `from=${iso(from)}&to=${iso(to)}`;
  const postEvents = async (events: object[], headers: Record<string, string> = edgeHeaders) => {
    const res = await cloud.app.inject({ method: 'POST', url: '/api/events', headers, payload: { events } });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    cloud = await startTestCloud();
    cloud.clock.now = s(3600);
    await putCamera(cloud.app, 'cam-1', ['main', 'sub']);
    await putCamera(cloud.app, 'cam-2', ['main']);
    // cam-1, main: 0–40 s in 4 s segments; 41–53 s (a 1 s hole: the same span); 60–68 s (a 7 s gap before it).
    const starts = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 41, 45, 49, 60, 64];
    for (const start of starts) {
      const res = await uploadAndRegister(cloud.app, testSegment({ cameraId: 'cam-1', startsAt: s(start) }));
      expect(res.statusCode, res.body).toBe(201);
    }
    // The sub stream records through the 7 s gap: the timeline draws the main stream only.
    for (const start of [52, 56]) await uploadAndRegister(cloud.app, testSegment({ cameraId: 'cam-1', stream: 'sub', startsAt: s(start) }));
    await uploadAndRegister(cloud.app, testSegment({ cameraId: 'cam-2', startsAt: s(0) }));
  });
  afterAll(() => cloud?.close());

  it('merges adjacent segments into recorded spans and clips them to the range', async () => {
    const whole = await timeline('cam-1', range(-60, 120));
    expect(whole.statusCode, whole.body).toBe(200);
    expect(whole.json<TimelineResponse>()).toMatchObject({
      cameraId: 'cam-1', from: iso(-60), to: iso(120),
      recorded: [{ from: iso(0), to: iso(53) }, { from: iso(60), to: iso(68) }],
    });
    const clipped = await timeline('cam-1', range(10, 62));
    expect(clipped.json<TimelineResponse>().recorded).toEqual([{ from: iso(10), to: iso(53) }, { from: iso(60), to: iso(62) }]);
    expect((await timeline('cam-1', range(200, 300))).json<TimelineResponse>().recorded).toEqual([]);
  });

  it('draws detection events with their snapshot URLs, oldest first, and leaves health events out', async () => {
    const snapshotKey = segmentKey({ orgId: 'default', cameraId: 'cam-1', stream: 'sub', startsAt: s(6), ext: 'jpg' });
    await postEvents([
      { id: uuid(1), phase: 'end', cameraId: 'cam-1', label: 'motion', score: 0.4, zones: ['Gate'], startedAt: iso(5), endedAt: iso(9), snapshotKey },
      { id: uuid(2), phase: 'start', cameraId: 'cam-1', label: 'person', startedAt: iso(30) },
      { id: uuid(3), phase: 'end', cameraId: 'cam-1', label: 'camera-stalled', startedAt: iso(53), endedAt: iso(60) },
      { id: uuid(4), phase: 'end', cameraId: 'cam-2', label: 'motion', startedAt: iso(10), endedAt: iso(11) },
      // Started before the range and still going at its start: drawn.
      { id: uuid(5), phase: 'end', cameraId: 'cam-1', label: 'motion', startedAt: iso(-30), endedAt: iso(2) },
    ]);
    const body = (await timeline('cam-1', range(0, 120))).json<TimelineResponse>();
    expect(body.events).toEqual([
      { id: uuid(5), label: 'motion', startedAt: iso(-30), endedAt: iso(2), score: null, zones: [], snapshotUrl: null },
      { id: uuid(1), label: 'motion', startedAt: iso(5), endedAt: iso(9), score: 0.4, zones: ['Gate'], snapshotUrl: `/api/media/${snapshotKey}` },
      { id: uuid(2), label: 'person', startedAt: iso(30), endedAt: null, score: null, zones: [], snapshotUrl: null },
    ]);
    expect(body.eventsTruncated).toBe(false);
    // An event that ended before the range is not on it; an open one is on every range after its start.
    expect((await timeline('cam-1', range(10, 40))).json<TimelineResponse>().events.map((e) => e.id)).toEqual([uuid(2)]);
    expect((await timeline('cam-1', range(1000, 1100))).json<TimelineResponse>().events.map((e) => e.id)).toEqual([uuid(2)]);
  });

  it('draws offline periods from camera-offline events, clipped, with an open one running to now', async () => {
    await postEvents([
      { id: uuid(10), phase: 'end', cameraId: 'cam-1', label: 'camera-offline', attributes: { reason: 'rtsp-timeout' }, startedAt: iso(53), endedAt: iso(60) },
      { id: uuid(11), phase: 'start', cameraId: 'cam-1', label: 'camera-offline', attributes: { reason: 'rtsp-refused' }, startedAt: iso(68) },
    ]);
    // The cloud's health checker raises the same outage: one period, not two.
    await cloud.pool.query(
      `insert into events (id, org_id, site_id, camera_id, phase, label, attributes, started_at, ended_at, source)
       values ($1, 'default', 'site-1', 'cam-1', 'end', 'camera-offline', '{"reason":"no-recent-segment"}', $2, $3, 'cloud')`,
      ['health-cam-1-outage', new Date(s(54)), new Date(s(61))],
    );
    const body = (await timeline('cam-1', range(0, 7200))).json<TimelineResponse>();
    expect(body.offline).toEqual([
      { from: iso(53), to: iso(61), reason: 'rtsp-timeout' },
      { from: iso(68), to: iso(3600), reason: 'rtsp-refused' }, // open: until the cloud's now
    ]);
    expect((await timeline('cam-1', range(55, 58))).json<TimelineResponse>().offline).toEqual([{ from: iso(55), to: iso(58), reason: 'rtsp-timeout' }]);
    expect(body.events.map((e) => e.label)).not.toContain('camera-offline');
  });

  it(`keeps the newest ${MAX_TIMELINE_EVENTS} events when more overlap the range, oldest first, and says so`, async () => {
    await cloud.pool.query(
      `insert into events (id, org_id, site_id, camera_id, agent_id, phase, label, started_at, ended_at, source)
       select 'bulk-' || n, 'default', 'site-1', 'cam-2', 'legacy', 'end', 'motion',
              $1::timestamptz + n * interval '1 second', $1::timestamptz + n * interval '1 second' + interval '500 ms', 'edge'
         from generate_series(1, $2::int) n`,
      [new Date(s(1000)), MAX_TIMELINE_EVENTS + 10],
    );
    const body = (await timeline('cam-2', range(0, 4000))).json<TimelineResponse>();
    expect(body.eventsTruncated).toBe(true);
    expect(body.events).toHaveLength(MAX_TIMELINE_EVENTS);
    expect(body.events[0]?.id).toBe('bulk-11');
    expect(body.events.at(-1)?.id).toBe(`bulk-${MAX_TIMELINE_EVENTS + 10}`);
    const narrower = (await timeline('cam-2', range(1000, 1100))).json<TimelineResponse>();
    expect(narrower.eventsTruncated).toBe(false);
    expect(narrower.events).toHaveLength(99);
  });

  it('takes up to a week, and refuses a bad range naming the field', async () => {
    expect((await timeline('cam-1', range(0, 7 * 24 * 3600))).statusCode).toBe(200);
    const cases: Array<[string, string, string]> = [
      [`from=yesterday&to=${iso(10)}`, 'CLD_ERR_BAD_RANGE', 'from'],
      [`from=${iso(0)}&to=2026-11-30T09:00:00`, 'CLD_ERR_BAD_RANGE', 'to'], // no zone
      [range(10, 0), 'CLD_ERR_BAD_RANGE', 'to'],
      [range(0, 7 * 24 * 3600 + 1), 'CLD_ERR_BAD_RANGE', 'to'],
      [`to=${iso(10)}`, 'CLD_ERR_VALIDATION', 'from'],
    ];
    for (const [query, code, field] of cases) {
      expect((await timeline('cam-1', query)).json(), query).toMatchObject({ statusCode: 400, code, field });
    }
  });

  it('answers epoch milliseconds as well as ISO 8601', async () => {
    const body = (await timeline('cam-1', `from=${s(0)}&to=${s(120)}`)).json<TimelineResponse>();
    expect(body).toMatchObject({ from: iso(0), to: iso(120), recorded: [{ from: iso(0) }, { from: iso(60) }] });
  });

  it('is for people who may view the camera, within their sites and organisation', async () => {
    const viewer = await userSession(cloud.app, { email: 'viewer@timeline.test', role: 'viewer' });
    expect((await timeline('cam-1', range(0, 120), viewer.headers)).statusCode).toBe(200);
    expect((await timeline('cam-1', range(0, 120), {})).json()).toMatchObject({ statusCode: 401 });
    expect((await timeline('cam-1', range(0, 120), edgeHeaders)).json()).toMatchObject({ statusCode: 403 });
    await enrollAgent(cloud.app, 'hq');
    const elsewhere = await userSession(cloud.app, { email: 'viewer-hq@timeline.test', role: 'viewer', siteIds: ['hq'] });
    await createOrgWithAdmin(cloud.pool, { id: 'acme', name: 'Acme' }, { email: 'admin@acme-timeline.test', password: 'acme-admin-password' });
    const acme = await login(cloud.app, 'admin@acme-timeline.test', 'acme-admin-password');
    for (const outsider of [elsewhere.headers, acme]) {
      expect((await timeline('cam-1', range(0, 120), outsider)).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_CAMERA_NOT_FOUND' });
    }
    expect((await timeline('cam-nobody', range(0, 120))).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_CAMERA_NOT_FOUND' });
  });

  it('reads its spans through the segments index and its events through the events indexes', async () => {
    // With sequential scans off the plans show an index for every part; on a table this small the planner may
    // pick either index of segments leading with org, camera, stream, and either start-time index of events.
    const client = await cloud.pool.connect();
    try {
      await client.query('set enable_seqscan = off');
      // The tables are partitioned by month: a plan names each partition's index, shown here as the parent index it belongs to.
      const { rows: owners } = await client.query<{ part: string; parent: string }>(
        `select c.relname as part, p.relname as parent from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where c.relkind = 'i'`,
      );
      const parentOf = new Map(owners.map((o) => [o.part, o.parent]));
      const plan = async (sql: string, params: unknown[]) => (await client.query<{ 'QUERY PLAN': string }>(`explain ${sql}`, params)).rows
        .map((r) => r['QUERY PLAN'].replace(/using (\S+)/, (_m, index: string) => `using ${parentOf.get(index) ?? index}`)).join('\n');
      const spans = await plan(
        `select starts_at from segments where org_id = $1 and camera_id = $2 and stream = $3 and starts_at < $4 and starts_at >= $5 and ends_at > $6`,
        ['default', 'cam-1', 'main', new Date(s(120)), new Date(s(-60)), new Date(s(0))],
      );
      expect(spans).toMatch(/Index (Only )?Scan using segments_camera_stream_(start_unique|seq_idx)/);
      const offline = await plan(`select id from events where org_id = $1 and camera_id = $2 and label = 'camera-offline' and started_at < $3`, ['default', 'cam-1', new Date(s(120))]);
      expect(offline).toContain('events_camera_offline_idx');
      const detections = await plan(
        `select id from events where org_id = $1 and camera_id = $2 and label <> all($3) and started_at < $4 and started_at >= $5 order by started_at desc limit 10`,
        ['default', 'cam-1', ['camera-offline'], new Date(s(120)), new Date(s(0))],
      );
      // An index bounded by start time: the camera's, or (on a table this small the planner's costs tie) the
      // organisation's, or the primary key, whose (org_id, id, started_at) PostgreSQL 18 skip-scans on started_at.
      expect(detections).toMatch(/Index Scan (Backward )?using events_(camera_started_idx|started_idx|pkey)/);
      expect(detections).toMatch(/started_at >= /);
    } finally {
      await client.query('reset enable_seqscan');
      client.release();
    }
  });
});
