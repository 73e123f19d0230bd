import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_MAX_LIST_ITEMS, type HistogramResponse, type IncomingEvent, type SearchResponse } from '@argus/contracts';
import { createOrgWithAdmin } from '../../src/auth/bootstrap.js';
import { encodeCursor } from '../../src/core/search-query.js';
import { adminHeaders, edgeHeaders, login, putCamera, startTestCloud, userSession, type TestCloud } from '../support/test-cloud.js';

const T0 = Date.parse('2026-11-26T05:00:00Z');
const S = 1000;
const H = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const RANGE = `from=${iso(T0)}&to=${iso(T0 + H)}`;

/** The fixture: what each event is, so expectations read as names. */
const EVENTS: Record<string, Omit<IncomingEvent, 'id' | 'phase'>> = {
  e1: { cameraId: 'cam-1', label: 'person', score: 0.9, zones: ['door'], attributes: { color: 'red' }, startedAt: iso(T0), endedAt: iso(T0 + 10 * S), snapshotKey: 'org/default/cam/cam-1/snap-e1.jpg' },
  e2: { cameraId: 'cam-1', label: 'car', score: 0.5, zones: ['drive'], attributes: { color: 'blue' }, startedAt: iso(T0 + 60 * S), endedAt: iso(T0 + 61 * S) },
  e3: { cameraId: 'cam-2', label: 'person', score: 0.7, zones: ['door', 'yard'], attributes: { color: 'blue' }, startedAt: iso(T0 + 120 * S) },
  e4: { cameraId: 'cam-3', label: 'person', score: 0.95, startedAt: iso(T0 + 180 * S), endedAt: iso(T0 + 200 * S) },
  e5: { cameraId: 'cam-1', label: 'motion', startedAt: iso(T0 + 240 * S), endedAt: iso(T0 + 250 * S) },
  // Started two hours before the range, ended 5 s into it: overlaps.
  e6: { cameraId: 'cam-1', label: 'person', score: 0.6, startedAt: iso(T0 - 2 * H), endedAt: iso(T0 + 5 * S) },
  // Ended before the range.
  e7: { cameraId: 'cam-1', label: 'person', score: 0.99, startedAt: iso(T0 - 3 * H), endedAt: iso(T0 - 2.5 * H) },
};

