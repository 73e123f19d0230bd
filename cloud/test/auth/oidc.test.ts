import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// oidc-provider ships no type declarations; tests/support/oidc-provider.d.ts gives the little used here.
import Provider from 'oidc-provider';
import { roleFromClaim, sitesFromClaim } from '../../src/auth/oidc.routes.js';
import { startTestCloud, type TestCloud } from '../support/test-cloud.js';

/**
 * Single sign-on against a real OpenID Connect provider (`oidc-provider`,
 * started here), driven the way a browser would: redirects followed by
 * hand, cookies kept per host, the provider's sign-in and consent forms
 * submitted.
 */
interface Account {
  readonly email: string;
  readonly verified?: boolean;
  readonly role?: string | string[];
  readonly sites?: string[];
}

const ACCOUNTS: Record<string, Account> = {
  alice: { email: 'alice@idp.test', role: 'operator', sites: ['north'] },
  bob: { email: 'bob@idp.test' }, // no role claim
  carol: { email: 'admin@argus.test', role: 'admin' }, // the email of a password account
  dave: { email: 'dave@idp.test', role: 'viewer', verified: false },
};

class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  async get(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const cookies = [...(this.jar.get(target.host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(target, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookies ? { cookie: cookies } : {}) } });
    const jar = this.jar.get(target.host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    this.jar.set(target.host, jar);
    return response;
  }

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }
}

