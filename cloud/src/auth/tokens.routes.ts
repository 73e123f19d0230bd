import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import {
  DEFAULT_TOKEN_TTL_MS,
  errors,
  MAX_TOKEN_TTL_MS,
  roleHas,
  roleWithin,
  sitesWithin,
  TokenCreateBody,
  TokenCreateResponse,
  TokenIdParams,
  TokenListResponse,
} from '@argus/contracts';
import type { AuditLog } from '../audit/audit-log.js';
import { CloudError } from '../errors.js';
import { instantParam } from '../http/instant-param.js';
import { personOf } from '../http/principal.js';
import type { SiteCheck } from './site-check.js';
import type { TokensRepository } from './tokens.repository.js';

export interface TokensRoutesOptions {
  readonly tokens: TokensRepository;
  readonly auditLog: AuditLog;
  readonly sites: SiteCheck;
  readonly now: () => number;
}

/**
 * Integrator API tokens. A signed-in user creates them (a token cannot mint
 * tokens), with no more rights than their own; the secret is in the create
 * answer only. Admins see and revoke every token of the organisation,
 * others their own.
 */
export const tokensRoutes: FastifyPluginAsyncTypebox<TokensRoutesOptions> = async (app, { tokens, auditLog, sites, now }) => {
  app.post('/api/tokens', {
    config: { access: 'token.manage' },
    schema: { body: TokenCreateBody, response: { 201: TokenCreateResponse, ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const principal = personOf(request.principal);
    if (principal.kind !== 'user') throw new CloudError('CLD_ERR_FORBIDDEN', 'API tokens are created by a signed-in user, not by another token');
    const { name, role = principal.role, siteIds = principal.siteIds === null ? null : [...principal.siteIds] } = request.body;
    if (!roleWithin(role, principal.role)) throw new CloudError('CLD_ERR_ROLE_TOO_HIGH', `a ${principal.role} may not create a token with the ${role} role`, { field: 'role' });
    if (!sitesWithin(siteIds, principal.siteIds)) throw new CloudError('CLD_ERR_ROLE_TOO_HIGH', 'a token may not reach sites its creator cannot', { field: 'siteIds' });
    await sites.assertExist(principal.orgId, siteIds);
    const at = now();
    const expiresAt = request.body.expiresAt === undefined ? at + DEFAULT_TOKEN_TTL_MS : instantParam('expiresAt', request.body.expiresAt);
    if (expiresAt <= at) throw new CloudError('CLD_ERR_VALIDATION', 'body/expiresAt must be in the future', { field: 'expiresAt' });
    if (expiresAt > at + MAX_TOKEN_TTL_MS) throw new CloudError('CLD_ERR_VALIDATION', 'body/expiresAt must be within a year', { field: 'expiresAt' });
    const { token, stored } = await tokens.create({ orgId: principal.orgId, userId: principal.userId, name, role, siteIds, expiresAt, at });
    await auditLog.record(request, { action: 'token.create', target: `token:${stored.id} ${name} (${role})` });
    return reply.status(201).send({ ...stored.record, token });
  });

  app.get('/api/tokens', {
    config: { access: 'token.manage' },
    schema: { response: { 200: TokenListResponse, ...errors(401, 403) } },
  }, async (request) => {
    const principal = personOf(request.principal);
    const all = roleHas(principal.role, 'user.manage');
    return { tokens: (await tokens.list(principal.orgId, all ? undefined : principal.userId)).map((t) => t.record) };
  });

  app.delete('/api/tokens/:id', {
    config: { access: 'token.manage' },
    schema: { params: TokenIdParams, response: { 204: Type.Null(), ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const principal = personOf(request.principal);
    const token = await tokens.get(principal.orgId, request.params.id);
    // Someone else's token is as invisible to a non-admin as a missing one.
    if (!token || (!roleHas(principal.role, 'user.manage') && token.userId !== principal.userId)) {
      throw new CloudError('CLD_ERR_TOKEN_NOT_FOUND', `no token ${request.params.id}`, { field: 'id' });
    }
    await tokens.revoke(principal.orgId, token.id, now());
    await auditLog.record(request, { action: 'token.revoke', target: `token:${token.id} ${token.name}` });
    return reply.status(204).send(null);
  });
};
