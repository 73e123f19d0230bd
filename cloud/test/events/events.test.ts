import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_PHASES } from '@argus/core';
import { EVENT_PHASE_NAMES } from '@argus/contracts';
import { adminHeaders, edgeHeaders, putCamera, startTestCloud, type TestCloud } from '../support/test-cloud.js';

const T0 = Date.parse('2026-11-26T05:00:00Z');
const id = (n: number): string => `6f1c2d3e-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('events ingestion', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
    await putCamera(cloud.app, 'cam-1');
    await putCamera(cloud.app, 'cam-2');
  });
  afterAll(() => cloud?.close());

  const post = (events: object[]) => cloud.app.inject({ method: 'POST', url: '/api/events', headers: edgeHeaders, payload: { events } });
  const list = async (query = ''): Promise<Array<Record<string, unknown>>> => {
    const res = await cloud.app.inject({ method: 'GET', url: `/api/events${query}`, headers: adminHeaders });
    expect(res.statusCode).toBe(200);
    return res.json<{ events: Array<Record<string, unknown>> }>().events;
  };
  const person = (n: number, phase: string, extra: object = {}) => ({
    id: id(n), phase, cameraId: 'cam-1', label: 'person', score: 0.8, startedAt: new Date(T0 + n * 1000).toISOString(), ...extra,
  });

  it('keeps the schema phases equal to core', () => {
    expect([...EVENT_PHASE_NAMES]).toEqual([...EVENT_PHASES]);
  });

  it('stores a batch and lists it newest first', async () => {
    const res = await post([
      person(1, 'start', { box: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 }, zones: ['door'], attributes: { colour: 'red' }, stream: 'sub' }),
      person(2, 'start'),
    ]);
    expect(res.json()).toEqual({ accepted: 2, ignored: 0 });
    const events = await list('?cameraId=cam-1');
    expect(events.map((e) => e.id)).toEqual([id(2), id(1)]);
    expect(events[1]).toMatchObject({
      phase: 'start', cameraId: 'cam-1', siteId: 'site-1', agentId: 'legacy', stream: 'sub', label: 'person', score: 0.8,
      box: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 }, zones: ['door'], attributes: { colour: 'red' },
      startedAt: new Date(T0 + 1000).toISOString(), endedAt: null, snapshotKey: null, source: 'edge',
    });
  });

  it('moves phases forward only: a late update never reopens an ended event', async () => {
    expect((await post([person(3, 'start'), person(3, 'update', { score: 0.9 }), person(3, 'end', { score: 0.9, endedAt: new Date(T0 + 9000).toISOString() })])).json())
      .toEqual({ accepted: 3, ignored: 0 });
    expect((await post([person(3, 'update', { score: 0.95 })])).json()).toEqual({ accepted: 0, ignored: 1 });
    expect((await post([person(3, 'start')])).json()).toEqual({ accepted: 0, ignored: 1 });
    const [event] = (await list('?cameraId=cam-1&label=person&limit=50')).filter((e) => e.id === id(3));
    expect(event).toMatchObject({ phase: 'end', score: 0.9, endedAt: new Date(T0 + 9000).toISOString() });
  });

  it('is idempotent: replaying a batch changes nothing', async () => {
    const batch = [person(4, 'start'), person(4, 'end', { endedAt: T0 + 20_000 })];
    await post(batch);
    const before = (await list()).find((e) => e.id === id(4));
    const replay = await post(batch);
    // The end is a repeat of the stored phase (accepted, same content); the start would move it back (ignored).
    expect(replay.json()).toEqual({ accepted: 1, ignored: 1 });
    const after = (await list()).find((e) => e.id === id(4));
    expect({ ...after, updatedAt: undefined }).toEqual({ ...before, updatedAt: undefined });
    const { rows } = await cloud.pool.query('select count(*)::int as n from events where id = $1', [id(4)]);
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('keeps an object event\'s path (the latest phase\'s), and refuses a point outside the picture', async () => {
    const path = [
      { at: T0, box: { x: 0.1, y: 0.2, width: 0.1, height: 0.3 } },
      { at: T0 + 1000, box: { x: 0.2, y: 0.2, width: 0.1, height: 0.3 } },
    ];
    expect((await post([person(7, 'start', { path: path.slice(0, 1) }), person(7, 'update', { path })])).statusCode).toBe(200);
    const [event] = (await list('?cameraId=cam-1&label=person&limit=50')).filter((e) => e.id === id(7));
    expect(event!.path).toEqual(path);
    const bad = await post([person(8, 'start', { path: [{ at: T0, box: { x: 1.2, y: 0, width: 0.1, height: 0.1 } }] })]);
    expect(bad.statusCode).toBe(400);
    // Motion and health events have none.
    const [motion] = (await list('?cameraId=cam-1&limit=50')).filter((e) => e.id === id(1));
    expect(motion?.path ?? []).toEqual([]);
  });

  it('ignores an id that belongs to another camera', async () => {
    expect((await post([{ ...person(1, 'end'), cameraId: 'cam-2' }])).json()).toEqual({ accepted: 0, ignored: 1 });
    expect((await list('?cameraId=cam-2')).length).toBe(0);
  });

  it('refuses the whole batch when one camera is unknown', async () => {
    const res = await post([person(5, 'start'), { ...person(6, 'start'), cameraId: 'nobody' }]);
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_CAMERA_NOT_FOUND', field: 'events.1.cameraId' });
    expect((await list()).some((e) => e.id === id(5))).toBe(false);
  });

  it.each([
    [[{ ...person(7, 'start'), phase: 'begin' }], 'phase'],
    [[{ ...person(7, 'start'), score: 2 }], 'score'],
    [[{ ...person(7, 'start'), startedAt: 'yesterday' }], 'startedAt'],
    [[{ ...person(7, 'start'), label: "person'; drop table events; --" }], 'label'],
    [[{ ...person(7, 'start'), zones: ['gate', 'a,b'] }], 'zones'],
    [[], 'events'],
    [Array.from({ length: 501 }, (_, i) => person(1000 + i, 'start')), 'events'],
  ])('validates the batch (%#)', async (events, field) => {
    const res = await post(events);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ field?: string }>().field ?? '').toContain(field);
  });

  it('accepts a full batch of 500', async () => {
    const res = await post(Array.from({ length: 500 }, (_, i) => ({ ...person(2000 + i, 'start'), cameraId: 'cam-2', label: 'car' })));
    expect(res.json()).toEqual({ accepted: 500, ignored: 0 });
    expect((await list('?cameraId=cam-2&label=car&limit=1000')).length).toBe(500);
  });

  it('filters by time range (events overlapping it) and limit', async () => {
    const from = new Date(T0 + 1500).toISOString();
    const to = new Date(T0 + 3500).toISOString();
    const ids = (await list(`?cameraId=cam-1&from=${from}&to=${to}`)).map((e) => e.id);
    // id(1) started before `from` but is still open; id(3) started inside; id(4) starts after.
    expect(ids).toEqual([id(3), id(2), id(1)]);
    expect((await list('?cameraId=cam-1&limit=1')).length).toBe(1);
    const bad = await cloud.app.inject({ method: 'GET', url: '/api/events?from=soon', headers: adminHeaders });
    expect(bad.json()).toMatchObject({ statusCode: 400, code: 'CLD_ERR_BAD_RANGE', field: 'from' });
  });

  it('requires an edge credential to post', async () => {
    const res = await cloud.app.inject({ method: 'POST', url: '/api/events', payload: { events: [person(9, 'start')] } });
    expect(res.statusCode).toBe(401);
  });
});
