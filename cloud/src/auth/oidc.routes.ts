import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import * as oidc from 'openid-client';
import { errors, isRole, type Role } from '@argus/contracts';
import { isSlug } from '@argus/core';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuthConfig, OidcConfig } from '../config.js';
import { CloudError } from '../errors.js';
import { startSession } from './auth.routes.js';
import type { OrgsRepository } from './orgs.repository.js';
import type { SessionsRepository } from './sessions.repository.js';
import type { UsersRepository } from './users.repository.js';

export interface OidcRoutesOptions {
  readonly config: AuthConfig;
  readonly users: UsersRepository;
  readonly sessions: SessionsRepository;
  readonly orgs: OrgsRepository;
  readonly auditLog: AuditLog;
  readonly now: () => number;
}

/** Path of the sign-in start; the console links to it (GET /api/auth/providers). */
export const OIDC_LOGIN_PATH = '/api/auth/oidc/login';
const CALLBACK_PATH = '/api/auth/oidc/callback';
/** Holds state, nonce and PKCE verifier between the redirect and the callback; signed, HttpOnly, 10 minutes. */
const FLOW_COOKIE = 'argus_oidc';
const FLOW_TTL_S = 600;

interface Flow {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly redirectUri: string;
  readonly returnTo: string;
}

/** Only paths of this console: an open redirect would make the sign-in a phishing tool. */
function safeReturnTo(value: string | undefined): string {
  return value !== undefined && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/';
}

/** The role a claim grants: a role name, or an array whose first known role wins. */
export function roleFromClaim(claim: unknown, fallback: Role | undefined): Role | undefined {
  const values = Array.isArray(claim) ? claim : [claim];
  for (const v of values) if (typeof v === 'string' && isRole(v.toLowerCase())) return v.toLowerCase() as Role;
  return fallback;
}

/** Site ids from a claim (array or comma-separated); missing → every site (null). */
export function sitesFromClaim(claim: unknown): string[] | null | 'invalid' {
  if (claim === undefined || claim === null) return null;
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(',') : undefined;
  if (!values) return 'invalid';
  const sites = values.map((v) => (typeof v === 'string' ? v.trim() : '')).filter((v) => v !== '' && v !== '*');
  if (values.some((v) => v === '*')) return null;
  return sites.every(isSlug) ? [...new Set(sites)] : 'invalid';
}

/**
 * Single sign-on with OpenID Connect: authorization code flow with PKCE
 * (S256), state and nonce checked, through `openid-client`. The identity
 * provider's claims give the user's role and sites at every sign-in; a
 * first sign-in creates the user in the configured organisation.
 */
