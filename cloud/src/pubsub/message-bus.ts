/**
 * The cloud's one publish/subscribe layer: every replica publishes to it and
 * every replica's subscribers receive every message, the publisher's own
 * included. Consoles' live stream (GET /api/stream), control commands and
 * their results, and control-channel presence travel on it, so any replica
 * serves any console and reaches any agent. The PostgreSQL implementation is
 * pg-message-bus.ts (LISTEN/NOTIFY plus the `stream_messages` table).
 */

/**
 * What a message is about:
 * - `event`: an EventRecord (contracts), as GET /api/events lists it;
 * - `alert`: an alert, as GET /api/alerts lists it, on every transition;
 * - `command` / `command-result`: a control command for an agent connected
 *   to another replica, and its outcome (control/control-relay.ts);
 * - `presence`: which replica holds which agent's control channel.
 */
export type MessageKind = 'event' | 'alert' | 'command' | 'command-result' | 'presence';

/**
 * Kinds that consoles receive. They are always stored (`stream_messages`),
 * so they have a `seq` and can be replayed after a reconnection; the other
 * kinds are cluster traffic, sent in the NOTIFY itself when small enough.
 */
export const STREAM_KINDS: ReadonlySet<MessageKind> = new Set(['event', 'alert']);

export interface BusMessage {
  readonly kind: MessageKind;
  /** The organisation whose principals may see it; null for cluster housekeeping (presence, commands). */
  readonly orgId: string | null;
  /** The site it belongs to: consoles scoped to sites receive only their sites' messages (null: organisation-wide only). */
  readonly siteId?: string | null;
  readonly cameraId?: string | null;
  /** JSON-serialisable; sent to consoles as is (`data:`). */
  readonly payload: unknown;
}

/** A message as subscribers receive it. */
export interface DeliveredMessage extends BusMessage {
  readonly siteId: string | null;
  readonly cameraId: string | null;
  /** Position in `stream_messages` (a decimal bigint): set for stored messages, null for those sent in the notification alone. */
  readonly seq: string | null;
  /** The payload as JSON text, when the bus read it as such (stored messages): consoles get it as is, parsed and serialised by nobody. */
  readonly json?: string;
}

export type MessageHandler = (message: DeliveredMessage) => void;

export interface MessageBus {
  /**
   * Publishes to every replica. Resolves once the message is committed (and
   * its notification sent); never rejects: a message that cannot be
   * published is logged and dropped (a console reloading its lists catches
   * up; a command then times out). Callers on a request path need not await it.
   */
  publish(message: BusMessage): Promise<void>;
  /** Calls `handler` with every message, in order of `seq` for stored ones; returns the unsubscribe function. A handler must not throw (what it throws is logged). */
  subscribe(handler: MessageHandler): () => void;
}
