import { Type, type Static } from 'typebox';
import { Instant, InstantQuery, Name, Slug } from './common.schemas.js';

/**
 * Motion detection settings of one camera: how its detect stream is
 * sampled, how sensitive the detector is, which areas it ignores (masks)
 * and which named areas it reports on events (zones). Polygons are in
 * normalised picture coordinates: x and y from 0 (left, top) to 1 (right,
 * bottom), so they survive a change of stream resolution.
 */
const Unit = Type.Number({ minimum: 0, maximum: 1 });
export const Point = Type.Tuple([Unit, Unit], { description: '[x, y], 0..1 of the picture width and height' });
export type Point = Static<typeof Point>;
export const Polygon = Type.Array(Point, { minItems: 3, maxItems: 64 });
export type Polygon = Static<typeof Polygon>;

export const DetectionZone = Type.Object(
  { name: Name, polygon: Polygon },
  { additionalProperties: false },
);
export type DetectionZone = Static<typeof DetectionZone>;

/** Bounds of the settings, for forms and for the edge's checks. */
export const DETECTION_LIMITS = {
  fps: { min: 1, max: 15 },
  height: { min: 90, max: 360 },
  masks: 32,
  zones: 32,
  minEventMs: { min: 0, max: 10_000 },
  hangMs: { min: 0, max: 60_000 },
} as const;

/** Labels an operator can ask object detection for (COCO's, as Argus names them). */
export const OBJECT_LABELS = [
  'person', 'bicycle', 'car', 'motorcycle', 'bus', 'truck', 'dog', 'cat', 'horse', 'bird', 'backpack', 'handbag', 'suitcase', 'umbrella',
] as const;

export type ObjectLabel = (typeof OBJECT_LABELS)[number];
// Spelled out (a mapped union loses its literal types); kept equal to OBJECT_LABELS by detection.schemas.test.ts.
export const ObjectLabel = Type.Union([
  Type.Literal('person'), Type.Literal('bicycle'), Type.Literal('car'), Type.Literal('motorcycle'), Type.Literal('bus'), Type.Literal('truck'), Type.Literal('dog'), Type.Literal('cat'), Type.Literal('horse'), Type.Literal('bird'), Type.Literal('backpack'), Type.Literal('handbag'), Type.Literal('suitcase'), Type.Literal('umbrella'),
]);

export const ObjectSettings = Type.Object(
  {
    /** Off: motion only. On: pictures with motion go to object detection (when the agent has an inference endpoint). */
    enabled: Type.Boolean(),
    /** Labels that become object events. */
    labels: Type.Array(ObjectLabel, { minItems: 1, maxItems: OBJECT_LABELS.length, uniqueItems: true }),
    /** Detections scoring under this (0..1) are ignored. */
    minScore: Type.Number({ minimum: 0.1, maximum: 0.99 }),
  },
  { additionalProperties: false },
);
export type ObjectSettings = Static<typeof ObjectSettings>;

/** What a camera looks for until someone changes it: people and vehicles. */
export const DEFAULT_OBJECTS: ObjectSettings = Object.freeze({
  enabled: true,
  labels: ['person', 'bicycle', 'car', 'motorcycle', 'bus', 'truck'],
  minScore: 0.5,
}) as ObjectSettings;

export const DetectionSettings = Type.Object(
  {
    /** Off: the camera records but raises no motion events. */
    enabled: Type.Boolean(),
    /** Frames decoded per second from the detect stream. */
    fps: Type.Number({ minimum: DETECTION_LIMITS.fps.min, maximum: DETECTION_LIMITS.fps.max }),
    /** Height of the grey frames the detector sees (px); the width follows the stream's aspect. */
    height: Type.Integer({ minimum: DETECTION_LIMITS.height.min, maximum: DETECTION_LIMITS.height.max }),
    /** 0 (only large, strong changes) .. 1 (small, faint ones). */
    sensitivity: Type.Number({ minimum: 0, maximum: 1 }),
    /** Areas never looked at (trees in the wind, a road outside the fence, a clock). */
    masks: Type.Array(Polygon, { maxItems: DETECTION_LIMITS.masks }),
    /** Named areas: an event lists the zones its motion entered. */
    zones: Type.Array(DetectionZone, { maxItems: DETECTION_LIMITS.zones }),
    /** Motion must last this long to become an event (ms). */
    minEventMs: Type.Integer({ minimum: DETECTION_LIMITS.minEventMs.min, maximum: DETECTION_LIMITS.minEventMs.max }),
    /** An event ends after this long without motion (ms): one walk past is one event. */
    hangMs: Type.Integer({ minimum: DETECTION_LIMITS.hangMs.min, maximum: DETECTION_LIMITS.hangMs.max }),
    /** Object detection on pictures with motion; DEFAULT_OBJECTS when left out (settings saved before it existed). */
    objects: Type.Optional(ObjectSettings),
  },
  { additionalProperties: false },
);
export type DetectionSettings = Static<typeof DetectionSettings>;

