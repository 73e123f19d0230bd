import { Type, type Static } from 'typebox';
import { StreamName } from './common.schemas.js';

/**
 * Low-latency live view: `GET /api/cameras/:id/live.ws?stream=sub|main`
 * upgrades to a WebSocket whose binary messages are fragmented MP4 — the
 * init segment first, then fragments (the first from a keyframe), each
 * message one whole box run a SourceBuffer can take as is.
 */
export const LiveWsQuery = Type.Object({ stream: Type.Optional(StreamName) });
export type LiveWsQuery = Static<typeof LiveWsQuery>;

/** WebSocket close codes of the live route (4000–4999 are the application's). */
export const LIVE_WS_CLOSE = {
  /** The session could not start (the agent refused, no video in time) or the push ended. */
  ended: 4001,
} as const;

/** Bytes waiting in a viewer's socket beyond which fragments are skipped until the next keyframe (used by live.routes). */
export const LIVE_WS_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export const LiveSessionStats = Type.Object({
  cameraId: Type.String(),
  stream: StreamName,
  viewers: Type.Integer({ minimum: 0, description: 'open WebSocket viewers' }),
  bytesPerSecond: Type.Integer({ minimum: 0, description: 'bytes per second the relay takes from the edge, averaged since the session opened' }),
  openedAt: Type.String({ format: 'date-time' }),
});
export const LiveSessionsResponse = Type.Object({ sessions: Type.Array(LiveSessionStats) });
export type LiveSessionsResponse = Static<typeof LiveSessionsResponse>;
