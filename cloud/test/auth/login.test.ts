import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS } from '@argus/contracts';
import { createLogger } from '@argus/runtime';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestCloud, userSession, type TestCloud } from '../support/test-cloud.js';

describe('sign-in, sessions and the login rate limit', () => {
  let cloud: TestCloud;
  const logLines: string[] = [];
  beforeAll(async () => {
    const logger = createLogger({ name: 'auth-test', level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });
    cloud = await startTestCloud({ logger });
  });
  afterAll(() => cloud?.close());

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    cloud.app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { email, password }, remoteAddress: headers['x-test-address'] ?? '127.0.0.1' });
  const cookieOf = (res: Awaited<ReturnType<typeof login>>): string => {
    const c = res.cookies.find((x) => x.name === 'argus_session');
    if (!c) throw new Error(`no session cookie: ${res.statusCode} ${res.body}`);
    return `argus_session=${c.value}`;
  };
  const audit = async (action: string) =>
    (await cloud.pool.query<{ actor: string; target: string; address: string; result: string }>('select actor, target, address, result from audit_log where action = $1 order by id', [action])).rows;

  it('signs in with a session cookie that is HttpOnly and SameSite, and knows who is signed in', async () => {
    const res = await login(ADMIN_EMAIL.toUpperCase(), ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: { id: expect.stringMatching(/^usr_/), email: ADMIN_EMAIL, role: 'admin', orgId: 'default', siteIds: null } });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/argus_session=argus-session-[\w-]+/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // plain http here; https requests get Secure

    const me = await cloud.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieOf(res) } });
    expect(me.json()).toMatchObject({ user: { email: ADMIN_EMAIL, role: 'admin' }, org: { id: 'default', name: 'Default organisation' }, via: 'session' });
    expect(me.json().permissions).toContain('user.manage');
    // Only a hash of the cookie value is kept.
    const { rows } = await cloud.pool.query<{ id_hash: string }>('select id_hash from sessions');
    expect(JSON.stringify(rows)).not.toContain(cookieOf(res).split('=')[1]);
  });

  it('marks the cookie Secure on https requests', async () => {
    const res = await login(ADMIN_EMAIL, ADMIN_PASSWORD, { 'x-forwarded-proto': 'https' });
    // Without ARGUS_TRUST_PROXY the forwarded scheme is ignored: the request is http.
    expect(String(res.headers['set-cookie'])).not.toMatch(/Secure/);
    const trusting = await startTestCloud({ env: { ARGUS_TRUST_PROXY: 'true' } });
    try {
      const secure = await trusting.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
      expect(String(secure.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await trusting.close();
    }
  });

  it('answers an unknown email and a wrong password alike, and audits both', async () => {
    const unknown = await login('nobody@argus.test', 'whatever-password', { 'x-test-address': '10.0.0.1' });
    const wrong = await login(ADMIN_EMAIL, 'not-the-password', { 'x-test-address': '10.0.0.2' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    expect(unknown.json()).toMatchObject({ code: 'CLD_ERR_LOGIN_FAILED' });
    const failures = await audit('auth.login-failed');
    expect(failures).toEqual(expect.arrayContaining([
      { actor: 'anonymous', target: 'nobody@argus.test', address: '10.0.0.1', result: 'failed' },
      { actor: 'anonymous', target: ADMIN_EMAIL, address: '10.0.0.2', result: 'failed' },
    ]));
    // The admin sees the attempt on their account, not the one on an unknown email (it belongs to no organisation).
    const { rows } = await cloud.pool.query<{ org_id: string | null; target: string }>("select org_id, target from audit_log where action = 'auth.login-failed'");
    expect(rows.find((r) => r.target === ADMIN_EMAIL)?.org_id).toBe('default');
    expect(rows.find((r) => r.target === 'nobody@argus.test')?.org_id).toBeNull();
  });

  it('locks an account out after ten failures within 15 minutes with Retry-After, then lets the right password in after the window', async () => {
    const viewer = await userSession(cloud.app, { email: 'locked@argus.test', role: 'viewer', password: 'the-right-password' });
    expect(viewer.id).toMatch(/^usr_/);
    const start = cloud.clock.now + 1000; // after the sign-in that userSession made
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 12; i++) {
      cloud.clock.now = start + i * 1000;
      // A new address each time: this is the per-account limit.
      const res = await login('locked@argus.test', `wrong-${i}`, { 'x-test-address': `10.1.0.${i}` });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        retryAfter ??= res.headers['retry-after'] as string;
        expect(res.json()).toMatchObject({ code: 'CLD_ERR_RATE_LIMITED' });
      }
    }
    expect(statuses.slice(0, LOGIN_MAX_FAILURES)).toEqual(Array(LOGIN_MAX_FAILURES).fill(401));
    expect(statuses.slice(LOGIN_MAX_FAILURES)).toEqual([429, 429]);
    // The first failure leaves the window 15 min after it: 15 min minus the 10 s since.
    expect(Number(retryAfter)).toBe(LOGIN_WINDOW_MS / 1000 - 10);
    // Even the right password is refused while locked: a guesser learns nothing.
    expect((await login('locked@argus.test', 'the-right-password', { 'x-test-address': '10.1.1.1' })).statusCode).toBe(429);
    cloud.clock.now = start + LOGIN_WINDOW_MS + 1000;
    expect((await login('locked@argus.test', 'the-right-password', { 'x-test-address': '10.1.1.1' })).statusCode).toBe(200);
    expect((await audit('auth.login-limited')).filter((r) => r.target === 'locked@argus.test').length).toBe(3);
  });

  it('limits an address across accounts', async () => {
    const start = cloud.clock.now;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      cloud.clock.now = start + i;
      statuses.push((await login(`spray-${i}@argus.test`, 'password-spray', { 'x-test-address': '192.0.2.7' })).statusCode);
    }
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD, { 'x-test-address': '192.0.2.8' })).statusCode).toBe(200);
  });

  it('signs out: the session stops working and the cookie is cleared', async () => {
    const cookie = cookieOf(await login(ADMIN_EMAIL, ADMIN_PASSWORD));
    expect((await cloud.app.inject({ method: 'GET', url: '/api/cameras', headers: { cookie } })).statusCode).toBe(200);
    const out = await cloud.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/argus_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await cloud.app.inject({ method: 'GET', url: '/api/cameras', headers: { cookie } });
    expect(after.json()).toMatchObject({ statusCode: 401, code: 'CLD_ERR_UNAUTHORIZED' });
    // A stale cookie does not stand in the way of public routes (the sign-in page above all).
    expect((await cloud.app.inject({ method: 'GET', url: '/api/auth/providers', headers: { cookie } })).json()).toEqual({ password: true, sso: null });
    expect((await audit('auth.logout')).at(-1)).toMatchObject({ actor: `user:${ADMIN_EMAIL}`, result: 'ok' });
  });

  it('expires sessions after ARGUS_SESSION_HOURS, and sweeps their rows', async () => {
    const cookie = cookieOf(await login(ADMIN_EMAIL, ADMIN_PASSWORD));
    cloud.clock.now += 12 * 3_600_000 + 1;
    expect((await cloud.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    const { SessionSweeper } = await import('../../src/auth/session-sweeper.js');
    const { SessionsRepository } = await import('../../src/auth/sessions.repository.js');
    const live = Number((await cloud.pool.query<{ n: string }>('select count(*) n from sessions where expires_at > $1', [new Date(cloud.clock.now)])).rows[0]!.n);
    const removed = await new SessionSweeper(new SessionsRepository(cloud.pool), () => cloud.clock.now, createLogger({ name: 't', level: 'silent' })).sweepOnce();
    expect(removed).toBeGreaterThan(0);
    expect(Number((await cloud.pool.query<{ n: string }>('select count(*) n from sessions')).rows[0]!.n)).toBe(live);
  });

  it('refuses state-changing requests with the session cookie from a foreign page', async () => {
    const cookie = cookieOf(await login(ADMIN_EMAIL, ADMIN_PASSWORD));
    const body = { email: 'csrf@argus.test', password: 'csrf-password-123', role: 'admin' };
    const foreign = await cloud.app.inject({ method: 'POST', url: '/api/users', headers: { cookie, origin: 'https://evil.example', host: 'localhost:8080' }, payload: body });
    expect(foreign.json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_FOREIGN_ORIGIN' });
    const crossSite = await cloud.app.inject({ method: 'POST', url: '/api/users', headers: { cookie, 'sec-fetch-site': 'cross-site' }, payload: body });
    expect(crossSite.statusCode).toBe(403);
    expect((await cloud.pool.query("select 1 from users where email = 'csrf@argus.test'")).rowCount).toBe(0);
    // A foreign page cannot sign someone in either (login CSRF).
    expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD, { origin: 'https://evil.example', host: 'localhost:8080' })).statusCode).toBe(403);
    // The console itself, on its own origin, may.
    const own = await cloud.app.inject({ method: 'POST', url: '/api/users', headers: { cookie, origin: 'http://localhost:8080', host: 'localhost:8080' }, payload: body });
    expect(own.statusCode).toBe(201);
  });

  it('never writes a password, session or token into a log line or an answer after its creation', async () => {
    const created = await cloud.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: cookieOf(await login(ADMIN_EMAIL, ADMIN_PASSWORD)) }, payload: { name: 'log check' } });
    const token = created.json<{ token: string }>().token;
    await cloud.app.inject({ method: 'GET', url: '/api/cameras', headers: { authorization: `Bearer ${token}` } });
    await cloud.app.inject({ method: 'GET', url: '/api/cameras', headers: { authorization: 'Bearer argus-token-made-up-secret' } });
    const listed = await cloud.app.inject({ method: 'GET', url: '/api/tokens', headers: { authorization: `Bearer ${token}` } });
    expect(listed.body).not.toContain(token);
    const users = await cloud.app.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${token}` } });
    expect(users.body).not.toMatch(/password|scrypt/i);
    const logs = logLines.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [ADMIN_PASSWORD, 'the-right-password', 'not-the-password', token, 'argus-token-made-up-secret', 'csrf-password-123']) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/argus-session-[A-Za-z0-9_-]{8}/);
  });
});