describe('forensic search', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
    cloud.clock.now = T0 + 2 * H;
    for (const site of ['north', 'south']) {
      const res = await cloud.app.inject({ method: 'POST', url: '/api/sites', headers: adminHeaders, payload: { id: site, name: `Site ${site}` } });
      expect(res.statusCode).toBe(201);
    }
    await putCamera(cloud.app, 'cam-1', ['main'], edgeHeaders, 'north');
    await putCamera(cloud.app, 'cam-2', ['main'], edgeHeaders, 'north');
    await putCamera(cloud.app, 'cam-3', ['main'], edgeHeaders, 'south');
    await putCamera(cloud.app, 'cam-p', ['main'], edgeHeaders, 'north');
    await post(Object.entries(EVENTS).map(([id, e]) => ({ id, phase: e.endedAt === undefined ? 'start' : 'end', ...e })));
    // A health event of an agent (no camera) in the range: not a search hit.
    await cloud.pool.query(
      `insert into events (id, org_id, site_id, camera_id, agent_id, phase, label, started_at, source) values ('h1', 'default', 'north', null, 'legacy', 'start', 'agent-offline', $1, 'cloud')`,
      [new Date(T0 + 30 * S)],
    );
    // Another organisation's camera and event at the same time, with the same ids.
    await createOrgWithAdmin(cloud.pool, { id: 'acme', name: 'Acme' }, { email: 'admin@acme.test', password: 'acme-admin-password' });
    await cloud.pool.query(`insert into cameras (id, org_id, site_id, name, streams) values ('cam-1', 'acme', 'hq', 'Acme gate', '{main}')`);
    await cloud.pool.query(
      `insert into events (id, org_id, site_id, camera_id, phase, label, score, started_at, source) values ('e1', 'acme', 'hq', 'cam-1', 'start', 'person', 0.9, $1, 'edge'), ('acme-2', 'acme', 'hq', 'cam-1', 'start', 'person', 0.9, $1, 'edge')`,
      [new Date(T0 + 30 * S)],
    );
  });
  afterAll(() => cloud?.close());

  async function post(events: IncomingEvent[]): Promise<void> {
    const res = await cloud.app.inject({ method: 'POST', url: '/api/events', headers: edgeHeaders, payload: { events } });
    expect(res.json()).toEqual({ accepted: events.length, ignored: 0 });
  }
  const get = (url: string, headers: Record<string, string> = adminHeaders) => cloud.app.inject({ method: 'GET', url, headers });
  async function search(query: string, headers?: Record<string, string>): Promise<SearchResponse> {
    const res = await get(`/api/search?${query}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SearchResponse>();
  }
  const ids = async (query: string, headers?: Record<string, string>): Promise<string[]> => (await search(query, headers)).hits.map((h) => h.event.id);

  it('finds the events overlapping the range, newest first, with their snapshot and playback', async () => {
    const answer = await search(RANGE);
    expect(answer.hits.map((h) => h.event.id)).toEqual(['e5', 'e4', 'e3', 'e2', 'e1', 'e6']);
    expect(answer.nextCursor).toBeNull();
    const e1 = answer.hits.find((h) => h.event.id === 'e1')!;
    expect(e1.event).toMatchObject({ cameraId: 'cam-1', siteId: 'north', label: 'person', score: 0.9, zones: ['door'], attributes: { color: 'red' } });
    expect(e1.snapshotUrl).toBe('/api/media/org/default/cam/cam-1/snap-e1.jpg');
    expect(e1.playbackUrl).toBe(`/api/cameras/cam-1/playback.m3u8?from=${encodeURIComponent(iso(T0 - 5 * S))}&to=${encodeURIComponent(iso(T0 + 70 * S))}`);
    expect(answer.hits.find((h) => h.event.id === 'e2')!.snapshotUrl).toBeNull();
  });

  it.each([
    ['cameraIds=cam-1', ['e5', 'e2', 'e1', 'e6']],
    ['cameraIds=cam-2,cam-3', ['e4', 'e3']],
    ['siteIds=south', ['e4']],
    ['labels=person', ['e4', 'e3', 'e1', 'e6']],
    ['labels=car,motion', ['e5', 'e2']],
    ['zones=yard', ['e3']],
    ['zones=door,drive', ['e3', 'e2', 'e1']],
    ['minScore=0.9', ['e4', 'e1']],
    ['minScore=0', ['e4', 'e3', 'e2', 'e1', 'e6']],
    ['color=blue', ['e3', 'e2']],
    ['color=red&labels=car', []],
    // e3 is still open: it counts to now (two hours); e1 and e5 lasted exactly 10 s.
    ['minDwellSeconds=10', ['e5', 'e4', 'e3', 'e1', 'e6']],
    ['minDwellSeconds=11', ['e4', 'e3', 'e6']],
    ['minDwellSeconds=3600&labels=person', ['e3', 'e6']],
    ['labels=camera-offline,agent-offline', []],
  ])('filters by %s', async (query, expected) => {
    expect(await ids(`${RANGE}&${query}`)).toEqual(expected);
  });

  it('matches events overlapping [from, to): one ending at `from` or starting at `to` does not', async () => {
    expect(await ids(`from=${iso(T0 + 5 * S)}&to=${iso(T0 + 60 * S)}`)).toEqual(['e1']);
    expect(await ids(`from=${iso(T0 + 5 * S - 1)}&to=${iso(T0 + 60 * S + 1)}`)).toEqual(['e2', 'e1', 'e6']);
    // Epoch milliseconds as well as ISO 8601.
    expect(await ids(`from=${T0 - 3 * H}&to=${T0 - 2 * H + 1}`)).toEqual(['e6', 'e7']);
    // Without a range: the last SEARCH_DEFAULT_SPAN_DAYS before now.
    expect(await ids('labels=person')).toEqual(['e4', 'e3', 'e1', 'e6', 'e7']);
  });

  it('sorts by score, best first, unscored last', async () => {
    expect(await ids(`${RANGE}&sort=score`)).toEqual(['e4', 'e1', 'e3', 'e6', 'e2', 'e5']);
  });

  it('never shows another organisation\'s events, and shows that organisation only its own', async () => {
    const all = await ids(`from=${iso(T0 - 4 * H)}&to=${iso(T0 + H)}`);
    expect(all).not.toContain('acme-2');
    expect(all.filter((id) => id === 'e1')).toHaveLength(1);
    const acme = await login(cloud.app, 'admin@acme.test', 'acme-admin-password');
    expect(await ids(RANGE, acme)).toEqual(['e1', 'acme-2']);
    expect((await search(`${RANGE}&cameraIds=cam-1`, acme)).hits.every((h) => h.event.siteId === 'hq')).toBe(true);
    const histogram = (await get(`/api/search/histogram?${RANGE}`, acme)).json<HistogramResponse>();
    expect(histogram.buckets).toEqual([{ start: iso(T0), count: 2 }]);
  });

  it('shows a site-scoped user only their sites', async () => {
    const north = await userSession(cloud.app, { email: 'north@default.test', role: 'viewer', siteIds: ['north'] });
    expect(await ids(RANGE, north.headers)).toEqual(['e5', 'e3', 'e2', 'e1', 'e6']);
    expect(await ids(`${RANGE}&siteIds=south`, north.headers)).toEqual([]);
    expect(await ids(`${RANGE}&cameraIds=cam-3`, north.headers)).toEqual([]);
    expect(await ids(`${RANGE}&siteIds=north,south`, north.headers)).toEqual(['e5', 'e3', 'e2', 'e1', 'e6']);
    const histogram = (await get(`/api/search/histogram?${RANGE}`, north.headers)).json<HistogramResponse>();
    expect(histogram.buckets[0]!.count).toBe(4);
  });

  it('requires signing in', async () => {
    expect((await cloud.app.inject({ method: 'GET', url: `/api/search?${RANGE}` })).statusCode).toBe(401);
    expect((await cloud.app.inject({ method: 'GET', url: `/api/search/histogram?${RANGE}` })).statusCode).toBe(401);
    expect((await get(`/api/search?${RANGE}`, edgeHeaders)).statusCode).toBe(403);
  });

  describe('refusals', () => {
    const forged = (body: object): string => Buffer.from(JSON.stringify(body)).toString('base64url');
    const timeCursor = encodeCursor({ sort: 'time', startedAt: '2026-11-26T05:00:00.000000Z', id: 'e1' });
    const cases: Array<[string, string]> = [
      ["cameraIds=' or 1=1 --", 'cameraIds'],
      ['cameraIds=;drop table events', 'cameraIds'],
      ['cameraIds=cam-1,,cam-2', 'cameraIds'],
      [`cameraIds=${'c'.repeat(64)}`, 'cameraIds'],
      ["siteIds=north' or 1=1 --", 'siteIds'],
      ['siteIds=;drop table events', 'siteIds'],
      [`siteIds=${Array.from({ length: SEARCH_MAX_LIST_ITEMS + 1 }, (_, i) => `s${i}`).join(',')}`, 'siteIds'],
      [`labels=${'x'.repeat(65)}`, 'labels'],
      [`labels=${Array.from({ length: SEARCH_MAX_LIST_ITEMS + 1 }, (_, i) => `l${i}`).join(',')}`, 'labels'],
      [`zones=door,${'z'.repeat(65)}`, 'zones'],
      [`zones=${'z,'.repeat(2500)}`, 'zones'],
      ["minScore=' or 1=1 --", 'minScore'],
      ['minScore=1.5', 'minScore'],
      ['minScore=-0.1', 'minScore'],
      ["color=red' or 1=1 --", 'color'],
      ['color=;drop table events', 'color'],
      ['minDwellSeconds=-1', 'minDwellSeconds'],
      ['minDwellSeconds=99999999999', 'minDwellSeconds'],
      ['minDwellSeconds=;drop table events', 'minDwellSeconds'],
      ["from=' or 1=1 --", 'from'],
      ['to=;drop table events', 'to'],
      [`from=${'9'.repeat(41)}`, 'from'],
      [`from=${iso(T0 + H)}&to=${iso(T0)}`, 'to'],
      [`from=${iso(T0 - 401 * 24 * H)}&to=${iso(T0)}`, 'to'],
    ];
    const searchOnly: Array<[string, string]> = [
      ["sort=time' or 1=1 --", 'sort'],
      ['limit=0', 'limit'],
      ['limit=100000', 'limit'],
      ['limit=;drop table events', 'limit'],
      ["cursor=' or 1=1 --", 'cursor'],
      ['cursor=;drop table events', 'cursor'],
      [`cursor=${'A'.repeat(401)}`, 'cursor'],
      [`cursor=${timeCursor.slice(0, -2)}`, 'cursor'],
      [`cursor=${forged({ v: 1, s: 'time', t: "2026-11-26T05:00:00.000000Z' or 1=1 --", i: 'e1' })}`, 'cursor'],
      [`cursor=${forged({ v: 1, s: 'time', t: '2026-11-26T05:00:00.000000Z', i: "e1'; drop table events; --" })}`, 'cursor'],
      [`sort=score&cursor=${timeCursor}`, 'cursor'],
    ];
    const histogramOnly: Array<[string, string]> = [
      ['bucket=minute', 'bucket'],
      ["bucket=hour' or 1=1 --", 'bucket'],
      [`from=${iso(T0 - 60 * 24 * H)}&to=${iso(T0)}&bucket=hour`, 'bucket'],
    ];

    const table = (path: string, rows: Array<[string, string]>) => rows.map(([query, field]) => [path, query.length > 70 ? `${query.slice(0, 70)}…` : query, field, query] as const);
    it.each([...table('/api/search', [...cases, ...searchOnly]), ...table('/api/search/histogram', [...cases, ...histogramOnly])])(
      '%s?%s → 400 naming %s',
      async (path, _name, field, query) => {
        // Each value URL-encoded as a browser would send it (the quotes and semicolons reach the API as typed).
        const encoded = query.split('&').map((part) => `${part.slice(0, part.indexOf('='))}=${encodeURIComponent(part.slice(part.indexOf('=') + 1))}`).join('&');
        const res = await get(`${path}?${query.startsWith('from=') ? encoded : `${RANGE}&${encoded}`}`);
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json<{ field?: string; code: string }>().field).toBe(field);
      },
    );

    it('refuses an injection in a label or zone, naming the field, and changes nothing', async () => {
      const before = (await cloud.pool.query<{ n: number }>('select count(*)::int as n from events')).rows[0]!.n;
      for (const value of ["' or 1=1 --", ';drop table events', "person') or ('1'='1"]) {
        for (const field of ['labels', 'zones']) {
          for (const path of ['/api/search', '/api/search/histogram']) {
            const res = await get(`${path}?${RANGE}&${field}=${encodeURIComponent(value)}`);
            expect(res.statusCode, `${path} ${field}=${value}`).toBe(400);
            expect(res.json<{ code: string; field: string }>()).toMatchObject({ code: 'CLD_ERR_VALIDATION', field });
          }
        }
      }
      expect((await cloud.pool.query<{ n: number }>('select count(*)::int as n from events')).rows[0]!.n).toBe(before);
    });
  });

  describe('histogram', () => {
    it('counts matching events by the hour they start in, every hour of the range, empty ones as 0', async () => {
      const res = await get(`/api/search/histogram?from=${iso(T0 - 3 * H)}&to=${iso(T0 + 2 * H)}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<HistogramResponse>()).toEqual({
        bucket: 'hour', from: iso(T0 - 3 * H), to: iso(T0 + 2 * H),
        buckets: [
          { start: iso(T0 - 3 * H), count: 1 },
          { start: iso(T0 - 2 * H), count: 1 },
          { start: iso(T0 - H), count: 0 },
          { start: iso(T0), count: 5 },
          { start: iso(T0 + H), count: 0 },
        ],
      });
    });

    it('applies the filters, and counts by UTC day', async () => {
      const byHour = (await get(`/api/search/histogram?${RANGE}&labels=person&minScore=0.8`)).json<HistogramResponse>();
      expect(byHour.buckets).toEqual([{ start: iso(T0), count: 2 }]);
      // From the middle of an hour: the bucket is the whole hour, counting what starts within the range.
      const partial = (await get(`/api/search/histogram?from=${iso(T0 + 90 * S)}&to=${iso(T0 + H)}`)).json<HistogramResponse>();
      expect(partial.buckets).toEqual([{ start: iso(T0), count: 3 }]);
      const byDay = (await get(`/api/search/histogram?from=${iso(T0 - 6 * H)}&to=${iso(T0 + 24 * H)}&bucket=day`)).json<HistogramResponse>();
      expect(byDay).toMatchObject({ bucket: 'day', buckets: [{ start: '2026-11-25T00:00:00.000Z', count: 0 }, { start: '2026-11-26T00:00:00.000Z', count: 7 }, { start: '2026-11-27T00:00:00.000Z', count: 0 }] });
    });
  });

  describe('paging', () => {
    const P0 = T0 + 10 * 60 * S;
    let n = 0;
    /** Events on cam-p; a few share a start (the id breaks the tie), some share a score, some have none. */
    const make = (startedAt: number, score: number | undefined): IncomingEvent => ({
      id: `p-${String(++n).padStart(3, '0')}`, phase: 'start', cameraId: 'cam-p', label: 'person', startedAt: iso(startedAt), ...(score === undefined ? {} : { score }),
    });
    const PAGING = `${RANGE}&cameraIds=cam-p`;

    beforeAll(async () => {
      const scores = [0.5, 0.9, undefined, 0.5, 0.7, 0.5, undefined, 0.3, 0.9, 0.5, 0.6, 0.5, 0.8, undefined, 0.5, 0.4, 0.5];
      await post(scores.map((score, i) => make(P0 + Math.floor(i / 3) * S, score)));
    });

    it.each(['time', 'score'] as const)('pages through every event by %s with a cursor while events arrive, each once', async (sort) => {
      const before = await ids(`${PAGING}&sort=${sort}&limit=200`);
      expect(before.length).toBeGreaterThanOrEqual(17);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const answer: SearchResponse = await search(`${PAGING}&sort=${sort}&limit=4${cursor === null ? '' : `&cursor=${cursor}`}`);
        seen.push(...answer.hits.map((h) => h.event.id));
        cursor = answer.nextCursor;
        pages += 1;
        expect(answer.hits.length).toBeLessThanOrEqual(4);
        // Between pages: newer, older, tying and unscored events arrive.
        await post([make(P0 + 20 * S, 0.95), make(P0 + 2 * S, 0.5), make(P0 - 5 * S, undefined), make(P0 + S, 0.7)]);
      } while (cursor !== null && pages < 50);
      expect(cursor).toBeNull();
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of before) expect(seen).toContain(id);
      // The order of what was seen is the sort's order.
      const all = await search(`${PAGING}&sort=${sort}&limit=200`);
      const order = all.hits.map((h) => h.event.id);
      const positions = seen.map((id) => order.indexOf(id));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    });

    it('ends with no cursor on the last page', async () => {
      const answer = await search(`${PAGING}&limit=200`);
      expect(answer.nextCursor).toBeNull();
      const first = await search(`${PAGING}&limit=1`);
      expect(first.nextCursor).not.toBeNull();
      expect(first.hits).toHaveLength(1);
    });
  });
});