export const oidcRoutes: FastifyPluginAsyncTypebox<OidcRoutesOptions> = async (app, options) => {
  const settings = options.config.oidc;
  if (!settings) {
    app.get(OIDC_LOGIN_PATH, { config: { access: 'public' }, schema: { hide: true, response: errors(404) } }, async () => {
      throw new CloudError('CLD_ERR_SSO_NOT_CONFIGURED', 'single sign-on is not configured on this cloud (ARGUS_OIDC_ISSUER)');
    });
    return;
  }
  const { users, orgs, auditLog, now } = options;
  let discovered: Promise<oidc.Configuration> | undefined;
  const provider = (): Promise<oidc.Configuration> => {
    discovered ??= discover(settings).catch((err: unknown) => {
      discovered = undefined; // try again on the next sign-in
      throw new CloudError('CLD_ERR_SSO_UNAVAILABLE', `the identity provider at ${settings.issuer} could not be reached`, { cause: err });
    });
    return discovered;
  };

  app.get(OIDC_LOGIN_PATH, {
    config: { access: 'public' },
    schema: { querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2048 })) }), response: errors(502) },
  }, async (request, reply) => {
    const config = await provider();
    const verifier = oidc.randomPKCECodeVerifier();
    const flow: Flow = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier,
      redirectUri: settings.redirectUrl ?? `${request.protocol}://${request.host}${CALLBACK_PATH}`,
      returnTo: safeReturnTo(request.query.returnTo),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: flow.redirectUri,
      scope: settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    const secure = options.config.cookieSecure === 'auto' ? request.protocol === 'https' : options.config.cookieSecure;
    // Lax: the provider's redirect back is a top-level GET, which carries Lax cookies.
    reply.setCookie(FLOW_COOKIE, JSON.stringify(flow), { signed: true, httpOnly: true, sameSite: 'lax', secure, path: CALLBACK_PATH, maxAge: FLOW_TTL_S });
    return reply.redirect(url.toString(), 302);
  });

  app.get(CALLBACK_PATH, {
    config: { access: 'public' },
    schema: { querystring: Type.Record(Type.String(), Type.String()), response: errors(400, 401, 502) },
  }, async (request, reply) => {
    const raw = request.cookies[FLOW_COOKIE];
    const unsigned = raw === undefined ? undefined : request.unsignCookie(raw);
    reply.clearCookie(FLOW_COOKIE, { path: CALLBACK_PATH });
    if (!unsigned?.valid || unsigned.value === null) throw new CloudError('CLD_ERR_SSO_FAILED', 'the sign-in took too long or was started elsewhere; start it again');
    const flow = JSON.parse(unsigned.value) as Flow;
    const config = await provider();
    const callbackUrl = new URL(flow.redirectUri);
    callbackUrl.search = new URL(request.url, 'http://callback').search;
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
      claims = tokens.claims();
    } catch (err) {
      await auditLog.record(request, { action: 'auth.login-failed', target: 'sso', result: 'failed', orgId: settings.orgId });
      throw new CloudError('CLD_ERR_SSO_FAILED', `the identity provider's answer was refused: ${(err as Error).message}`, { cause: err });
    }
    if (!claims) throw new CloudError('CLD_ERR_SSO_FAILED', 'the identity provider sent no ID token');
    const subject = `${claims.iss} ${claims.sub}`;
    const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined;
    const role = roleFromClaim(claims[settings.roleClaim], settings.defaultRole);
    const siteIds = sitesFromClaim(claims[settings.sitesClaim]);
    const refuse = async (why: string): Promise<never> => {
      await auditLog.record(request, { action: 'auth.login-failed', target: email ?? subject, result: 'failed', orgId: settings.orgId });
      throw new CloudError('CLD_ERR_SSO_FAILED', why);
    };
    if (!email) return refuse('the identity provider sent no email claim (ask for the email scope)');
    if (claims.email_verified === false) return refuse(`the identity provider has not verified ${email}`);
    if (!role) return refuse(`no Argus role in the ${settings.roleClaim} claim, and no ARGUS_OIDC_DEFAULT_ROLE`);
    if (siteIds === 'invalid') return refuse(`the ${settings.sitesClaim} claim must list site ids`);
    const at = now();
    let user = await users.bySsoSubject(subject);
    if (!user) {
      await orgs.ensure({ id: settings.orgId, name: settings.orgId });
      user = await users.create({ orgId: settings.orgId, email, role, siteIds, passwordHash: null, ssoSubject: subject }, at);
      // The email belongs to a password account: linking on an asserted email would let the provider take it over.
      if (!user) return refuse(`the email ${email} belongs to an account that signs in with a password`);
      await auditLog.record(request, { action: 'user.create', target: `${email} (${role}, single sign-on)`, orgId: settings.orgId, actor: `user:${email}` });
    } else {
      user = await users.syncSso(user.id, role, siteIds, at);
    }
    await startSession(request, reply, user, options);
    await auditLog.record(request, { action: 'auth.login', target: email, orgId: user.orgId, actor: `user:${user.email}` });
    return reply.redirect(flow.returnTo, 302);
  });
};

async function discover(settings: OidcConfig): Promise<oidc.Configuration> {
  const issuer = new URL(settings.issuer);
  // http issuers only on loopback (tests, a provider on the same machine); anything else must be https.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  return oidc.discovery(issuer, settings.clientId, undefined, settings.clientSecret === undefined ? oidc.None() : oidc.ClientSecretPost(settings.clientSecret), loopback && issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined);
}

/** The sign-in button's target, for GET /api/auth/providers. */
export function ssoProvider(config: AuthConfig): { name: string; loginUrl: string } | undefined {
  return config.oidc ? { name: config.oidc.name, loginUrl: OIDC_LOGIN_PATH } : undefined;
}
