import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, enrollAgent, login, startTestCloud, userSession, type TestCloud } from '../support/test-cloud.js';

describe('users, API tokens and agent credentials', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
    for (const id of ['north', 'south']) {
      expect((await cloud.app.inject({ method: 'POST', url: '/api/sites', headers: adminHeaders, payload: { id, name: id } })).statusCode).toBe(201);
    }
  });
  afterAll(() => cloud?.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    cloud.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  const auditActions = async () => (await cloud.pool.query<{ action: string; target: string; actor: string }>('select action, target, actor from audit_log order by id')).rows;

  it('creates, lists, changes and deletes users, never showing a password hash, and audits each change', async () => {
    const created = await inject('POST', '/api/users', adminHeaders, { email: 'Op@Argus.test', password: 'operator-password', role: 'operator', siteIds: ['north'] });
    expect(created.statusCode).toBe(201);
    const user = created.json<{ user: { id: string } }>().user;
    expect(created.json()).toEqual({ user: { id: user.id, email: 'Op@Argus.test', role: 'operator', siteIds: ['north'], sso: false, createdAt: expect.any(String), updatedAt: expect.any(String), lastLoginAt: null } });
    expect((await inject('POST', '/api/users', adminHeaders, { email: 'op@argus.test', password: 'another-password', role: 'viewer' })).json()).toMatchObject({ statusCode: 409, code: 'CLD_ERR_USER_CONFLICT' });
    expect((await inject('POST', '/api/users', adminHeaders, { email: 'x@argus.test', password: 'short', role: 'viewer' })).json()).toMatchObject({ statusCode: 400, field: 'password' });
    expect((await inject('POST', '/api/users', adminHeaders, { email: 'x@argus.test', password: 'long-enough-pw', role: 'root' })).json()).toMatchObject({ statusCode: 400, field: 'role' });
    expect((await inject('POST', '/api/users', adminHeaders, { email: 'x@argus.test', password: 'long-enough-pw', role: 'viewer', siteIds: ['atlantis'] })).json()).toMatchObject({ statusCode: 400, field: 'siteIds' });

    const listed = await inject('GET', '/api/users', adminHeaders);
    expect(listed.json<{ users: Array<{ email: string }> }>().users.map((u) => u.email)).toEqual(['admin@argus.test', 'Op@Argus.test']);
    expect(listed.body).not.toMatch(/scrypt|password/);

    const changed = await inject('PATCH', `/api/users/${user.id}`, adminHeaders, { role: 'viewer', siteIds: null });
    expect(changed.json()).toMatchObject({ user: { role: 'viewer', siteIds: null } });
    // A new password ends the user's sessions.
    const session = await login(cloud.app, 'op@argus.test', 'operator-password');
    expect((await inject('PATCH', `/api/users/${user.id}`, adminHeaders, { password: 'a-new-password-1' })).statusCode).toBe(200);
    expect((await inject('GET', '/api/auth/me', session)).statusCode).toBe(401);
    await login(cloud.app, 'op@argus.test', 'a-new-password-1');

    expect((await inject('DELETE', `/api/users/${user.id}`, adminHeaders)).statusCode).toBe(204);
    expect((await inject('DELETE', `/api/users/${user.id}`, adminHeaders)).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_USER_NOT_FOUND' });
    const actions = (await auditActions()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.role-change', 'user.update', 'user.delete']));
    expect(JSON.stringify(await auditActions())).not.toContain('a-new-password-1');
  });

  it('keeps at least one admin in the organisation', async () => {
    const { rows } = await cloud.pool.query<{ id: string }>("select id from users where role = 'admin'");
    expect(rows).toHaveLength(1);
    const only = rows[0]!.id;
    expect((await inject('PATCH', `/api/users/${only}`, adminHeaders, { role: 'viewer' })).json()).toMatchObject({ statusCode: 409, code: 'CLD_ERR_LAST_ADMIN' });
    expect((await inject('DELETE', `/api/users/${only}`, adminHeaders)).json()).toMatchObject({ statusCode: 409, code: 'CLD_ERR_LAST_ADMIN' });
  });

  it('lets viewers, operators and integrators do nothing to users', async () => {
    for (const role of ['viewer', 'operator', 'integrator'] as const) {
      const { headers } = await userSession(cloud.app, { email: `${role}-nousers@argus.test`, role });
      expect((await inject('POST', '/api/users', headers, { email: 'sneaky@argus.test', password: 'sneaky-password', role: 'admin' })).json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_FORBIDDEN' });
      expect((await inject('GET', '/api/users', headers)).statusCode).toBe(403);
    }
    expect((await cloud.pool.query("select 1 from users where email = 'sneaky@argus.test'")).rowCount).toBe(0);
  });

  it('issues API tokens shown once, stored hashed, never above their creator, and revocable', async () => {
    const integrator = await userSession(cloud.app, { email: 'integrator@argus.test', role: 'integrator', siteIds: ['north'] });
    const created = await inject('POST', '/api/tokens', integrator.headers, { name: 'nvr bridge', role: 'viewer' });
    expect(created.statusCode).toBe(201);
    const body = created.json<{ id: string; token: string; role: string; siteIds: string[] | null; expiresAt: string }>();
    expect(body).toMatchObject({ name: 'nvr bridge', role: 'viewer', siteIds: ['north'], createdBy: { email: 'integrator@argus.test' } });
    expect(body.token).toMatch(/^argus-token-/);
    expect(Date.parse(body.expiresAt) - cloud.clock.now).toBe(90 * 24 * 3600 * 1000);
    const { rows } = await cloud.pool.query('select * from api_tokens where id = $1', [body.id]);
    expect(JSON.stringify(rows)).not.toContain(body.token);

    const bearer = { authorization: `Bearer ${body.token}` };
    expect((await inject('GET', '/api/auth/me', bearer)).json()).toMatchObject({ via: 'token', user: { email: 'integrator@argus.test', role: 'viewer', siteIds: ['north'] } });
    expect((await inject('GET', '/api/cameras', bearer)).statusCode).toBe(200);
    // A viewer token cannot manage tokens, and no token mints tokens.
    expect((await inject('POST', '/api/tokens', bearer, { name: 'child' })).statusCode).toBe(403);

    // Never above the creator: role, sites, lifetime.
    expect((await inject('POST', '/api/tokens', integrator.headers, { name: 'x', role: 'admin' })).json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_ROLE_TOO_HIGH', field: 'role' });
    expect((await inject('POST', '/api/tokens', integrator.headers, { name: 'x', siteIds: ['south'] })).json()).toMatchObject({ code: 'CLD_ERR_ROLE_TOO_HIGH', field: 'siteIds' });
    expect((await inject('POST', '/api/tokens', integrator.headers, { name: 'x', siteIds: null })).json()).toMatchObject({ code: 'CLD_ERR_ROLE_TOO_HIGH' });
    expect((await inject('POST', '/api/tokens', integrator.headers, { name: 'x', expiresAt: new Date(cloud.clock.now - 1).toISOString() })).json()).toMatchObject({ statusCode: 400, field: 'expiresAt' });
    expect((await inject('POST', '/api/tokens', integrator.headers, { name: 'x', expiresAt: new Date(cloud.clock.now + 400 * 86_400_000).toISOString() })).json()).toMatchObject({ statusCode: 400, field: 'expiresAt' });

    // The integrator lists its own tokens; the admin sees every one; values never.
    const own = await inject('GET', '/api/tokens', integrator.headers);
    expect(own.json<{ tokens: Array<{ id: string }> }>().tokens.map((t) => t.id)).toEqual([body.id]);
    expect(own.body).not.toContain(body.token);
    expect((await inject('GET', '/api/tokens', adminHeaders)).json<{ tokens: Array<{ id: string }> }>().tokens.map((t) => t.id)).toContain(body.id);

    // Another integrator cannot revoke it; its creator can, and it stops working at once.
    const other = await userSession(cloud.app, { email: 'integrator2@argus.test', role: 'integrator' });
    expect((await inject('DELETE', `/api/tokens/${body.id}`, other.headers)).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_TOKEN_NOT_FOUND' });
    expect((await inject('DELETE', `/api/tokens/${body.id}`, integrator.headers)).statusCode).toBe(204);
    expect((await inject('GET', '/api/cameras', bearer)).json()).toMatchObject({ statusCode: 401, code: 'CLD_ERR_UNAUTHORIZED' });
    expect((await auditActions()).filter((a) => a.action.startsWith('token.')).map((a) => a.action)).toEqual(['token.create', 'token.revoke']);
  });

  it('stops a token when it expires, and when its creator loses the rights it grants', async () => {
    const admin2 = await userSession(cloud.app, { email: 'admin2@argus.test', role: 'admin' });
    const made = await inject('POST', '/api/tokens', admin2.headers, { name: 'ops', role: 'operator', expiresAt: new Date(cloud.clock.now + 3_600_000).toISOString() });
    const bearer = { authorization: `Bearer ${made.json<{ token: string }>().token}` };
    expect((await inject('GET', '/api/cameras', bearer)).statusCode).toBe(200);
    // The creator is demoted to viewer: an operator token is now more than they hold.
    expect((await inject('PATCH', `/api/users/${admin2.id}`, adminHeaders, { role: 'viewer' })).statusCode).toBe(200);
    expect((await inject('GET', '/api/cameras', bearer)).json()).toMatchObject({ statusCode: 401, message: expect.stringContaining('no longer has the rights') });
    expect((await inject('PATCH', `/api/users/${admin2.id}`, adminHeaders, { role: 'admin' })).statusCode).toBe(200);
    expect((await inject('GET', '/api/cameras', bearer)).statusCode).toBe(200);
    cloud.clock.now += 3_600_000;
    expect((await inject('GET', '/api/cameras', bearer)).statusCode).toBe(401);
  });

  it('revokes an agent credential: edge calls are refused at once and its control channel is closed', async () => {
    const agent = await enrollAgent(cloud.app, 'north', 'north box');
    const put = () => inject('POST', '/api/agents/heartbeat', agent.headers, { version: '1', sentAt: new Date(cloud.clock.now).toISOString(), cameras: [] });
    expect((await put()).statusCode).toBe(200);
    const agents = await inject('GET', '/api/agents', adminHeaders);
    expect(agents.json<{ agents: Array<{ id: string; revokedAt: string | null }> }>().agents.find((a) => a.id === agent.agentId)).toMatchObject({ revokedAt: null });

    const integrator = await userSession(cloud.app, { email: 'integrator-revoke@argus.test', role: 'integrator' });
    expect((await inject('DELETE', `/api/agents/${agent.agentId}/credential`, integrator.headers)).statusCode).toBe(403);
    const revoked = await inject('DELETE', `/api/agents/${agent.agentId}/credential`, adminHeaders);
    expect(revoked.json()).toEqual({ agentId: agent.agentId, revokedAt: new Date(cloud.clock.now).toISOString() });
    expect((await put()).json()).toMatchObject({ statusCode: 401, code: 'CLD_ERR_UNAUTHORIZED' });
    const after = await inject('GET', '/api/agents', adminHeaders);
    expect(after.json<{ agents: Array<{ id: string; revokedAt: string | null }> }>().agents.find((a) => a.id === agent.agentId)?.revokedAt).not.toBeNull();
    expect((await inject('DELETE', '/api/agents/agent-nobody/credential', adminHeaders)).statusCode).toBe(404);
    expect((await auditActions()).find((a) => a.action === 'agent.revoke')).toMatchObject({ target: `agent:${agent.agentId} site:north` });
  });

  it('audits, and serves the audit log to admins with filters', async () => {
    const all = await inject('GET', '/api/audit?limit=1000', adminHeaders);
    const entries = all.json<{ entries: Array<{ action: string; actor: string; at: string; result: string }> }>().entries;
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort().reverse());
    const logins = await inject('GET', '/api/audit?action=auth.', adminHeaders);
    expect(logins.json<{ entries: Array<{ action: string }> }>().entries.every((e) => e.action.startsWith('auth.'))).toBe(true);
    const byActor = await inject('GET', '/api/audit?actor=integrator@argus.test', adminHeaders);
    expect(byActor.json<{ entries: Array<{ actor: string }> }>().entries.every((e) => e.actor === 'user:integrator@argus.test')).toBe(true);
    expect((await inject('GET', '/api/audit?from=yesterday', adminHeaders)).json()).toMatchObject({ statusCode: 400, field: 'from' });
    const viewer = await userSession(cloud.app, { email: 'viewer-audit@argus.test', role: 'viewer' });
    expect((await inject('GET', '/api/audit', viewer.headers)).statusCode).toBe(403);
    // Append-only, whoever asks.
    await expect(cloud.pool.query('delete from audit_log')).rejects.toThrow(/append-only/);
  });
});
