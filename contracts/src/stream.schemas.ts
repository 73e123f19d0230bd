import { Type, type Static } from 'typebox';

/**
 * GET /api/stream: Server-Sent Events to consoles (docs/api.md, "Real-time
 * stream"). Each message has `id:` (the stream position, a decimal
 * integer), `event:` (one of STREAM_MESSAGE_NAMES) and `data:` (one line of
 * JSON):
 *
 * - `event`: an EventRecord, as GET /api/events lists it, on every accepted
 *   phase and every health event the cloud raises;
 * - `alert`: the alert as GET /api/alerts lists it, on every transition;
 * - `resync`: StreamResync; the stream could not replay everything since the
 *   Last-Event-ID the client sent: reload the lists, then carry on.
 */
export const STREAM_MESSAGE_NAMES = ['event', 'alert', 'resync'] as const;
export type StreamMessageName = (typeof STREAM_MESSAGE_NAMES)[number];

/** A comment line (`: ping`) is sent this often, so proxies and clients see a live connection. */
export const STREAM_HEARTBEAT_MS = 15_000; // used by cloud/src/stream
/** `retry:` the stream asks EventSource to wait before reconnecting (ms). */
export const STREAM_RETRY_MS = 2_000; // used by cloud/src/stream
/**
 * The cloud ends a stream after this long; EventSource reconnects with
 * Last-Event-ID and loses nothing. The new request is authenticated again,
 * so a revoked token or expired session stops receiving within this bound.
 */
export const STREAM_MAX_MS = 10 * 60_000; // used by cloud/src/stream
/** How long the cloud keeps messages for Last-Event-ID resumption (ms); older positions get `resync`. */
export const STREAM_RETENTION_MS = 60 * 60_000; // used by cloud/src/pubsub

const StreamPosition = Type.String({ pattern: '^[0-9]{1,19}$', description: 'a stream message id (`id:`)' });

/** `?lastEventId=` for clients that cannot set the Last-Event-ID header; the header wins when both are sent. */
export const StreamQuery = Type.Object({ lastEventId: Type.Optional(StreamPosition) });
export type StreamQuery = Static<typeof StreamQuery>;

export const StreamHeaders = Type.Object({ 'last-event-id': Type.Optional(StreamPosition) });

/** Data of a `resync` message. */
export const StreamResync = Type.Object({
  /** `expired`: messages after the client's position were trimmed; `unknown`: the position is ahead of this stream (another deployment, a restored database). */
  reason: Type.Union([Type.Literal('expired'), Type.Literal('unknown')]),
});
export type StreamResync = Static<typeof StreamResync>;
