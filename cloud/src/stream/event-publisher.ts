import type { EventRecord } from '@argus/contracts';
import type { EventWrite } from '../events/events.repository.js';
import type { MessageBus } from '../pubsub/message-bus.js';
import { publishEvent } from '../pubsub/stream-publish.js';

/**
 * An accepted edge event as GET /api/events lists it. `updatedAt` is the
 * publishing replica's clock at acceptance, within milliseconds of the
 * stored row's.
 */
export function eventRecordOf(e: EventWrite, updatedAt: number): EventRecord {
  return {
    id: e.id, phase: e.phase, cameraId: e.cameraId, agentId: e.agentId, siteId: e.siteId, stream: e.stream, label: e.label,
    score: e.score, box: e.box, zones: [...e.zones], attributes: { ...e.attributes }, path: e.path,
    startedAt: new Date(e.startedAt).toISOString(), endedAt: e.endedAt === null ? null : new Date(e.endedAt).toISOString(),
    snapshotKey: e.snapshotKey, source: 'edge', updatedAt: new Date(updatedAt).toISOString(),
  };
}

/**
 * The events context's listener for accepted batches: publishes each
 * applied phase without waiting for the bus (it batches the writes off the
 * request's path), so ingestion does not wait on the stream.
 */
export function acceptedEventsPublisher(bus: MessageBus, now: () => number): (orgId: string, applied: readonly EventWrite[]) => Promise<void> {
  return async (orgId, applied) => {
    const at = now();
    for (const e of applied) void publishEvent(bus, orgId, eventRecordOf(e, at));
  };
}