/** Follows redirects and submits the provider's forms until the answer leaves the provider; returns the last response and its URL. */
async function signInAt(browser: Browser, startUrl: string, login: string, providerOrigin: string): Promise<{ response: Response; url: string }> {
  let url = startUrl;
  let response = await browser.get(url);
  for (let hop = 0; hop < 20; hop++) {
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url).toString();
      if (!url.startsWith(providerOrigin)) return { response, url };
      response = await browser.get(url);
      continue;
    }
    const html = await response.text();
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
    if (!form) return { response, url };
    const fields = new URLSearchParams();
    for (const [tag] of form[2]!.matchAll(/<input[^>]*>/gi)) {
      const name = /name="([^"]+)"/.exec(tag)?.[1];
      if (name) fields.set(name, /value="([^"]*)"/.exec(tag)?.[1] ?? '');
    }
    if (fields.has('login')) {
      fields.set('login', login);
      fields.set('password', 'any');
    }
    url = new URL(form[1]!.replace(/&amp;/g, '&'), url).toString();
    response = await browser.get(url, { method: 'POST', body: fields.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  throw new Error('too many hops at the identity provider');
}

describe('single sign-on with OpenID Connect', () => {
  let idp: Server;
  let issuer: string;
  let cloud: TestCloud;
  let cloudServer: { url: string };

  beforeAll(async () => {
    idp = createServer();
    idp.listen(0, '127.0.0.1');
    await once(idp, 'listening');
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    // The cloud's port must be known for the redirect URI: it listens first, then the provider learns it.
    cloud = await startTestCloud({
      env: {
        ARGUS_OIDC_ISSUER: issuer,
        ARGUS_OIDC_CLIENT_ID: 'argus-console',
        ARGUS_OIDC_CLIENT_SECRET: 'argus-console-secret-0123456789',
        ARGUS_OIDC_NAME: 'Test IdP',
      },
    });
    await cloud.app.listen({ port: 0, host: '127.0.0.1' });
    cloudServer = { url: `http://127.0.0.1:${(cloud.app.server.address() as AddressInfo).port}` };
    for (const id of ['north', 'south']) {
      await cloud.pool.query("insert into sites (org_id, id, name) values ('default', $1, $1)", [id]);
    }
    const provider = new Provider(issuer, {
      clients: [{
        client_id: 'argus-console',
        client_secret: 'argus-console-secret-0123456789',
        redirect_uris: [`${cloudServer.url}/api/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      }],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'argus_role', 'argus_sites'] },
      conformIdTokenClaims: false, // the claims go into the ID token, as Keycloak or Entra ID mappers put them
      features: { devInteractions: { enabled: true } },
      pkce: { required: () => true },
      async findAccount(_ctx, id) {
        const account = ACCOUNTS[id];
        if (!account) return undefined;
        return {
          accountId: id,
          async claims() {
            return { sub: id, email: account.email, email_verified: account.verified ?? true, name: id, ...(account.role ? { argus_role: account.role } : {}), ...(account.sites ? { argus_sites: account.sites } : {}) };
          },
        };
      },
    });
    idp.on('request', provider.callback());
  });
  afterAll(async () => {
    idp?.close();
    await cloud?.close();
  });

  it('offers the provider on the sign-in page', async () => {
    const res = await fetch(`${cloudServer.url}/api/auth/providers`);
    expect(await res.json()).toEqual({ password: true, sso: { name: 'Test IdP', loginUrl: '/api/auth/oidc/login' } });
  });

  it('signs a new user in with PKCE, with the role and sites of their claims, and sends them back where they were', async () => {
    const browser = new Browser();
    const start = await browser.get(`${cloudServer.url}/api/auth/oidc/login?returnTo=/cameras?x=1`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();

    const { response, url } = await signInAt(browser, authorize.toString(), 'alice', issuer);
    expect(url).toContain('/api/auth/oidc/callback?code=');
    const callback = await browser.get(url);
    expect(callback.status, await callback.clone().text()).toBe(302);
    expect(callback.headers.get('location')).toBe('/cameras?x=1');
    expect(response.status).toBeGreaterThanOrEqual(300);

    const session = browser.cookie(new URL(cloudServer.url).host, 'argus_session');
    expect(session).toMatch(/^argus-session-/);
    const me = await (await fetch(`${cloudServer.url}/api/auth/me`, { headers: { cookie: `argus_session=${session}` } })).json();
    expect(me).toMatchObject({ user: { email: 'alice@idp.test', role: 'operator', siteIds: ['north'], orgId: 'default' }, via: 'session' });
    const { rows } = await cloud.pool.query<{ sso_subject: string; password_hash: string | null }>("select sso_subject, password_hash from users where email = 'alice@idp.test'");
    expect(rows).toEqual([{ sso_subject: `${issuer} alice`, password_hash: null }]);
    const audit = await cloud.pool.query<{ action: string }>("select action from audit_log where actor = 'user:alice@idp.test' order by id");
    expect(audit.rows.map((r) => r.action)).toEqual(['user.create', 'auth.login']);
    // A user of single sign-on has no password to sign in with.
    const pw = await fetch(`${cloudServer.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'alice@idp.test', password: 'anything-at-all' }) });
    expect(pw.status).toBe(401);
  });

  it('refuses a user without a role claim, an email that belongs to a password account, and an unverified email', async () => {
    for (const login of ['bob', 'carol', 'dave']) {
      const browser = new Browser();
      const start = await browser.get(`${cloudServer.url}/api/auth/oidc/login`);
      const { url } = await signInAt(browser, start.headers.get('location')!, login, issuer);
      const callback = await browser.get(url);
      expect(callback.status).toBe(401);
      expect(await callback.json()).toMatchObject({ code: 'CLD_ERR_SSO_FAILED' });
      expect(browser.cookie(new URL(cloudServer.url).host, 'argus_session')).toBeUndefined();
    }
  });

  it('refuses a callback without the flow cookie, or with a forged state', async () => {
    const browser = new Browser();
    const start = await browser.get(`${cloudServer.url}/api/auth/oidc/login`);
    const { url } = await signInAt(browser, start.headers.get('location')!, 'alice', issuer);
    // Another browser (an attacker replaying the callback) has no flow cookie.
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(401);
    const forged = new URL(url);
    forged.searchParams.set('state', 'forged');
    const res = await browser.get(forged.toString());
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'CLD_ERR_SSO_FAILED' });
  });

  it('reads roles and sites from claims of the usual shapes', () => {
    expect(roleFromClaim('Operator', undefined)).toBe('operator');
    expect(roleFromClaim(['argus-users', 'viewer', 'admin'], undefined)).toBe('viewer');
    expect(roleFromClaim(undefined, 'viewer')).toBe('viewer');
    expect(roleFromClaim('root', undefined)).toBeUndefined();
    expect(sitesFromClaim(undefined)).toBeNull();
    expect(sitesFromClaim('north, south')).toEqual(['north', 'south']);
    expect(sitesFromClaim(['*'])).toBeNull();
    expect(sitesFromClaim(['North Gate'])).toBe('invalid');
  });
});
