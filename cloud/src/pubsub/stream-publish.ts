import type { EventRecord } from '@argus/contracts';
import type { MessageBus } from './message-bus.js';

/**
 * What contexts call to push to consoles (GET /api/stream). Both return
 * the bus's promise, which never rejects: await it to know the message is
 * committed, or leave it.
 */

/** An event as GET /api/events lists it, after every accepted phase or health change. */
export function publishEvent(bus: MessageBus, orgId: string, event: EventRecord): Promise<void> {
  return bus.publish({ kind: 'event', orgId, siteId: event.siteId, cameraId: event.cameraId, payload: event });
}

/**
 * An alert as GET /api/alerts lists it, after every transition (opened,
 * acknowledged, resolved, assigned). The same as
 * `bus.publish({ kind: 'alert', orgId, siteId, cameraId, payload: alert })`.
 */
export function publishAlert(bus: MessageBus, orgId: string, alert: { readonly siteId: string | null; readonly cameraId: string | null }): Promise<void> {
  return bus.publish({ kind: 'alert', orgId, siteId: alert.siteId, cameraId: alert.cameraId, payload: alert });
}
