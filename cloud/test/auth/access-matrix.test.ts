import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, type Permission, type Role, type RouteAccess } from '@argus/contracts';
import { accessProblem } from '../../src/http/principal.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, adminHeaders, enrollAgent, login, startTestCloud, userSession, type TestCloud } from '../support/test-cloud.js';

/**
 * The role × route matrix, built from the app's own route table: every route
 * declares its access; for every route and every kind of caller, a caller
 * without the right is refused (401 for nobody, 403 for somebody), and a
 * caller with it gets past the auth layer (whatever the handler then says
 * about made-up ids and bodies).
 */
type Caller = 'anonymous' | Role | 'viewer-token' | 'agent';
const CALLERS: readonly Caller[] = ['anonymous', ...ROLES, 'viewer-token', 'agent'];

function allowed(access: RouteAccess, caller: Caller): boolean {
  if (access === 'public') return true;
  if (access === 'agent') return caller === 'agent';
  if (caller === 'anonymous' || caller === 'agent') return false;
  const role: Role = caller === 'viewer-token' ? 'viewer' : caller;
  return (PERMISSIONS[access as Permission] as readonly Role[]).includes(role);
}

/** A concrete URL for a route pattern: made-up ids of the right shape. */
function concrete(url: string): string {
  return url
    .replace('/api/users/:id', '/api/users/usr_probe')
    .replace('/api/tokens/:id', '/api/tokens/tok_probe')
    .replace(/:file/g, 'seg-1.ts')
    .replace(/:id/g, 'probe')
    .replace('*', 'org/default/cam/probe/2026/11/30/09/1796029200000.ts');
}

