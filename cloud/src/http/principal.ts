import { roleHas, type Role, type RouteAccess } from '@argus/contracts';
import { CloudError } from '../errors.js';

/**
 * Who is calling, as the auth layer establishes it on every request
 * (auth/authenticate.ts): a console user (session cookie), an API token, an
 * edge agent, or nobody. Everything a handler reads or writes is scoped by
 * the principal's organisation and, for users and tokens, its sites.
 */
export type Principal = UserPrincipal | TokenPrincipal | AgentPrincipal | Anonymous;

interface Scoped {
  readonly orgId: string;
  /** null: every site of the organisation. */
  readonly siteIds: readonly string[] | null;
  readonly role: Role;
}

export interface UserPrincipal extends Scoped {
  readonly kind: 'user';
  readonly userId: string;
  readonly email: string;
  /** sha256 of the session cookie (logout deletes it). */
  readonly sessionHash: string;
}

export interface TokenPrincipal extends Scoped {
  readonly kind: 'token';
  readonly tokenId: string;
  readonly name: string;
  /** The user who created the token. */
  readonly userId: string;
  readonly email: string;
}

/**
 * An edge agent. `legacy` is the bootstrap credential (ARGUS_EDGE_TOKEN),
 * which belongs to the default organisation and may write every site of it;
 * an enrolled agent may write only its own site's cameras.
 */
export interface AgentPrincipal {
  readonly kind: 'agent';
  readonly agentId: string;
  readonly orgId: string;
  /** null: the legacy bootstrap agent (every site of its organisation). */
  readonly siteId: string | null;
}

export interface Anonymous {
  readonly kind: 'anonymous';
}

export const ANONYMOUS: Anonymous = Object.freeze({ kind: 'anonymous' });

/** Agent id under which the legacy credential's heartbeats and control channel are kept. */
export const LEGACY_AGENT_ID = 'legacy';

export type PersonPrincipal = UserPrincipal | TokenPrincipal;

/** What repositories filter by: one organisation, and within it every site (null) or some. */
export interface TenantScope {
  readonly orgId: string;
  readonly siteIds: readonly string[] | null;
}

export function scopeOf(principal: PersonPrincipal | AgentPrincipal): TenantScope {
  if (principal.kind === 'agent') return { orgId: principal.orgId, siteIds: principal.siteId === null ? null : [principal.siteId] };
  return { orgId: principal.orgId, siteIds: principal.siteIds };
}

/** The audit log's name for a principal. */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.email}`;
    case 'token':
      return `token:${principal.name} (${principal.tokenId})`;
    case 'agent':
      return `agent:${principal.agentId}`;
    case 'anonymous':
      return 'anonymous';
  }
}

/**
 * The access decision for a route: undefined when allowed, else the error to
 * answer (401 for nobody, 403 for somebody without the right).
 */
export function accessProblem(access: RouteAccess | undefined, principal: Principal, route: string): CloudError | undefined {
  if (access === undefined) {
    // Default deny: a route that forgot to say who may call it serves nobody.
    return new CloudError('CLD_ERR_FORBIDDEN', `${route} declares no access rule and is closed`);
  }
  if (access === 'public') return undefined;
  if (principal.kind === 'anonymous') {
    return new CloudError('CLD_ERR_UNAUTHORIZED', access === 'agent' ? 'missing or invalid agent credential (Authorization: Bearer <agent credential>)' : 'sign in first (session cookie) or send an API token (Authorization: Bearer <token>)');
  }
  if (access === 'agent') {
    return principal.kind === 'agent' ? undefined : new CloudError('CLD_ERR_FORBIDDEN', `${route} is for edge agents`);
  }
  if (principal.kind === 'agent') return new CloudError('CLD_ERR_FORBIDDEN', `${route} is not for edge agents`);
  const { role } = principal;
  return roleHas(role, access) ? undefined : new CloudError('CLD_ERR_FORBIDDEN', `the ${role} role may not do this (needs ${access})`);
}

/** The caller as a user or token, for handlers behind a permission (the hook has checked it). */
export function personOf(principal: Principal): PersonPrincipal {
  if (principal.kind !== 'user' && principal.kind !== 'token') throw new CloudError('CLD_ERR_UNAUTHORIZED', 'sign in first');
  return principal;
}

export function agentOf(principal: Principal): AgentPrincipal {
  if (principal.kind !== 'agent') throw new CloudError('CLD_ERR_UNAUTHORIZED', 'missing or invalid agent credential');
  return principal;
}

/** The caller's scope: users, tokens and agents have one; nobody else reaches a scoped handler. */
export function requireScope(principal: Principal): TenantScope {
  if (principal.kind === 'anonymous') throw new CloudError('CLD_ERR_UNAUTHORIZED', 'sign in first');
  return scopeOf(principal);
}

/** Throws CLD_ERR_FORBIDDEN_SITE unless the agent may write cameras of `siteId` (the legacy agent may write every site of its org). */
export function assertAgentSite(agent: AgentPrincipal, siteId: string, what: string): void {
  if (agent.siteId !== null && agent.siteId !== siteId) {
    throw new CloudError('CLD_ERR_FORBIDDEN_SITE', `${what} belongs to site ${siteId}; this agent may only write site ${agent.siteId}`);
  }
}
