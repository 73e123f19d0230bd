import { roleWithin, sitesWithin } from '@argus/contracts';
import { CloudError } from '../errors.js';
import { AGENT_CREDENTIAL_PREFIX, API_TOKEN_PREFIX, bearerToken, sameSecret, secretHash } from './secrets.js';
import { ANONYMOUS, LEGACY_AGENT_ID, type Principal } from '../http/principal.js';
import type { SessionsRepository } from './sessions.repository.js';
import type { TokensRepository } from './tokens.repository.js';

/** Looks an agent up by the sha256 of its credential (revoked credentials are gone). */
export type AgentLookup = (credentialHash: string) => Promise<{ readonly id: string; readonly orgId: string; readonly siteId: string } | undefined>;

export interface AuthenticatorDeps {
  readonly sessions: SessionsRepository;
  readonly tokens: TokensRepository;
  readonly findAgent: AgentLookup;
  /** The bootstrap agent credential (ARGUS_EDGE_TOKEN) and the org it belongs to; undefined when not configured. */
  readonly legacyAgent: { readonly token: string; readonly orgId: string } | undefined;
  /** Clock, epoch ms. */
  readonly now: () => number;
}

export interface Credentials {
  /** The `Authorization` header. */
  readonly authorization: string | undefined;
  /** The session cookie's value. */
  readonly session: string | undefined;
}

/**
 * Establishes who is calling from the request's credentials: a bearer
 * (API token, agent credential or the bootstrap agent token) wins over the
 * session cookie. A credential that is present but unknown, expired or
 * revoked is an error (401), not an anonymous call: a client with a stale
 * token learns it at once. Secrets are compared by their sha256 (random
 * 256-bit values: the lookup leaks nothing useful) and never logged.
 */
export function createAuthenticator(deps: AuthenticatorDeps): (credentials: Credentials) => Promise<Principal> {
  return async ({ authorization, session }) => {
    const now = deps.now();
    if (authorization !== undefined) {
      const bearer = bearerToken(authorization);
      if (bearer === undefined) throw new CloudError('CLD_ERR_UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"');
      if (bearer.startsWith(API_TOKEN_PREFIX)) {
        const token = await deps.tokens.findActive(bearer, now);
        if (!token) throw new CloudError('CLD_ERR_UNAUTHORIZED', 'unknown, expired or revoked API token');
        // A token never holds more than its creator holds today.
        if (!roleWithin(token.role, token.creatorRole) || !sitesWithin(token.siteIds, token.creatorSiteIds)) {
          throw new CloudError('CLD_ERR_UNAUTHORIZED', "this API token's creator no longer has the rights it grants; create a new token");
        }
        return { kind: 'token', tokenId: token.id, name: token.name, userId: token.userId, email: token.email, orgId: token.orgId, role: token.role, siteIds: token.siteIds };
      }
      if (deps.legacyAgent && sameSecret(bearer, deps.legacyAgent.token)) {
        return { kind: 'agent', agentId: LEGACY_AGENT_ID, orgId: deps.legacyAgent.orgId, siteId: null };
      }
      if (bearer.startsWith(AGENT_CREDENTIAL_PREFIX)) {
        const agent = await deps.findAgent(secretHash(bearer));
        if (agent) return { kind: 'agent', agentId: agent.id, orgId: agent.orgId, siteId: agent.siteId };
      }
      throw new CloudError('CLD_ERR_UNAUTHORIZED', 'unknown or revoked credential');
    }
    if (session !== undefined && session !== '') {
      const found = await deps.sessions.find(session, now);
      if (!found) throw new CloudError('CLD_ERR_UNAUTHORIZED', 'your session has expired; sign in again');
      return { kind: 'user', userId: found.userId, email: found.email, orgId: found.orgId, role: found.role, siteIds: found.siteIds, sessionHash: found.sessionHash };
    }
    return ANONYMOUS;
  };
}
