import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithAdmin } from '../../src/auth/bootstrap.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, adminHeaders, enrollAgent, login, startTestCloud, userSession, type TestCloud } from '../support/test-cloud.js';
import { detectLabels, FakeDetector, listen, rekognitionClient, sdkFailure } from './inference-support.js';

/** POST/GET/DELETE /api/inference-keys: admins only, the secret shown once, audited, per organisation. */
describe('inference keys', () => {
  let cloud: TestCloud;
  let baseUrl: string;
  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    cloud.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    cloud = await startTestCloud({ objectDetector: async () => new FakeDetector() });
    baseUrl = await listen(cloud);
  });
  afterAll(() => cloud?.close());

  it('are for admins: viewers, operators, integrators and agents get 403, nobody 401', async () => {
    const callers = {
      viewer: (await userSession(cloud.app, { email: 'viewer@keys.test', role: 'viewer' })).headers,
      operator: (await userSession(cloud.app, { email: 'operator@keys.test', role: 'operator' })).headers,
      integrator: (await userSession(cloud.app, { email: 'integrator@keys.test', role: 'integrator' })).headers,
      agent: (await enrollAgent(cloud.app, 'keys-site')).headers,
    };
    for (const [who, headers] of Object.entries(callers)) {
      expect((await inject('POST', '/api/inference-keys', headers, { name: 'x' })).statusCode, who).toBe(403);
      expect((await inject('GET', '/api/inference-keys', headers)).statusCode, who).toBe(403);
      expect((await inject('DELETE', '/api/inference-keys/ikey_x', headers)).statusCode, who).toBe(403);
    }
    expect((await inject('GET', '/api/inference-keys', {})).statusCode).toBe(401);
    expect((await cloud.pool.query('select count(*)::int as n from inference_keys')).rows[0].n).toBe(0);
  });

  it('shows the secret once, in the create answer; the list never does', async () => {
    const session = await login(cloud.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    const res = await inject('POST', '/api/inference-keys', session, { name: 'north gate agent' });
    expect(res.statusCode).toBe(201);
    const created = res.json<{ id: string; accessKeyId: string; secretAccessKey: string; createdBy: string; revokedAt: null }>();
    expect(created).toMatchObject({ name: 'north gate agent', createdBy: `user:${ADMIN_EMAIL}`, lastUsedAt: null, revokedAt: null });
    expect(created.id).toMatch(/^ikey_/);
    expect(created.accessKeyId).toMatch(/^ARGUSKEY[A-Z2-7]{12}$/);
    expect(created.secretAccessKey).toHaveLength(40);

    const list = await inject('GET', '/api/inference-keys', adminHeaders);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.secretAccessKey);
    expect(list.json<{ keys: Array<{ id: string }> }>().keys.map((k) => k.id)).toContain(created.id);
    expect((await inject('GET', '/api/audit?action=inference-key.', adminHeaders)).body).not.toContain(created.secretAccessKey);

    // Using it sets lastUsedAt.
    cloud.clock.now = Date.now();
    await detectLabels(rekognitionClient(baseUrl, created));
    const used = (await inject('GET', '/api/inference-keys', adminHeaders)).json<{ keys: Array<{ id: string; lastUsedAt: string | null }> }>().keys.find((k) => k.id === created.id);
    expect(used?.lastUsedAt).not.toBeNull();
  });

  it('revokes a key (the endpoint refuses it at once), repeats harmlessly, and audits both actions', async () => {
    const created = (await inject('POST', '/api/inference-keys', adminHeaders, { name: 'to revoke' })).json<{ id: string; accessKeyId: string; secretAccessKey: string }>();
    const first = await inject('DELETE', `/api/inference-keys/${created.id}`, adminHeaders);
    expect(first.statusCode).toBe(200);
    const { revokedAt } = first.json<{ revokedAt: string }>();
    cloud.clock.now += 5000;
    expect((await inject('DELETE', `/api/inference-keys/${created.id}`, adminHeaders)).json()).toEqual({ id: created.id, revokedAt });
    const listed = (await inject('GET', '/api/inference-keys', adminHeaders)).json<{ keys: Array<{ id: string; revokedAt: string | null }> }>().keys;
    expect(listed.find((k) => k.id === created.id)?.revokedAt).toBe(revokedAt);

    cloud.clock.now = Date.now();
    expect(await sdkFailure(detectLabels(rekognitionClient(baseUrl, created)))).toMatchObject({ name: 'UnrecognizedClientException' });

    const audit = (await cloud.pool.query<{ action: string; target: string }>("select action, target from audit_log where action like 'inference-key.%' order by id")).rows;
    expect(audit.filter((a) => a.target.includes(created.id)).map((a) => a.action)).toEqual(['inference-key.create', 'inference-key.revoke', 'inference-key.revoke']);
    expect(audit.find((a) => a.target.includes(created.id))?.target).toContain(created.accessKeyId);

    expect((await inject('DELETE', '/api/inference-keys/ikey_nope', adminHeaders)).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_INFERENCE_KEY_NOT_FOUND' });
    expect((await inject('POST', '/api/inference-keys', adminHeaders, { name: '' })).json()).toMatchObject({ statusCode: 400, code: 'CLD_ERR_VALIDATION', field: 'name' });
  });

  it('keeps organisations apart: another admin neither sees nor revokes a key, and keys carry their organisation', async () => {
    const created = (await inject('POST', '/api/inference-keys', adminHeaders, { name: 'default org key' })).json<{ id: string }>();
    await createOrgWithAdmin(cloud.pool, { id: 'acme', name: 'Acme' }, { email: 'admin@acme.test', password: 'acme-admin-password' });
    const acme = await login(cloud.app, 'admin@acme.test', 'acme-admin-password');
    expect((await inject('GET', '/api/inference-keys', acme)).json()).toEqual({ keys: [] });
    expect((await inject('DELETE', `/api/inference-keys/${created.id}`, acme)).statusCode).toBe(404);
    const acmeKey = (await inject('POST', '/api/inference-keys', acme, { name: 'acme key' })).json<{ id: string }>();
    const { rows } = await cloud.pool.query<{ org_id: string }>('select org_id from inference_keys where id = $1', [acmeKey.id]);
    expect(rows[0]?.org_id).toBe('acme');
    expect((await inject('GET', '/api/inference-keys', adminHeaders)).body).not.toContain(acmeKey.id);
  });
});
