import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, WebhookBody, WebhookDeliveryListResponse, WebhookDeliveryRecord, WebhookListResponse, WebhookPatch, WebhookRecord } from '@argus/contracts';
import { Type } from 'typebox';
import type { AuditLog } from '../audit/audit-log.js';
import { CloudError } from '../errors.js';
import { actorOf, requireScope } from '../http/principal.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';
import type { WebhooksRepository } from './webhooks.repository.js';

export interface WebhooksRoutesOptions {
  readonly webhooks: WebhooksRepository;
  readonly dispatcher: WebhookDispatcher;
  readonly auditLog: AuditLog;
  readonly now: () => number;
}

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const DeliveryParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), deliveryId: Type.String({ minLength: 1, maxLength: 20 }) });
const DeliveryQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) });

/** URLs are logged and audited without their credentials or query (a receiver's secret may sit in either). */
const shownUrl = (url: string): string => {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
};

/**
 * Webhooks of the organisation (`webhook.manage`: admins and integrators):
 * create, list (never the secret), change, delete, the delivery log, and
 * replaying one delivery. Changes are audited.
 */
export const webhooksRoutes: FastifyPluginAsyncTypebox<WebhooksRoutesOptions> = async (app, { webhooks, dispatcher, auditLog, now }) => {
  const hookOf = async (orgId: string, id: string): Promise<WebhookRecord> => {
    const hook = await webhooks.get(orgId, id);
    if (!hook) throw new CloudError('CLD_ERR_WEBHOOK_NOT_FOUND', `no webhook ${id}`, { field: 'id' });
    return hook;
  };

  app.post('/api/webhooks', {
    config: { access: 'webhook.manage' },
    schema: { body: WebhookBody, response: { 201: WebhookRecord, ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const { orgId } = requireScope(request.principal);
    const hook = await webhooks.create(orgId, request.body, actorOf(request.principal), now());
    await auditLog.record(request, { action: 'webhook.create', target: `webhook:${hook.id} ${shownUrl(hook.url)} (${hook.kinds.join(', ')})` });
    return reply.status(201).send(hook);
  });

  app.get('/api/webhooks', {
    config: { access: 'webhook.manage' },
    schema: { response: { 200: WebhookListResponse, ...errors(401, 403) } },
  }, async (request) => ({ webhooks: await webhooks.list(requireScope(request.principal).orgId) }));

  app.patch('/api/webhooks/:id', {
    config: { access: 'webhook.manage' },
    schema: { params: Id, body: WebhookPatch, response: { 200: WebhookRecord, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const { orgId } = requireScope(request.principal);
    const hook = await webhooks.update(orgId, request.params.id, request.body);
    if (!hook) throw new CloudError('CLD_ERR_WEBHOOK_NOT_FOUND', `no webhook ${request.params.id}`, { field: 'id' });
    await auditLog.record(request, { action: 'webhook.update', target: `webhook:${hook.id} (${Object.keys(request.body).join(', ')})` });
    if (request.body.enabled) dispatcher.wake();
    return hook;
  });

  app.delete('/api/webhooks/:id', {
    config: { access: 'webhook.manage' },
    schema: { params: Id, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
  }, async (request, reply) => {
    const { orgId } = requireScope(request.principal);
    const hook = await hookOf(orgId, request.params.id);
    await webhooks.delete(orgId, hook.id);
    await auditLog.record(request, { action: 'webhook.delete', target: `webhook:${hook.id} ${shownUrl(hook.url)}` });
    return reply.status(204).send(null);
  });

  app.get('/api/webhooks/:id/deliveries', {
    config: { access: 'webhook.manage' },
    schema: { params: Id, querystring: DeliveryQuery, response: { 200: WebhookDeliveryListResponse, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const { orgId } = requireScope(request.principal);
    const hook = await hookOf(orgId, request.params.id);
    return { deliveries: await webhooks.deliveries(orgId, hook.id, request.query.limit ?? 100) };
  });

  app.post('/api/webhooks/:id/deliveries/:deliveryId/replay', {
    config: { access: 'webhook.manage' },
    schema: { params: DeliveryParams, response: { 200: WebhookDeliveryRecord, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const { orgId } = requireScope(request.principal);
    const hook = await hookOf(orgId, request.params.id);
    const delivery = await webhooks.replay(orgId, hook.id, request.params.deliveryId, now());
    if (!delivery) throw new CloudError('CLD_ERR_WEBHOOK_NOT_FOUND', `no delivery ${request.params.deliveryId} of webhook ${hook.id}`, { field: 'deliveryId' });
    await auditLog.record(request, { action: 'webhook.replay', target: `webhook:${hook.id} delivery:${delivery.id}` });
    dispatcher.wake();
    return delivery;
  });
};
