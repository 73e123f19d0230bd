import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, edgeHeaders, startTestCloud, type TestCloud } from '../support/test-cloud.js';

describe('cameras', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(() => cloud?.close());

  const upsert = (id: string, payload: object, headers: Record<string, string> = edgeHeaders) =>
    cloud.app.inject({ method: 'PUT', url: `/api/cameras/${id}`, headers, payload });

  it('upserts by id: creates, then updates in place', async () => {
    const created = await upsert('gate-1', { name: 'Gate', siteId: 'hq', streams: ['main', 'sub'] });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toEqual({ camera: { id: 'gate-1', name: 'Gate', siteId: 'hq', streams: ['main', 'sub'], lastSegmentAt: null, online: true, state: null } });
    const updated = await upsert('gate-1', { name: 'Gate (north)', siteId: 'hq', streams: ['main'] });
    expect(updated.json()).toMatchObject({ camera: { name: 'Gate (north)', streams: ['main'] } });
    const got = await cloud.app.inject({ method: 'GET', url: '/api/cameras/gate-1', headers: adminHeaders });
    expect(got.json()).toMatchObject({ camera: { id: 'gate-1', name: 'Gate (north)' } });
    const { rows } = await cloud.pool.query('select org_id from cameras');
    expect(rows).toEqual([{ org_id: 'default' }]);
  });

  it('requires the edge token', async () => {
    const res = await upsert('gate-2', { name: 'Gate', siteId: 'hq', streams: ['main'] }, {});
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'CLD_ERR_UNAUTHORIZED' });
  });

  it.each([
    ['Gate_1', { name: 'Gate', siteId: 'hq', streams: ['main'] }, 'id'],
    ['gate-3', { name: 'Gate', siteId: 'HQ!', streams: ['main'] }, 'siteId'],
    ['gate-3', { name: 'Gate', siteId: 'hq', streams: [] }, 'streams'],
    ['gate-3', { name: 'Gate', siteId: 'hq', streams: ['main', 'main'] }, 'streams'],
    ['gate-3', { siteId: 'hq', streams: ['main'] }, 'name'],
  ])('refuses camera %s %j naming %s', async (id, payload, field) => {
    const res = await upsert(id, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'CLD_ERR_VALIDATION', field });
  });

  it('404 for an unknown camera, and for unknown API routes', async () => {
    expect((await cloud.app.inject({ method: 'GET', url: '/api/cameras/nobody', headers: adminHeaders })).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_CAMERA_NOT_FOUND' });
    expect((await cloud.app.inject({ method: 'GET', url: '/api/nothing', headers: adminHeaders })).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_NOT_FOUND' });
  });

  it('reports health', async () => {
    expect((await cloud.app.inject({ method: 'GET', url: '/api/health', headers: adminHeaders })).json()).toEqual({ status: 'ok' });
  });

  it('audits a new or changed camera, not an agent announcing it unchanged', async () => {
    const put = (name: string) => cloud.app.inject({ method: 'PUT', url: '/api/cameras/audited', headers: edgeHeaders, payload: { name, siteId: 'site-1', streams: ['main'] } });
    for (const name of ['Loading bay', 'Loading bay', 'Loading bay', 'Loading bay east']) expect((await put(name)).statusCode).toBe(200);
    const { rows } = await cloud.pool.query<{ action: string; actor: string; target: string }>("select action, actor, target from audit_log where target like 'camera:audited%' order by id");
    expect(rows).toEqual([
      { action: 'camera.create', actor: 'agent:legacy', target: 'camera:audited site:site-1 "Loading bay" main' },
      { action: 'camera.update', actor: 'agent:legacy', target: 'camera:audited site:site-1 "Loading bay east" main' },
    ]);
  });
});
