import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '@argus/contracts';
import { BUS_APPLICATION_NAME } from '../../src/pubsub/pg-message-bus.js';
import { publishAlert } from '../../src/pubsub/stream-publish.js';
import { adminHeaders, enrollAgent, putCamera, userSession } from '../support/test-cloud.js';
import { SseClient } from './sse-client.js';
import { startTwoClouds, type TwoClouds } from './two-clouds.js';

let n = 0;
const eventId = (): string => `5e1f0000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

/**
 * GET /api/stream across two replicas of one database: what is ingested on
 * one reaches consoles connected to the other, scoped to what each may see,
 * and a reconnecting console resumes where it left off.
 */
describe('real-time stream', () => {
  let clouds: TwoClouds;
  let north: { agentId: string; headers: Record<string, string> };
  let south: { agentId: string; headers: Record<string, string> };
  const open: SseClient[] = [];
  const stream = async (base: string, headers: Record<string, string>, query = ''): Promise<SseClient> => {
    const client = await SseClient.open(`${base}/api/stream${query}`, headers);
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    clouds = await startTwoClouds();
    north = await enrollAgent(clouds.a.app, 'north');
    south = await enrollAgent(clouds.a.app, 'south');
    await putCamera(clouds.a.app, 'north-gate', ['main'], north.headers, 'north');
    await putCamera(clouds.a.app, 'south-gate', ['main'], south.headers, 'south');
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await clouds?.close();
  });

  const post = async (agent: { headers: Record<string, string> }, cameraId: string, extra: object = {}): Promise<string> => {
    const id = eventId();
    const res = await clouds.a.app.inject({
      method: 'POST', url: '/api/events', headers: agent.headers,
      payload: { events: [{ id, phase: 'start', cameraId, label: 'person', score: 0.9, zones: ['Gate'], startedAt: new Date(clouds.a.clock.now).toISOString(), ...extra }] },
    });
    expect(res.json()).toEqual({ accepted: 1, ignored: 0 });
    return id;
  };

  it('brings an event posted to replica A to a console on replica B within a second, as GET /api/events lists it', async () => {
    const sse = await stream(clouds.b.url, adminHeaders);
    expect(sse.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const postedAt = performance.now();
    const id = await post(north, 'north-gate', { box: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 }, attributes: { color: 'red' } });
    const message = await sse.next('event', 1000);
    const latencyMs = performance.now() - postedAt;
    expect(latencyMs).toBeLessThan(1000);
    process.stdout.write(`stream: event posted to A reached B's console in ${latencyMs.toFixed(1)} ms (POST included)\n`);
    expect(message.id).toMatch(/^[0-9]+$/);
    const streamed = JSON.parse(message.data) as EventRecord;
    const listed = (await clouds.b.app.inject({ method: 'GET', url: '/api/events?cameraId=north-gate', headers: adminHeaders })).json<{ events: EventRecord[] }>().events.find((e) => e.id === id)!;
    const { updatedAt, ...rest } = listed;
    expect(streamed).toEqual({ ...rest, updatedAt: expect.any(String) });
    expect(Math.abs(Date.parse(streamed.updatedAt) - Date.parse(updatedAt))).toBeLessThan(1000);
  });

  it('shows a viewer of one site only that site\'s events, and an admin every site\'s', async () => {
    const viewer = await userSession(clouds.a.app, { email: 'north-viewer@stream.test', role: 'viewer', siteIds: ['north'] });
    const northConsole = await stream(clouds.b.url, viewer.headers);
    const adminConsole = await stream(clouds.b.url, adminHeaders);
    // South's first: published first, so a viewer who could see it would get it before north's.
    const southId = await post(south, 'south-gate');
    const northId = await post(north, 'north-gate');
    expect(JSON.parse((await northConsole.next('event')).data)).toMatchObject({ id: northId, siteId: 'north' });
    expect(JSON.parse((await adminConsole.next('event')).data)).toMatchObject({ id: southId, siteId: 'south' });
    expect(JSON.parse((await adminConsole.next('event')).data)).toMatchObject({ id: northId, siteId: 'north' });
    // An alert of the south site goes the same way.
    await publishAlert(clouds.a.app.argus.bus, 'default', { id: 'alr_south', siteId: 'south', cameraId: 'south-gate', state: 'open' } as never);
    await publishAlert(clouds.a.app.argus.bus, 'default', { id: 'alr_north', siteId: 'north', cameraId: 'north-gate', state: 'open' } as never);
    expect(JSON.parse((await northConsole.next('alert')).data)).toMatchObject({ id: 'alr_north' });
    expect(JSON.parse((await adminConsole.next('alert')).data)).toMatchObject({ id: 'alr_south' });
    expect(northConsole.pending()).toEqual([]);
  });

  it('resumes after Last-Event-ID without losing or repeating a message, from either replica', async () => {
    const watcher = await stream(clouds.a.url, adminHeaders);
    const first = await stream(clouds.b.url, adminHeaders);
    const one = await post(north, 'north-gate');
    const seen = await first.next('event');
    expect(JSON.parse(seen.data)).toMatchObject({ id: one });
    expect(first.lastEventId).toBe(seen.id);
    first.close();
    // Missed while away: two events and an alert.
    const two = await post(north, 'north-gate');
    const three = await post(south, 'south-gate');
    await publishAlert(clouds.b.app.argus.bus, 'default', { id: 'alr_missed', siteId: 'north', cameraId: 'north-gate' } as never);
    // Events are published after the answer, off the request's path: wait until they are out.
    for (const id of [one, two, three]) await watcher.nextWhere((m) => (JSON.parse(m.data) as { id: string }).id === id);

    const resumed = await stream(clouds.a.url, { ...adminHeaders, 'last-event-id': seen.id! });
    const four = await post(north, 'north-gate');
    const got: string[] = [];
    for (let i = 0; i < 4; i++) {
      const m = await resumed.next();
      got.push(`${m.event}:${(JSON.parse(m.data) as { id: string }).id}`);
    }
    expect(got).toEqual([`event:${two}`, `event:${three}`, 'alert:alr_missed', `event:${four}`]);
    expect(resumed.pending()).toEqual([]);

    // ?lastEventId= for clients that cannot set the header; scoped like the live stream.
    const viewer = await userSession(clouds.a.app, { email: 'north-resume@stream.test', role: 'viewer', siteIds: ['north'] });
    const scoped = await stream(clouds.b.url, viewer.headers, `?lastEventId=${seen.id}`);
    expect(JSON.parse((await scoped.next()).data)).toMatchObject({ id: two });
    expect(JSON.parse((await scoped.next()).data)).toMatchObject({ id: 'alr_missed' });
    expect(JSON.parse((await scoped.next()).data)).toMatchObject({ id: four });
  });

  it('asks a console to resync when what it missed was trimmed, or its position is unknown', async () => {
    const watcher = await stream(clouds.b.url, adminHeaders);
    await post(north, 'north-gate');
    const oldId = (await watcher.next('event')).id!;
    await post(north, 'north-gate');
    const trimmedId = (await watcher.next('event')).id!;
    await clouds.a.app.argus.bus.store.trim({ maxAgeMs: 0, maxRows: 100_000, clusterMaxAgeMs: 0, streamKinds: ['event', 'alert'] });

    const late = await stream(clouds.a.url, { ...adminHeaders, 'last-event-id': String(BigInt(oldId) - 1n) });
    const resync = await late.next();
    expect(resync).toMatchObject({ event: 'resync', data: JSON.stringify({ reason: 'expired' }) });
    expect(BigInt(resync.id!)).toBeGreaterThanOrEqual(BigInt(trimmedId));
    const after = await post(north, 'north-gate');
    expect(JSON.parse((await late.next()).data)).toMatchObject({ id: after });

    const stranger = await stream(clouds.a.url, { ...adminHeaders, 'last-event-id': '99999999999' });
    expect(await stranger.next()).toMatchObject({ event: 'resync', data: JSON.stringify({ reason: 'unknown' }) });
    const next = await post(north, 'north-gate');
    expect(JSON.parse((await stranger.next()).data)).toMatchObject({ id: next });
  });

  it('keeps delivering when a replica loses its LISTEN connection: it reconnects and reads what it missed', async () => {
    const sse = await stream(clouds.b.url, adminHeaders);
    const lost = [once(clouds.a.app.argus.bus, 'lost'), once(clouds.b.app.argus.bus, 'lost')];
    const { rows } = await clouds.a.pool.query<{ n: number }>(
      `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = $1 and datname = current_database()`,
      [BUS_APPLICATION_NAME],
    );
    expect(rows[0]!.n).toBe(2); // one per replica
    await Promise.all(lost);
    const missed = await post(north, 'north-gate'); // published while neither replica listens
    await sse.nextWhere((m) => (JSON.parse(m.data) as { id: string }).id === missed);
    const after = await post(north, 'north-gate');
    await sse.nextWhere((m) => (JSON.parse(m.data) as { id: string }).id === after);
  });

  it('publishes the cloud\'s own health events', async () => {
    const sse = await stream(clouds.b.url, adminHeaders);
    clouds.a.clock.now += 10 * 60_000; // north-gate and south-gate never recorded: offline after the grace
    await clouds.a.app.argus.healthChecker.checkOnce();
    // Skipping what the tests before published, if it reaches this replica after the stream opened.
    const offline = JSON.parse((await sse.nextWhere((m) => m.event === 'event' && (JSON.parse(m.data) as EventRecord).source === 'cloud')).data) as EventRecord;
    expect(offline).toMatchObject({ label: expect.stringMatching(/-offline$/), phase: 'start', siteId: expect.stringMatching(/^(north|south)$/) });
    const listed = (await clouds.b.app.inject({ method: 'GET', url: `/api/events?label=${offline.label}`, headers: adminHeaders })).json<{ events: EventRecord[] }>().events;
    expect(listed.find((e) => e.id === offline.id)).toEqual(offline);
  });

  it('lets only people with camera.view open it, and answers 400 without Accept: text/event-stream', async () => {
    expect((await fetch(`${clouds.a.url}/api/stream`, { headers: { accept: 'text/event-stream' } })).status).toBe(401);
    expect((await fetch(`${clouds.a.url}/api/stream`, { headers: { accept: 'text/event-stream', ...north.headers } })).status).toBe(403);
    const noAccept = await clouds.a.app.inject({ method: 'GET', url: '/api/stream', headers: adminHeaders });
    expect(noAccept.json()).toMatchObject({ statusCode: 400, code: 'CLD_ERR_BAD_REQUEST', field: 'accept' });
    expect((await clouds.a.app.inject({ method: 'HEAD', url: '/api/stream', headers: { ...adminHeaders, accept: 'text/event-stream' } })).statusCode).toBe(404);
    const badId = await clouds.a.app.inject({ method: 'GET', url: '/api/stream?lastEventId=x1', headers: { ...adminHeaders, accept: 'text/event-stream' } });
    expect(badId.json()).toMatchObject({ statusCode: 400, code: 'CLD_ERR_VALIDATION' });
  });
});
