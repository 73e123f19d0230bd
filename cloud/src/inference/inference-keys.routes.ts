import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  errors, InferenceKeyCreateBody, InferenceKeyCreateResponse, InferenceKeyIdParams, InferenceKeyListResponse, InferenceKeyRevokeResponse,
} from '@argus/contracts';
import type { AuditLog } from '../audit/audit-log.js';
import { CloudError } from '../errors.js';
import { actorOf, personOf } from '../http/principal.js';
import type { InferenceKeysRepository } from './inference-keys.repository.js';

export interface InferenceKeysRoutesOptions {
  readonly keys: InferenceKeysRepository;
  readonly auditLog: AuditLog;
  /** Epoch ms. */
  readonly now: () => number;
}

/**
 * Inference keys of the organisation (admins): the secret is in the create
 * answer only; a revoked key is refused by the endpoint on its next call.
 */
export const inferenceKeysRoutes: FastifyPluginAsyncTypebox<InferenceKeysRoutesOptions> = async (app, { keys, auditLog, now }) => {
  app.post('/api/inference-keys', {
    config: { access: 'inference.manage' },
    schema: { body: InferenceKeyCreateBody, response: { 201: InferenceKeyCreateResponse, ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const principal = personOf(request.principal);
    const created = await keys.create({ orgId: principal.orgId, name: request.body.name, createdBy: actorOf(principal), at: now() });
    await auditLog.record(request, { action: 'inference-key.create', target: `inference-key:${created.id} ${created.accessKeyId} ${created.name}` });
    return reply.status(201).send(created);
  });

  app.get('/api/inference-keys', {
    config: { access: 'inference.manage' },
    schema: { response: { 200: InferenceKeyListResponse, ...errors(401, 403) } },
  }, async (request) => ({ keys: await keys.list(personOf(request.principal).orgId) }));

  app.delete('/api/inference-keys/:id', {
    config: { access: 'inference.manage' },
    schema: { params: InferenceKeyIdParams, response: { 200: InferenceKeyRevokeResponse, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const principal = personOf(request.principal);
    const revoked = await keys.revoke(principal.orgId, request.params.id, now());
    if (!revoked) throw new CloudError('CLD_ERR_INFERENCE_KEY_NOT_FOUND', `no inference key ${request.params.id}`, { field: 'id' });
    await auditLog.record(request, { action: 'inference-key.revoke', target: `inference-key:${revoked.id} ${revoked.accessKeyId} ${revoked.name}` });
    return { id: revoked.id, revokedAt: revoked.revokedAt! };
  });
};
