import { describe, expect, it } from 'vitest';
import { ApiRequestError, apiErrorFromBody, createApiClient, parseRetryAfter } from './api-client.js';

function fakeFetch(status: number, body: string): typeof fetch {
  return async () => new Response(body, { status, headers: { 'content-type': 'application/json' } });
}

describe('api client', () => {
  it('searches with the filters as query parameters, and checks the answer', async () => {
    const urls: string[] = [];
    const client = createApiClient({
      fetch: async (url) => {
        urls.push(String(url));
        return new Response(JSON.stringify({ hits: [], nextCursor: null }), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await expect(client.search({ from: '2026-11-26T05:00:00.000Z', labels: 'person,car', minScore: 0.5, sort: 'score', cursor: 'abc_-' })).resolves.toEqual({ hits: [], nextCursor: null });
    expect(urls).toEqual(['/api/search?from=2026-11-26T05%3A00%3A00.000Z&labels=person%2Ccar&minScore=0.5&sort=score&cursor=abc_-']);
    const odd = createApiClient({ fetch: fakeFetch(200, '{"buckets":"none"}') });
    await expect(odd.searchHistogram({ bucket: 'hour' })).rejects.toMatchObject({ code: 'CONSOLE_ERR_BAD_RESPONSE' });
  });

  it('lists cameras', async () => {
    const cameras = [{ id: 'cam-1', name: 'Gate', siteId: 'site-1', streams: ['main'], lastSegmentAt: null, online: false, state: null }];
    const client = createApiClient({ fetch: fakeFetch(200, JSON.stringify({ cameras })) });
    await expect(client.listCameras()).resolves.toEqual(cameras);
  });

  it("surfaces the API's code, message and field as an ApiRequestError", async () => {
    const body = { statusCode: 400, code: 'CLD_ERR_VALIDATION', error: 'Bad Request', message: 'bad from', field: 'from' };
    const client = createApiClient({ fetch: fakeFetch(400, JSON.stringify(body)) });
    const error = await client.listCameras().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 400, code: 'CLD_ERR_VALIDATION', message: 'bad from', field: 'from' });
  });

  it('reports unreachable cloud and malformed bodies with console codes', async () => {
    const offline = createApiClient({ fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(offline.listCameras()).rejects.toMatchObject({ status: 0, code: 'CONSOLE_ERR_NETWORK' });
    const odd = createApiClient({ fetch: fakeFetch(200, '{"items":[]}') });
    await expect(odd.listCameras()).rejects.toMatchObject({ code: 'CONSOLE_ERR_BAD_RESPONSE' });
    expect(apiErrorFromBody(502, '<html>Bad Gateway</html>')).toMatchObject({ status: 502, code: 'CONSOLE_ERR_HTTP' });
  });

  it('builds playlist URLs with encoded ids and ISO ranges', () => {
    const client = createApiClient({ baseUrl: 'https://cloud.example/', fetch: fakeFetch(200, '{}') });
    expect(client.livePlaylistUrl('cam/1')).toBe('https://cloud.example/api/cameras/cam%2F1/live.m3u8');
    const url = client.playbackPlaylistUrl('cam-1', {
      from: new Date('2026-11-26T05:00:00Z'),
      to: new Date('2026-11-26T05:05:00Z'),
    });
    expect(url).toBe(
      'https://cloud.example/api/cameras/cam-1/playback.m3u8?from=2026-11-26T05%3A00%3A00.000Z&to=2026-11-26T05%3A05%3A00.000Z',
    );
  });

  it('sends every request with the session cookie, and JSON bodies as JSON', async () => {
    const seen: RequestInit[] = [];
    const client = createApiClient({
      fetch: async (_url, init) => {
        seen.push(init ?? {});
        return new Response(JSON.stringify({ user: { id: 'usr_1', email: 'a@b.c' } }), { status: 201 });
      },
    });
    await client.createUser({ email: 'a@b.c', password: 'correct horse battery', role: 'viewer' });
    await client.listCameras().catch(() => undefined);
    expect(seen.map((init) => init.credentials)).toEqual(['same-origin', 'same-origin']);
    expect(seen[0]).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(String(seen[0]?.body))).toEqual({ email: 'a@b.c', password: 'correct horse battery', role: 'viewer' });
    // No body, no content-type: the cloud refuses an empty JSON body.
    expect(seen[1]?.headers).not.toHaveProperty('content-type');
  });

  it('reports a 401 from any call as a lost session, but not a refused login', async () => {
    const lost: string[] = [];
    const body = JSON.stringify({ statusCode: 401, code: 'CLD_ERR_UNAUTHORIZED', error: 'Unauthorized', message: 'sign in' });
    const client = createApiClient({ fetch: fakeFetch(401, body), onUnauthorized: (error) => lost.push(error.code) });
    await expect(client.listUsers()).rejects.toMatchObject({ status: 401, code: 'CLD_ERR_UNAUTHORIZED' });
    await expect(client.me()).rejects.toMatchObject({ status: 401 });
    expect(lost).toEqual(['CLD_ERR_UNAUTHORIZED', 'CLD_ERR_UNAUTHORIZED']);

    const failed = JSON.stringify({ statusCode: 401, code: 'CLD_ERR_LOGIN_FAILED', error: 'Unauthorized', message: 'no' });
    const login = createApiClient({ fetch: fakeFetch(401, failed), onUnauthorized: (error) => lost.push(error.code) });
    await expect(login.login({ email: 'a@b.c', password: 'x' })).rejects.toMatchObject({ code: 'CLD_ERR_LOGIN_FAILED' });
    expect(lost).toHaveLength(2);
  });

  it('carries Retry-After of a 429 as seconds', async () => {
    const body = JSON.stringify({ statusCode: 429, code: 'CLD_ERR_RATE_LIMITED', error: 'Too Many Requests', message: 'slow down' });
    const client = createApiClient({
      fetch: async () => new Response(body, { status: 429, headers: { 'retry-after': '840' } }),
    });
    await expect(client.login({ email: 'a@b.c', password: 'x' })).rejects.toMatchObject({
      status: 429,
      code: 'CLD_ERR_RATE_LIMITED',
      retryAfterSeconds: 840,
    });
    const now = Date.parse('2026-11-26T05:00:00Z');
    expect(parseRetryAfter('Thu, 26 Nov 2026 05:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('resolves 204 answers and builds encoded paths and audit queries', async () => {
    const urls: string[] = [];
    const client = createApiClient({
      fetch: async (url) => {
        urls.push(String(url));
        return String(url).includes('/api/audit') ? new Response('{"entries":[]}', { status: 200 }) : new Response(null, { status: 204 });
      },
    });
    await expect(client.deleteUser('usr_a/b')).resolves.toBeUndefined();
    await client.listAudit({ from: new Date('2026-11-26T05:00:00Z'), actor: ' ', action: 'auth.', limit: 50 });
    expect(urls[0]).toBe('/api/users/usr_a%2Fb');
    expect(urls[1]).toBe('/api/audit?from=2026-11-26T05%3A00%3A00.000Z&action=auth.&limit=50');
  });

  it('asks for a timeline with an ISO range, saves detection settings with PUT and takes snapshots with a bodiless POST', async () => {
    const calls: Array<{ url: string; method: string; body: unknown; contentType: string | null }> = [];
    const answers: Record<string, unknown> = {
      timeline: { cameraId: 'cam-1', from: 'a', to: 'b', recorded: [], offline: [], events: [], eventsTruncated: false },
      detection: { cameraId: 'cam-1', detection: { enabled: true }, stream: 'sub', appliedAt: null },
      snapshot: { key: 'org/default/cam/cam-1/x.jpg', url: '/api/media/org/default/cam/cam-1/x.jpg', takenAt: 'c' },
    };
    const client = createApiClient({
      fetch: async (input, init) => {
        const url = String(input);
        const headers = new Headers(init?.headers);
        calls.push({ url, method: init?.method ?? 'GET', body: init?.body === null || init?.body === undefined ? null : JSON.parse(String(init.body)), contentType: headers.get('content-type') });
        const kind = url.includes('/timeline') ? 'timeline' : url.includes('/snapshot') ? 'snapshot' : 'detection';
        return new Response(JSON.stringify(answers[kind]), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await client.getTimeline('cam 1', { from: new Date('2026-11-30T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') });
    expect(calls[0]?.url).toBe('/api/cameras/cam%201/timeline?from=2026-11-30T00%3A00%3A00.000Z&to=2026-12-01T00%3A00%3A00.000Z');
    await client.saveDetection('cam-1', { sensitivity: 0.7 });
    expect(calls[1]).toMatchObject({ url: '/api/cameras/cam-1/detection', method: 'PUT', body: { sensitivity: 0.7 }, contentType: 'application/json' });
    await expect(client.takeSnapshot('cam-1')).resolves.toMatchObject({ url: '/api/media/org/default/cam/cam-1/x.jpg' });
    expect(calls[2]).toMatchObject({ url: '/api/cameras/cam-1/snapshot', method: 'POST', body: null, contentType: null });
  });

  it('lists events with the filters it was given, blank ones left out', async () => {
    const urls: string[] = [];
    const event = { id: 'ev-1', label: 'person', cameraId: 'cam-1' };
    const client = createApiClient({
      fetch: async (url) => {
        urls.push(String(url));
        return new Response(JSON.stringify({ events: [event] }), { status: 200 });
      },
    });
    await expect(client.listEvents({ cameraId: ' ', label: 'person', from: new Date('2026-11-26T05:00:00Z'), to: new Date('2026-11-26T06:00:00Z'), limit: 48 })).resolves.toEqual([event]);
    expect(urls[0]).toBe('/api/events?label=person&from=2026-11-26T05%3A00%3A00.000Z&to=2026-11-26T06%3A00%3A00.000Z&limit=48');
    await client.listEvents({ cameraId: 'cam-2' });
    expect(urls[1]).toBe('/api/events?cameraId=cam-2');
  });

  it('lists alerts by state, camera and start, and sends a note only when one was written', async () => {
    const calls: Array<{ url: string; method: string | undefined; body: unknown }> = [];
    const alert = { id: 'alr_1', state: 'acknowledged', openedAt: '2026-11-26T05:00:01.000Z', eventStartedAt: '2026-11-26T05:00:00.000Z', ruleName: 'Gate' };
    const client = createApiClient({
      fetch: async (url, init) => {
        calls.push({ url: String(url), method: init?.method, body: init?.body === null || init?.body === undefined ? null : JSON.parse(String(init.body)) });
        return new Response(JSON.stringify(String(url).startsWith('/api/alerts?') ? { alerts: [alert] } : alert), { status: 200 });
      },
    });
    await expect(client.listAlerts({ state: 'open', cameraId: 'cam-1', from: new Date('2026-11-26T05:00:00Z'), limit: 200 })).resolves.toEqual([alert]);
    expect(calls[0]?.url).toBe('/api/alerts?state=open&cameraId=cam-1&from=2026-11-26T05%3A00%3A00.000Z&limit=200');
    await client.acknowledgeAlert('alr_1', '  on my way ');
    await client.resolveAlert('alr_1', '   ');
    await client.assignAlert('alr_1', 'ops@argus.test');
    expect(calls.slice(1)).toEqual([
      { url: '/api/alerts/alr_1/ack', method: 'POST', body: { note: 'on my way' } },
      { url: '/api/alerts/alr_1/resolve', method: 'POST', body: {} },
      { url: '/api/alerts/alr_1/assign', method: 'POST', body: { assignee: 'ops@argus.test' } },
    ]);
  });

  it('refuses an alert without the fields the inbox shows', async () => {
    const client = createApiClient({ fetch: fakeFetch(200, JSON.stringify({ id: 'alr_1' })) });
    await expect(client.acknowledgeAlert('alr_1')).rejects.toMatchObject({ code: 'CONSOLE_ERR_BAD_RESPONSE' });
  });

  it('addresses the live stream, resuming after a position', () => {
    const client = createApiClient({ baseUrl: 'https://cloud.example', fetch: fakeFetch(200, '{}') });
    expect(client.streamUrl()).toBe('https://cloud.example/api/stream');
    expect(client.streamUrl('1234')).toBe('https://cloud.example/api/stream?lastEventId=1234');
  });
  it('lists evidence locks of a camera and range, creates and releases them, and follows exports', async () => {
    const calls: Array<{ url: string; method: string; body: string | null }> = [];
    const lock = { id: 'lock-1', cameraId: 'cam-1', reason: 'Break-in' };
    const exported = { id: 'exp 1', state: 'queued', cameraId: 'cam-1' };
    const client = createApiClient({
      fetch: async (url, init) => {
        calls.push({ url: String(url), method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? init.body : null });
        const path = String(url);
        const body = path.startsWith('/api/evidence-locks?') ? { locks: [lock] } : path === '/api/exports?limit=5' ? { exports: [exported] } : path.startsWith('/api/exports') ? exported : lock;
        return new Response(JSON.stringify(body), { status: path === '/api/exports' ? 202 : 200, headers: { 'content-type': 'application/json' } });
      },
    });
    const range = { from: '2026-11-26T09:00:00.000Z', to: '2026-11-26T09:05:00.000Z' };
    await expect(client.listEvidenceLocks({ cameraId: 'cam-1', from: new Date(range.from), to: new Date(range.to) })).resolves.toEqual([lock]);
    await client.createEvidenceLock({ cameraId: 'cam-1', ...range, reason: 'Break-in' });
    await client.releaseEvidenceLock('lock-1');
    await expect(client.createExport({ cameraId: 'cam-1', ...range, reason: 'Break-in', stream: 'main' })).resolves.toEqual(exported);
    await client.getExport('exp 1');
    await expect(client.listExports(5)).resolves.toEqual([exported]);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/evidence-locks?cameraId=cam-1&from=2026-11-26T09%3A00%3A00.000Z&to=2026-11-26T09%3A05%3A00.000Z',
      'POST /api/evidence-locks',
      'DELETE /api/evidence-locks/lock-1',
      'POST /api/exports',
      'GET /api/exports/exp%201',
      'GET /api/exports?limit=5',
    ]);
    expect(JSON.parse(calls[3]!.body!)).toEqual({ cameraId: 'cam-1', ...range, reason: 'Break-in', stream: 'main' });
    expect(createApiClient({ baseUrl: 'https://cloud.example/' }).cloudUrl('/api/media/org/o/exports/e/clip.mp4')).toBe('https://cloud.example/api/media/org/o/exports/e/clip.mp4');
    const odd = createApiClient({ fetch: fakeFetch(200, '{"id":"exp-1"}') });
    await expect(odd.getExport('exp-1')).rejects.toMatchObject({ code: 'CONSOLE_ERR_BAD_RESPONSE' });
  });
});