/** What a camera detects with until someone changes it. */
export const DEFAULT_DETECTION: DetectionSettings = Object.freeze({
  enabled: true,
  fps: 5,
  height: 100, // Frigate's default: 178x100 frames for 16:9, enough for people and cars at a camera's usual field of view
  sensitivity: 0.5,
  masks: [],
  zones: [],
  minEventMs: 400,
  hangMs: 3000,
  objects: DEFAULT_OBJECTS,
}) as DetectionSettings;

/** A camera's object settings, DEFAULT_OBJECTS when its settings predate them. */
export function objectSettingsOf(settings: Pick<DetectionSettings, 'objects'>): ObjectSettings {
  return settings.objects ?? DEFAULT_OBJECTS;
}

/** `PUT /api/cameras/:id/detection`; fields left out keep their stored value. */
export const DetectionPatch = Type.Partial(DetectionSettings, { additionalProperties: false });
export type DetectionPatch = Static<typeof DetectionPatch>;

export const DetectionResponse = Type.Object({
  cameraId: Slug,
  detection: DetectionSettings,
  /** The stream the agent detects on: `sub` when the camera has one, else `main`. */
  stream: Type.Union([Type.Literal('sub'), Type.Literal('main'), Type.Null()]),
  /** When the camera's agent last acknowledged these settings; null while not applied. */
  appliedAt: Type.Union([Instant, Type.Null()]),
});
export type DetectionResponse = Static<typeof DetectionResponse>;

/** `POST /api/cameras/:id/snapshot`: a JPEG taken now through the camera's agent. */
export const CameraSnapshotResponse = Type.Object({
  key: Type.String(),
  /** Media URL of the JPEG (GET with the caller's credentials). */
  url: Type.String(),
  takenAt: Instant,
});
export type CameraSnapshotResponse = Static<typeof CameraSnapshotResponse>;

/** Longest span one timeline request may cover. */
export const MAX_TIMELINE_MS = 7 * 24 * 3600 * 1000;
/** At most this many events in one timeline answer (newest kept when more). */
export const MAX_TIMELINE_EVENTS = 2000;

export const TimelineQuery = Type.Object({ from: InstantQuery, to: InstantQuery });
export type TimelineQuery = Static<typeof TimelineQuery>;

const Span = Type.Object({ from: Instant, to: Instant });

export const TimelineEvent = Type.Object({
  id: Type.String(),
  label: Type.String(),
  startedAt: Instant,
  endedAt: Type.Union([Instant, Type.Null()]),
  score: Type.Union([Type.Number(), Type.Null()]),
  zones: Type.Array(Type.String()),
  /** Media URL of the event's best snapshot, when it has one. */
  snapshotUrl: Type.Union([Type.String(), Type.Null()]),
});
export type TimelineEvent = Static<typeof TimelineEvent>;

/** `GET /api/cameras/:id/timeline?from=&to=`: what a timeline bar draws for one camera. */
export const TimelineResponse = Type.Object({
  cameraId: Slug,
  from: Instant,
  to: Instant,
  /** Recorded spans (main stream), adjacent segments merged. */
  recorded: Type.Array(Span),
  /** Periods the camera was offline (camera-offline health events), clipped to the range. */
  offline: Type.Array(Type.Object({ from: Instant, to: Instant, reason: Type.Union([Type.String(), Type.Null()]) })),
  /** Detection events overlapping the range (health events excluded), oldest first. */
  events: Type.Array(TimelineEvent),
  /** More events overlapped the range than MAX_TIMELINE_EVENTS: zoom in to see them all. */
  eventsTruncated: Type.Boolean(),
});
export type TimelineResponse = Static<typeof TimelineResponse>;
