import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SESSION_COOKIE, type RouteAccess } from '@argus/contracts';
import { CloudError } from '../errors.js';
import type { Credentials } from './authenticate.js';
import { isForeignRequest } from './origin-check.js';
import { accessProblem, ANONYMOUS, type Anonymous as AnonymousPrincipal, type Principal } from '../http/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set by the auth hook before any handler runs. */
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** Who may call the route (contracts/src/access.ts); a route without it is closed. */
    access?: RouteAccess;
  }
}

export interface AuthPluginOptions {
  readonly authenticate: (credentials: Credentials) => Promise<Principal>;
  /** Trusted origins besides the cloud's own (CloudConfig.auth.allowedOrigins). */
  readonly allowedOrigins: readonly string[];
}

/**
 * The auth layer: on every request, establishes the principal (session
 * cookie, API token or agent credential), refuses state-changing requests
 * that a foreign page makes with the session cookie, and enforces the
 * route's declared access, deny by default. Registered before every route
 * plugin, which declare it as a dependency.
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, { authenticate, allowedOrigins }) => {
    // Set by the hook on every request; null only before it runs (decorators may not hold objects).
    app.decorateRequest('principal', null as unknown as AnonymousPrincipal);
    app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
      request.principal = ANONYMOUS;
      if (request.is404) return; // no route: the not-found handler answers (the console's SPA fallback, or 404)
      const access = request.routeOptions.config.access;
      const credentials: Credentials = { authorization: request.headers.authorization, session: request.cookies[SESSION_COOKIE] };
      try {
        request.principal = await authenticate(credentials);
      } catch (err) {
        // A stale cookie or token must not keep anyone from public routes (the sign-in page above all).
        if (access !== 'public') throw err;
      }
      if (credentials.authorization === undefined) {
        const foreign = isForeignRequest(
          // request.host: the Host header, or X-Forwarded-Host behind a trusted proxy (ARGUS_TRUST_PROXY).
          { method: request.method, host: request.host, origin: header(request, 'origin'), secFetchSite: header(request, 'sec-fetch-site') },
          allowedOrigins,
        );
        if (foreign) throw new CloudError('CLD_ERR_FOREIGN_ORIGIN', `refused: a state-changing request from another site (Origin ${header(request, 'origin') ?? 'unknown'})`);
      }
      const problem = accessProblem(access, request.principal, `${request.method} ${request.routeOptions.url ?? request.url}`);
      if (problem) throw problem;
    });
  },
  { name: 'argus-auth', decorators: { fastify: [] } },
);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
