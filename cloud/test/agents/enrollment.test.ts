import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHash } from '../../src/auth/secrets.js';
import {
  adminHeaders,
  countSegments,
  edgeHeaders,
  enrollAgent,
  putCamera,
  startTestCloud,
  testSegment,
  uploadAndRegister,
  type TestCloud,
} from '../support/test-cloud.js';

describe('sites, enrollment and per-agent credentials', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(() => cloud?.close());

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) =>
    cloud.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const issue = async (siteId: string, expiresInSeconds = 600): Promise<{ token: string; expiresAt: string }> => {
    const res = await inject('POST', `/api/sites/${siteId}/enrollment-tokens`, { expiresInSeconds }, adminHeaders);
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const enroll = (token: string) => inject('POST', '/api/agents/enroll', { token, name: 'north gate box', version: '0.1.0' });

  it('refuses site management to nobody (401) and to an agent (403)', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }] as Array<Record<string, string>>) {
      const res = await inject('POST', '/api/sites', { id: 'hq', name: 'HQ' }, headers);
      expect(res.json()).toMatchObject({ statusCode: 401, code: 'CLD_ERR_UNAUTHORIZED' });
    }
    const agent = await inject('POST', '/api/sites', { id: 'hq', name: 'HQ' }, edgeHeaders);
    expect(agent.json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_FORBIDDEN' });
  });

  it('creates a site once, and issues tokens only for existing sites', async () => {
    expect((await inject('POST', '/api/sites', { id: 'hq', name: 'HQ' }, adminHeaders)).statusCode).toBe(201);
    const again = await inject('POST', '/api/sites', { id: 'hq', name: 'HQ' }, adminHeaders);
    expect(again.json()).toMatchObject({ statusCode: 409, code: 'CLD_ERR_SITE_CONFLICT' });
    const none = await inject('POST', '/api/sites/nowhere/enrollment-tokens', {}, adminHeaders);
    expect(none.json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_SITE_NOT_FOUND' });
  });

  it('trades a token once for a credential, storing only its hash', async () => {
    const { token, expiresAt } = await issue('hq');
    expect(Date.parse(expiresAt) - cloud.clock.now).toBe(600_000);
    const first = await enroll(token);
    expect(first.statusCode).toBe(201);
    const { agentId, orgId, siteId, credential } = first.json<{ agentId: string; orgId: string; siteId: string; credential: string }>();
    expect(siteId).toBe('hq');
    expect(orgId).toBe('default');
    const { rows } = await cloud.pool.query('select credential_hash, site_id from agents where id = $1', [agentId]);
    expect(rows).toEqual([{ credential_hash: secretHash(credential), site_id: 'hq' }]);
    const { rows: tokenRows } = await cloud.pool.query<{ token_hash: string }>('select token_hash from enrollment_tokens');
    expect(tokenRows.map((r) => r.token_hash)).not.toContain(token);
    expect(JSON.stringify(await cloud.pool.query('select * from agents'))).not.toContain(credential);

    const reused = await enroll(token);
    expect(reused.json()).toMatchObject({ statusCode: 410, code: 'CLD_ERR_ENROLLMENT_TOKEN_USED', field: 'token' });
  });

  it('refuses an expired token and an unknown one', async () => {
    const { token } = await issue('hq', 60);
    cloud.clock.now += 61_000;
    try {
      expect((await enroll(token)).json()).toMatchObject({ statusCode: 410, code: 'CLD_ERR_ENROLLMENT_TOKEN_EXPIRED' });
    } finally {
      cloud.clock.now -= 61_000;
    }
    expect((await enroll('argus-enroll-made-up')).json()).toMatchObject({ statusCode: 401, code: 'CLD_ERR_ENROLLMENT_TOKEN_INVALID' });
  });

  it('lets only one of two concurrent enrollments with one token win', async () => {
    const { token } = await issue('hq');
    const results = await Promise.all([enroll(token), enroll(token), enroll(token)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 410, 410]);
  });

  it('an agent credential writes its own site: the camera is assigned to it', async () => {
    const agent = await enrollAgent(cloud.app, 'hq');
    const res = await inject('PUT', '/api/cameras/hq-door', { name: 'Door', siteId: 'whatever', streams: ['main'] }, agent.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ camera: { id: 'hq-door', siteId: 'hq' } });
    const segment = testSegment({ cameraId: 'hq-door', startsAt: Date.parse('2026-11-26T05:00:00Z') });
    expect((await uploadAndRegister(cloud.app, segment, agent.headers)).statusCode).toBe(201);
  });

  it('refuses cross-site writes with 403 and writes nothing', async () => {
    const hq = await enrollAgent(cloud.app, 'hq');
    const depot = await enrollAgent(cloud.app, 'depot');
    await putCamera(cloud.app, 'depot-yard', ['main'], depot.headers);
    const before = await countSegments(cloud.pool);

    const steal = await inject('PUT', '/api/cameras/depot-yard', { name: 'Mine now', siteId: 'hq', streams: ['main'] }, hq.headers);
    expect(steal.json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_FORBIDDEN_SITE' });
    expect((await inject('GET', '/api/cameras/depot-yard', undefined, adminHeaders)).json()).toMatchObject({ camera: { name: 'Camera depot-yard', siteId: 'depot' } });

    const segment = testSegment({ cameraId: 'depot-yard', startsAt: Date.parse('2026-11-26T06:00:00Z') });
    const presign = await inject('POST', '/api/uploads', { key: segment.key, bytes: segment.bytes, sha256: segment.sha256 }, hq.headers);
    expect(presign.json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_FORBIDDEN_SITE' });
    const { content: _c, ...registration } = segment;
    const register = await inject('POST', '/api/segments', registration, hq.headers);
    expect(register.json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_FORBIDDEN_SITE' });
    const event = { id: 'e0b7f7a4-5b6f-4d44-9d55-000000000001', phase: 'start', cameraId: 'depot-yard', label: 'person', startedAt: '2026-11-26T06:00:01Z' };
    const events = await inject('POST', '/api/events', { events: [event] }, hq.headers);
    expect(events.json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_FORBIDDEN_SITE' });

    expect(await countSegments(cloud.pool)).toBe(before);
    expect((await cloud.pool.query('select 1 from events where id = $1', [event.id])).rowCount).toBe(0);
  });

  it('keeps the legacy ARGUS_EDGE_TOKEN valid for every site', async () => {
    await putCamera(cloud.app, 'legacy-cam', ['main'], edgeHeaders, 'depot');
    const segment = testSegment({ cameraId: 'legacy-cam', startsAt: Date.parse('2026-11-26T07:00:00Z') });
    expect((await uploadAndRegister(cloud.app, segment)).statusCode).toBe(201);
  });

  it('refuses a made-up credential on edge endpoints', async () => {
    const res = await inject('PUT', '/api/cameras/x-1', { name: 'X', siteId: 'hq', streams: ['main'] }, { authorization: 'Bearer argus-agent-made-up' });
    expect(res.json()).toMatchObject({ statusCode: 401, code: 'CLD_ERR_UNAUTHORIZED' });
  });
});
