import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditListResponse, AuditQuery, errors } from '@argus/contracts';
import { personOf } from '../http/principal.js';
import { instantParam } from '../http/instant-param.js';
import type { AuditRepository } from './audit.repository.js';

export interface AuditRoutesOptions {
  readonly audit: AuditRepository;
}

export const auditRoutes: FastifyPluginAsyncTypebox<AuditRoutesOptions> = async (app, { audit }) => {
  app.get('/api/audit', {
    config: { access: 'audit.view' },
    schema: { querystring: AuditQuery, response: { 200: AuditListResponse, ...errors(400, 401, 403) } },
  }, async (request) => {
    const { from, to, actor, action, limit = 200 } = request.query;
    const { orgId } = personOf(request.principal);
    return {
      entries: await audit.list(orgId, {
        from: from === undefined ? undefined : instantParam('from', from, 'CLD_ERR_BAD_RANGE'),
        to: to === undefined ? undefined : instantParam('to', to, 'CLD_ERR_BAD_RANGE'),
        actor, action, limit,
      }),
    };
  });
};
