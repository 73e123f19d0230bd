import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, sameSecret, secretHash } from '../agents/credentials.js';
import { CloudError } from '../errors.js';

/**
 * Who is calling an edge endpoint. `legacy` is the bootstrap credential
 * (ARGUS_EDGE_TOKEN), which may write every site; an enrolled `agent` may
 * only write the cameras of its own site.
 */
export type EdgePrincipal =
  | { readonly kind: 'legacy'; readonly agentId: typeof LEGACY_AGENT_ID; readonly siteId: undefined }
  | { readonly kind: 'agent'; readonly agentId: string; readonly siteId: string };

/** Agent id under which the legacy credential's heartbeats and control channel are kept. */
export const LEGACY_AGENT_ID = 'legacy';

export const LEGACY_PRINCIPAL: EdgePrincipal = Object.freeze({ kind: 'legacy', agentId: LEGACY_AGENT_ID, siteId: undefined });

/** Looks an agent up by the sha256 of its credential. */
export type AgentLookup = (credentialHash: string) => Promise<{ readonly id: string; readonly siteId: string } | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the edge auth hook on edge endpoints; undefined elsewhere. */
    edge: EdgePrincipal | undefined;
  }
}

/**
 * onRequest hook of the edge endpoints: `Authorization: Bearer <token>`.
 * The legacy token is compared through digests in constant time; agent
 * credentials are looked up by their sha256 (a random 256-bit secret: the
 * lookup reveals nothing useful). The token itself is never logged.
 */
export type EdgeAuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function edgeAuth(legacyToken: string, findAgent: AgentLookup): EdgeAuthHook {
  return async (request) => {
    request.edge = await authenticateEdge(request.headers.authorization, legacyToken, findAgent);
  };
}

export async function authenticateEdge(header: string | undefined, legacyToken: string, findAgent: AgentLookup): Promise<EdgePrincipal> {
  const given = bearerToken(header);
  if (given !== undefined) {
    if (sameSecret(given, legacyToken)) return LEGACY_PRINCIPAL;
    const agent = await findAgent(secretHash(given));
    if (agent) return { kind: 'agent', agentId: agent.id, siteId: agent.siteId };
  }
  throw new CloudError('CLD_ERR_UNAUTHORIZED', 'missing or invalid edge credential (Authorization: Bearer <agent credential or ARGUS_EDGE_TOKEN>)');
}

/** Throws CLD_ERR_FORBIDDEN_SITE unless the principal may write cameras of `siteId`. */
export function assertSiteAccess(principal: EdgePrincipal | undefined, siteId: string, what: string): void {
  if (principal?.kind === 'agent' && principal.siteId !== siteId) {
    throw new CloudError('CLD_ERR_FORBIDDEN_SITE', `${what} belongs to site ${siteId}; this agent may only write site ${principal.siteId}`);
  }
}
