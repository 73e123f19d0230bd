import { Type, type Static } from 'typebox';
import { EVENT_PHASES } from '@argus/core';
import { Instant, InstantQuery, Name, Slug, StreamName } from './common.schemas.js';

/** Largest batch one POST /api/events may carry (the edge outbox sends at most this many). */
export const MAX_EVENT_BATCH = 500;

/**
 * Labels of health events (the edge's recorder and disk guard, the cloud's
 * health checker): everything else is a detection (motion, person, car, …).
 * The timeline draws `camera-offline` as offline periods and no health event
 * as a marker.
 */
export const HEALTH_EVENT_LABELS = ['camera-offline', 'camera-stalled', 'camera-frozen', 'storage-evicted', 'agent-offline'] as const;
export type HealthEventLabel = (typeof HEALTH_EVENT_LABELS)[number];

const Unit = Type.Number({ minimum: 0, maximum: 1 });
/** ISO 8601 on the wire (docs/api.md); epoch ms accepted too, as core's DetectionEvent carries them. */
const EventTime = Type.Union([Instant, Type.Integer({ minimum: 0 })]);

export const EventId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$', description: 'assigned by the edge, a UUID' });
// Spelled out: a mapped union loses its literal types. Kept equal to core's EVENT_PHASES by events.test.ts.
export const EventPhase = Type.Union([Type.Literal('start'), Type.Literal('update'), Type.Literal('end')]);
export const EVENT_PHASE_NAMES = EVENT_PHASES;

/** Most points an object event's path carries (the edge thins longer paths evenly). */
export const MAX_EVENT_PATH_POINTS = 32;

/** Where a tracked object's box was at `at` (epoch ms). */
export const PathPoint = Type.Object(
  { at: Type.Integer({ minimum: 0 }), box: Type.Object({ x: Unit, y: Unit, width: Unit, height: Unit }, { additionalProperties: false }) },
  { additionalProperties: false },
);
export type PathPoint = Static<typeof PathPoint>;

export const IncomingEvent = Type.Object(
  {
    id: EventId,
    phase: EventPhase,
    cameraId: Slug,
    stream: Type.Optional(StreamName),
    label: Name,
    score: Type.Optional(Unit),
    box: Type.Optional(Type.Object({ x: Unit, y: Unit, width: Unit, height: Unit }, { additionalProperties: false })),
    zones: Type.Optional(Type.Array(Name, { maxItems: 32 })),
    attributes: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 512 }))),
    /** Object events: the tracked object's boxes over time, oldest first. */
    path: Type.Optional(Type.Array(PathPoint, { maxItems: MAX_EVENT_PATH_POINTS })),
    startedAt: EventTime,
    endedAt: Type.Optional(EventTime),
    snapshotKey: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  },
  { additionalProperties: false },
);
export type IncomingEvent = Static<typeof IncomingEvent>;

export const EventBatchBody = Type.Object(
  { events: Type.Array(IncomingEvent, { minItems: 1, maxItems: MAX_EVENT_BATCH }) },
  { additionalProperties: false },
);
export type EventBatchBody = Static<typeof EventBatchBody>;

export const EventBatchResponse = Type.Object({
  /** Events applied (a repeat of the stored phase counts: replays are harmless). */
  accepted: Type.Integer(),
  /** Events that would have moved a phase backwards, or reused another camera's event id. */
  ignored: Type.Integer(),
});
export type EventBatchResponse = Static<typeof EventBatchResponse>;

export const EventRecord = Type.Object({
  id: Type.String(),
  phase: EventPhase,
  /** Null for agent events (`agent-offline`). */
  cameraId: Type.Union([Slug, Type.Null()]),
  agentId: Type.Union([Type.String(), Type.Null()]),
  siteId: Type.Union([Slug, Type.Null()]),
  stream: Type.Union([StreamName, Type.Null()]),
  label: Type.String(),
  score: Type.Union([Type.Number(), Type.Null()]),
  box: Type.Union([Type.Object({ x: Type.Number(), y: Type.Number(), width: Type.Number(), height: Type.Number() }), Type.Null()]),
  zones: Type.Array(Type.String()),
  attributes: Type.Record(Type.String(), Type.String()),
  /** Object events: the tracked object's boxes over time; empty for motion and health events. */
  path: Type.Array(PathPoint),
  startedAt: Instant,
  endedAt: Type.Union([Instant, Type.Null()]),
  snapshotKey: Type.Union([Type.String(), Type.Null()]),
  /** `edge` (sent by an agent) or `cloud` (raised by the health checker). */
  source: Type.Union([Type.Literal('edge'), Type.Literal('cloud')]),
  updatedAt: Instant,
});
export type EventRecord = Static<typeof EventRecord>;

export const EventQuery = Type.Object({
  cameraId: Type.Optional(Slug),
  label: Type.Optional(Name),
  from: Type.Optional(InstantQuery),
  to: Type.Optional(InstantQuery),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});
export type EventQuery = Static<typeof EventQuery>;

export const EventListResponse = Type.Object({ events: Type.Array(EventRecord) });
export type EventListResponse = Static<typeof EventListResponse>;