describe('access matrix', () => {
  let cloud: TestCloud;
  const headers = new Map<Caller, Record<string, string>>();
  beforeAll(async () => {
    cloud = await startTestCloud();
    headers.set('anonymous', {});
    for (const role of ROLES) headers.set(role, (await userSession(cloud.app, { email: `${role}@matrix.test`, role })).headers);
    const viewerToken = await cloud.app.inject({ method: 'POST', url: '/api/tokens', headers: headers.get('admin')!, payload: { name: 'matrix viewer', role: 'viewer' } });
    headers.set('viewer-token', { authorization: `Bearer ${viewerToken.json<{ token: string }>().token}` });
    headers.set('agent', (await enrollAgent(cloud.app, 'matrix-site')).headers);
  });
  afterAll(() => cloud?.close());

  it('has an access rule on every route, and every route of the OpenAPI document in its table', async () => {
    const routes = cloud.app.argus.routes;
    expect(routes.length).toBeGreaterThan(30);
    const undeclared = routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
    const openapi = (await cloud.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const documented = Object.entries(openapi.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace('{*}', '*').replace(/\{([^}]+)\}/g, ':$1')}`));
    expect(documented.length).toBeGreaterThan(25);
    const table = new Set(routes.map((r) => `${r.method} ${r.url}`));
    expect(documented.filter((d) => !table.has(d))).toEqual([]);
    // The document states each route's access too.
    expect(JSON.stringify(openapi.paths['/api/users'])).toContain('Access: user.manage (admin)');
  });

  it('closes a route that declares nothing, for everyone', () => {
    const admin = { kind: 'user', userId: 'usr_x', email: 'a@b.c', orgId: 'default', siteIds: null, role: 'admin', sessionHash: 'h' } as const;
    expect(accessProblem(undefined, admin, 'GET /api/new')).toMatchObject({ code: 'CLD_ERR_FORBIDDEN', statusCode: 403 });
    expect(accessProblem(undefined, { kind: 'anonymous' }, 'GET /api/new')).toMatchObject({ statusCode: 403 });
  });

  it('refuses every caller without the right and lets every caller with it through the auth layer', async () => {
    // Signing out ends the caller's session: it goes last.
    const last = (r: { url: string }) => (r.url === '/api/auth/logout' ? 1 : 0);
    const routes = cloud.app.argus.routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD').sort((a, b) => last(a) - last(b));
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      for (const caller of CALLERS) {
        const res = await cloud.app.inject({
          method: route.method as 'GET',
          url: concrete(route.url),
          headers: headers.get(caller)!,
          ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { payload: {} } : {}),
        });
        checked += 1;
        const status = res.statusCode;
        const ok = allowed(route.access!, caller);
        const expected = ok ? 'not 401/403' : caller === 'anonymous' ? '401' : '403';
        const good = ok ? status !== 401 && status !== 403 : status === (caller === 'anonymous' ? 401 : 403);
        if (!good) failures.push(`${caller} ${route.method} ${route.url} (${route.access}): ${status}, expected ${expected}: ${res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(routes.length * CALLERS.length);
  }, 120_000);
});

describe('organisations', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(() => cloud?.close());

  it('never lets one organisation see or change another by guessing ids', async () => {
    const { createOrgWithAdmin } = await import('../../src/auth/bootstrap.js');
    const { testSegment, uploadAndRegister, putCamera } = await import('../support/test-cloud.js');
    await createOrgWithAdmin(cloud.pool, { id: 'acme', name: 'Acme' }, { email: 'admin@acme.test', password: 'acme-admin-password' });
    const acme = await login(cloud.app, 'admin@acme.test', 'acme-admin-password');

    // The default organisation: a site with an agent, a camera with a segment and an event, a user and a token.
    const agent = await enrollAgent(cloud.app, 'hq');
    await putCamera(cloud.app, 'cam-1', ['main'], agent.headers, 'hq');
    const segment = testSegment({ cameraId: 'cam-1', startsAt: cloud.clock.now - 60_000 });
    expect((await uploadAndRegister(cloud.app, segment, agent.headers)).statusCode).toBe(201);
    const eventId = 'e0b7f7a4-5b6f-4d44-9d55-00000000acme';
    await cloud.app.inject({ method: 'POST', url: '/api/events', headers: agent.headers, payload: { events: [{ id: eventId, phase: 'start', cameraId: 'cam-1', label: 'person', startedAt: new Date(cloud.clock.now - 30_000).toISOString() }] } });
    const viewer = await userSession(cloud.app, { email: 'viewer@default.test', role: 'viewer' });
    const adminSession = await login(cloud.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const token = (await cloud.app.inject({ method: 'POST', url: '/api/tokens', headers: adminSession, payload: { name: 'default token' } })).json<{ id: string }>();
    const before = (await cloud.pool.query('select (select count(*) from users) u, (select count(*) from api_tokens where revoked_at is null) t, (select count(*) from agents where revoked_at is null) a, (select count(*) from sites) s')).rows[0];

    const range = `from=${new Date(cloud.clock.now - 120_000).toISOString()}&to=${new Date(cloud.clock.now).toISOString()}`;
    const probes: Array<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object }> = [
      { method: 'GET', url: '/api/cameras/cam-1' },
      { method: 'GET', url: `/api/cameras/cam-1/segments?${range}` },
      { method: 'GET', url: `/api/cameras/cam-1/playback.m3u8?${range}` },
      { method: 'GET', url: '/api/cameras/cam-1/live.m3u8' },
      { method: 'GET', url: '/api/cameras/cam-1/live-now.m3u8' },
      { method: 'GET', url: '/api/live/cam-1/seg-1.ts' },
      { method: 'GET', url: `/api/media/${segment.key}` },
      { method: 'GET', url: '/api/sites/hq/health' },
      { method: 'POST', url: '/api/sites/hq/enrollment-tokens', payload: {} },
      { method: 'PATCH', url: `/api/users/${viewer.id}`, payload: { role: 'admin' } },
      { method: 'DELETE', url: `/api/users/${viewer.id}` },
      { method: 'DELETE', url: `/api/tokens/${token.id}` },
      { method: 'DELETE', url: `/api/agents/${agent.agentId}/credential` },
      { method: 'POST', url: `/api/agents/${agent.agentId}/commands`, payload: { type: 'snapshot', args: { cameraId: 'cam-1' } } },
    ];
    for (const probe of probes) {
      const res = await cloud.app.inject({ method: probe.method, url: probe.url, headers: acme, ...(probe.payload ? { payload: probe.payload } : {}) });
      expect([403, 404], `${probe.method} ${probe.url}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
    }
    // Lists show nothing of the other organisation.
    for (const url of ['/api/cameras', '/api/events', '/api/sites', '/api/users', '/api/tokens', '/api/agents', '/api/audit']) {
      const body = (await cloud.app.inject({ method: 'GET', url, headers: acme })).body;
      for (const secret of ['cam-1', eventId, 'viewer@default.test', 'default token', agent.agentId, '"hq"', ADMIN_EMAIL]) expect(body, `${url} shows ${secret}`).not.toContain(secret);
    }
    const after = (await cloud.pool.query('select (select count(*) from users) u, (select count(*) from api_tokens where revoked_at is null) t, (select count(*) from agents where revoked_at is null) a, (select count(*) from sites) s')).rows[0];
    expect(after).toEqual(before);

    // The same camera id in another organisation is another camera, with keys of its own.
    const acmeSite = await cloud.app.inject({ method: 'POST', url: '/api/sites', headers: acme, payload: { id: 'hq', name: 'Acme HQ' } });
    expect(acmeSite.statusCode).toBe(201);
    const acmeToken = (await cloud.app.inject({ method: 'POST', url: '/api/sites/hq/enrollment-tokens', headers: acme, payload: {} })).json<{ token: string }>().token;
    const acmeAgent = (await cloud.app.inject({ method: 'POST', url: '/api/agents/enroll', payload: { token: acmeToken, name: 'acme box', version: '1' } })).json<{ credential: string; orgId: string }>();
    expect(acmeAgent.orgId).toBe('acme');
    const acmeHeaders = { authorization: `Bearer ${acmeAgent.credential}` };
    await putCamera(cloud.app, 'cam-1', ['main'], acmeHeaders, 'hq');
    // An agent of acme cannot write into the default organisation's keys.
    const foreign = await cloud.app.inject({ method: 'POST', url: '/api/uploads', headers: acmeHeaders, payload: { key: segment.key, bytes: 10, sha256: segment.sha256 } });
    expect(foreign.statusCode).toBe(400);
    const mine = testSegment({ cameraId: 'cam-1', startsAt: cloud.clock.now - 60_000, orgId: 'acme', seed: 7 });
    expect((await uploadAndRegister(cloud.app, mine, acmeHeaders)).statusCode).toBe(201);
    const acmeCams = (await cloud.app.inject({ method: 'GET', url: '/api/cameras', headers: acme })).json<{ cameras: Array<{ id: string; siteId: string }> }>().cameras;
    expect(acmeCams).toEqual([expect.objectContaining({ id: 'cam-1', siteId: 'hq' })]);
    const defaultSegments = (await cloud.app.inject({ method: 'GET', url: `/api/cameras/cam-1/segments?${range}`, headers: adminHeaders })).json<{ segments: Array<{ key: string }> }>().segments;
    expect(defaultSegments.map((s) => s.key)).toEqual([segment.key]);
    expect((await cloud.app.inject({ method: 'GET', url: `/api/media/${mine.key}`, headers: adminHeaders })).statusCode).toBe(404);
    expect((await cloud.app.inject({ method: 'GET', url: `/api/media/${mine.key}`, headers: acme })).statusCode).toBe(200);
  });

  it('narrows a site-scoped user to their sites', async () => {
    const { putCamera } = await import('../support/test-cloud.js');
    const north = await enrollAgent(cloud.app, 'north');
    const south = await enrollAgent(cloud.app, 'south');
    await putCamera(cloud.app, 'north-gate', ['main'], north.headers, 'north');
    await putCamera(cloud.app, 'south-gate', ['main'], south.headers, 'south');
    const scoped = await userSession(cloud.app, { email: 'north-only@default.test', role: 'operator', siteIds: ['north'] });
    const cameras = (await cloud.app.inject({ method: 'GET', url: '/api/cameras', headers: scoped.headers })).json<{ cameras: Array<{ id: string }> }>().cameras;
    expect(cameras.map((c) => c.id)).toEqual(['north-gate']);
    expect((await cloud.app.inject({ method: 'GET', url: '/api/cameras/south-gate', headers: scoped.headers })).statusCode).toBe(404);
    expect((await cloud.app.inject({ method: 'GET', url: '/api/sites/south/health', headers: scoped.headers })).statusCode).toBe(404);
    const sites = (await cloud.app.inject({ method: 'GET', url: '/api/sites', headers: scoped.headers })).json<{ sites: Array<{ id: string }> }>().sites;
    expect(sites.map((s) => s.id)).toEqual(['north']);
    expect((await cloud.app.inject({ method: 'POST', url: `/api/agents/${south.agentId}/commands`, headers: scoped.headers, payload: { type: 'snapshot', args: { cameraId: 'south-gate' } } })).statusCode).toBe(404);
  });
});
