import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import {
  AuthProvidersResponse,
  errors,
  LOGIN_MAX_FAILURES,
  LOGIN_WINDOW_MS,
  LoginBody,
  LoginResponse,
  MeResponse,
  permissionsOf,
  SESSION_COOKIE,
  type AuthUser,
} from '@argus/contracts';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { AuthConfig } from '../config.js';
import { CloudError } from '../errors.js';
import { loginRetryAfterMs } from './login-limit.js';
import type { OrgsRepository } from './orgs.repository.js';
import { decoyHash, verifyPassword } from './password-hash.js';
import { personOf } from '../http/principal.js';
import type { SessionsRepository } from './sessions.repository.js';
import type { StoredUser, UsersRepository } from './users.repository.js';

export interface AuthRoutesOptions {
  readonly config: AuthConfig;
  readonly users: UsersRepository;
  readonly sessions: SessionsRepository;
  readonly orgs: OrgsRepository;
  readonly auditLog: AuditLog;
  readonly audit: AuditRepository;
  /** Login URL of the single sign-on flow when configured (auth/oidc.routes.ts). */
  readonly sso: { readonly name: string; readonly loginUrl: string } | undefined;
  /** Clock, epoch ms; tests fix it. */
  readonly now: () => number;
}

const LOGIN_RULE = { maxFailures: LOGIN_MAX_FAILURES, windowMs: LOGIN_WINDOW_MS };

export function authUser(user: Pick<StoredUser, 'id' | 'email' | 'role' | 'orgId' | 'siteIds'>): AuthUser {
  return { id: user.id, email: user.email, role: user.role, orgId: user.orgId, siteIds: user.siteIds };
}

/**
 * Opens a console session for a signed-in user: HttpOnly (scripts never see
 * it), SameSite=Lax (other sites' requests do not carry it), Secure on https.
 */
export async function startSession(
  request: FastifyRequest,
  reply: FastifyReply,
  user: StoredUser,
  deps: Pick<AuthRoutesOptions, 'config' | 'sessions' | 'users' | 'now'>,
): Promise<void> {
  const at = deps.now();
  const secret = await deps.sessions.create(user.id, { at, ttlMs: deps.config.sessionTtlMs, address: request.ip ?? null });
  await deps.users.markLogin(user.id, at);
  const secure = deps.config.cookieSecure === 'auto' ? request.protocol === 'https' : deps.config.cookieSecure;
  reply.setCookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: Math.floor(deps.config.sessionTtlMs / 1000) });
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, options) => {
  const { users, sessions, orgs, auditLog, audit, now } = options;

  /**
   * One answer for an unknown email and a wrong password (status, body and,
   * through the decoy hash, timing). Failures are audited; ten within the
   * window for the account or the address lock further attempts out.
   */
  app.post('/api/auth/login', {
    config: { access: 'public' },
    schema: { body: LoginBody, response: { 200: LoginResponse, ...errors(400, 401, 403, 429) } },
  }, async (request, reply) => {
    const email = request.body.email.trim().toLowerCase();
    const address = request.ip ?? null;
    const at = now();
    const user = await users.byEmail(email);
    const failures = await audit.recentLoginFailures({ email, address, since: at - LOGIN_WINDOW_MS, limit: LOGIN_MAX_FAILURES });
    const retryMs = Math.max(loginRetryAfterMs(failures.account, at, LOGIN_RULE), loginRetryAfterMs(failures.address, at, LOGIN_RULE));
    if (retryMs > 0) {
      const seconds = Math.ceil(retryMs / 1000);
      await auditLog.record(request, { action: 'auth.login-limited', target: email, result: 'denied', orgId: user?.orgId ?? null });
      reply.header('Retry-After', String(seconds));
      throw new CloudError('CLD_ERR_RATE_LIMITED', `too many failed sign-ins for this account or address; try again in ${Math.ceil(seconds / 60)} min`);
    }
    const ok = user?.passwordHash
      ? await verifyPassword(request.body.password, user.passwordHash)
      : await verifyPassword(request.body.password, await decoyHash()).then(() => false);
    if (!user || !ok) {
      await auditLog.record(request, { action: 'auth.login-failed', target: email, result: 'failed', orgId: user?.orgId ?? null });
      throw new CloudError('CLD_ERR_LOGIN_FAILED', 'wrong email or password');
    }
    await startSession(request, reply, user, options);
    await auditLog.record(request, { action: 'auth.login', target: email, orgId: user.orgId, actor: `user:${user.email}` });
    return { user: authUser(user) };
  });

  app.post('/api/auth/logout', {
    config: { access: 'public' }, // idempotent: without a session it only clears the cookie
    schema: { response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const principal = request.principal;
    if (principal.kind === 'user') {
      await sessions.delete(principal.sessionHash);
      await auditLog.record(request, { action: 'auth.logout', target: principal.email });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/auth/me', {
    config: { access: 'self' },
    schema: { response: { 200: MeResponse, ...errors(401) } },
  }, async (request) => {
    const principal = personOf(request.principal);
    const org = await orgs.get(principal.orgId);
    return {
      user: { id: principal.userId, email: principal.email, role: principal.role, orgId: principal.orgId, siteIds: principal.siteIds === null ? null : [...principal.siteIds] },
      org: { id: principal.orgId, name: org?.name ?? principal.orgId },
      via: principal.kind === 'user' ? ('session' as const) : ('token' as const),
      permissions: permissionsOf(principal.role),
    };
  });

  app.get('/api/auth/providers', {
    config: { access: 'public' },
    schema: { response: { 200: AuthProvidersResponse } },
  }, async () => ({ password: true, sso: options.sso ?? null }));
};
