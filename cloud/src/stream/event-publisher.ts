import type { EventStoredListener } from '../events/event-stored.js';
import type { MessageBus } from '../pubsub/message-bus.js';
import { publishEvent } from '../pubsub/stream-publish.js';

/**
 * The event-stored listener of the console stream: publishes each record
 * without waiting for the bus (it batches the writes off the request's
 * path), so ingestion does not wait on the stream.
 */
export function streamEventsListener(bus: MessageBus): EventStoredListener {
  return (orgId, records) => {
    for (const record of records) void publishEvent(bus, orgId, record);
  };
}
