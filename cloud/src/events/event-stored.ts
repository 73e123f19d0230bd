import type { EventRecord } from '@argus/contracts';
import type { Logger } from '@argus/runtime';
import type { EventWrite } from './events.repository.js';

/**
 * "An event phase was stored": the one hook through which both writers of
 * events (POST /api/events for the edge's phases, the health checker for
 * the cloud's own) reach whatever follows a stored event (the console
 * stream, MQTT, webhooks, alert evaluation). app.ts builds it once with its
 * listeners; the writers only publish.
 */

/** Called with the records (as GET /api/events lists them) of one stored batch, all of one organisation. */
export type EventStoredListener = (orgId: string, records: readonly EventRecord[]) => void | Promise<void>;

export interface NamedEventStoredListener {
  /** Names the listener in the log line of its failure. */
  readonly name: string;
  readonly listener: EventStoredListener;
}

export interface EventStored {
  /**
   * Hands the records to every listener in order, each awaited. A listener
   * that throws or rejects is logged and the next ones still run; the
   * promise never rejects, so a writer may await it (the events route:
   * before its answer) or leave it (the health checker).
   */
  publish(orgId: string, records: readonly EventRecord[]): Promise<void>;
}

export function createEventStored(listeners: readonly NamedEventStoredListener[], logger: Logger): EventStored {
  const log = logger.child({ component: 'event-stored' });
  return {
    async publish(orgId, records) {
      if (records.length === 0) return;
      for (const { name, listener } of listeners) {
        try {
          await listener(orgId, records);
        } catch (err) {
          log.error({ err, listener: name, orgId }, 'event listener failed');
        }
      }
    },
  };
}

/**
 * An accepted edge event as GET /api/events lists it. `updatedAt` is the
 * publishing replica's clock at acceptance, within milliseconds of the
 * stored row's (which the database's clock sets, hence the wall clock here
 * and not the app's injectable one).
 */
export function eventRecordOf(e: EventWrite, updatedAt: number): EventRecord {
  return {
    id: e.id, phase: e.phase, cameraId: e.cameraId, agentId: e.agentId, siteId: e.siteId, stream: e.stream, label: e.label,
    score: e.score, box: e.box, zones: [...e.zones], attributes: { ...e.attributes }, path: e.path,
    startedAt: new Date(e.startedAt).toISOString(), endedAt: e.endedAt === null ? null : new Date(e.endedAt).toISOString(),
    snapshotKey: e.snapshotKey, source: 'edge', updatedAt: new Date(updatedAt).toISOString(),
  };
}
