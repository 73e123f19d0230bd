import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '@argus/contracts';
import { agentOf, assertAgentSite, requireScope } from '../http/principal.js';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import { CloudError } from '../errors.js';
import { instantParam } from '../http/instant-param.js';
import { eventRecordOf, type EventStored } from './event-stored.js';
import type { EventsRepository, EventWrite } from './events.repository.js';
import { EventBatchBody, EventBatchResponse, EventListResponse, EventQuery, type IncomingEvent } from '@argus/contracts';

export interface EventsRoutesOptions {
  readonly cameras: CamerasRepository;
  readonly events: EventsRepository;
  /**
   * Told each batch's applied phases (the latest accepted phase of each
   * id), once stored, before the answer: the stream, MQTT, webhooks, alert
   * evaluation. A listener that throws is logged; the batch stays accepted.
   */
  readonly eventStored?: EventStored;
}

const instant = (field: string, value: string | number): number => instantParam(field, value);

function toWrite(e: IncomingEvent, i: number, siteId: string, agentId: string): EventWrite {
  const startedAt = instant(`events.${i}.startedAt`, e.startedAt);
  const endedAt = e.endedAt === undefined ? null : instant(`events.${i}.endedAt`, e.endedAt);
  if (endedAt !== null && endedAt < startedAt) {
    throw new CloudError('CLD_ERR_VALIDATION', `body/events/${i}/endedAt is before startedAt`, { field: `events.${i}.endedAt` });
  }
  return {
    id: e.id, phase: e.phase, cameraId: e.cameraId, siteId, agentId, stream: e.stream ?? null, label: e.label,
    score: e.score ?? null, box: e.box ?? null, zones: e.zones ?? [], attributes: e.attributes ?? {}, path: e.path ?? [],
    startedAt, endedAt, snapshotKey: e.snapshotKey ?? null,
  };
}

export const eventsRoutes: FastifyPluginAsyncTypebox<EventsRoutesOptions> = async (app, { cameras, events, eventStored }) => {
  /**
   * All or nothing: every event's camera must exist and be the caller's
   * (else 404/403 and nothing is written); then each is upserted by id.
   */
  app.post('/api/events', {
    config: { access: 'agent' },
    schema: { body: EventBatchBody, response: { 200: EventBatchResponse, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const agent = agentOf(request.principal);
    const batch = request.body.events;
    const sites = await cameras.sitesOf(agent.orgId, [...new Set(batch.map((e) => e.cameraId))]);
    const writes = batch.map((e, i) => {
      const siteId = sites.get(e.cameraId);
      if (siteId === undefined) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${e.cameraId} (events[${i}])`, { field: `events.${i}.cameraId` });
      assertAgentSite(agent, siteId, `camera ${e.cameraId} (events[${i}])`);
      return toWrite(e, i, siteId, agent.agentId);
    });
    const { accepted, ignored, applied } = await events.upsertBatch(agent.orgId, writes);
    request.log.debug({ accepted, ignored, agentId: agent.agentId }, 'events batch');
    if (eventStored) {
      const at = Date.now(); // the stored rows' updated_at is the database's clock: see eventRecordOf
      await eventStored.publish(agent.orgId, applied.map((e) => eventRecordOf(e, at)));
    }
    return { accepted, ignored };
  });

  app.get('/api/events', {
    config: { access: 'camera.view' },
    schema: { querystring: EventQuery, response: { 200: EventListResponse, ...errors(400, 401, 403) } },
  }, async (request) => {
    const { cameraId, label, from, to, limit = 100 } = request.query;
    const range = (field: 'from' | 'to', value: string | undefined): number | undefined => (value === undefined ? undefined : instantParam(field, value, 'CLD_ERR_BAD_RANGE'));
    const { orgId, siteIds } = requireScope(request.principal);
    return { events: await events.list({ orgId, siteIds, cameraId, label, from: range('from', from), to: range('to', to), limit }) };
  });
};
