import { Type, type Static, type TSchema } from 'typebox';
import { Instant, InstantQuery, Name, Slug } from './common.schemas.js';

/** How urgent an alert of a rule is (the inbox sorts and colours by it). */
export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
const Severity = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high'), Type.Literal('critical')]);

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
// Spelled out: a mapped union loses its literal types.
const Weekday = Type.Union([
  Type.Literal('mon'), Type.Literal('tue'), Type.Literal('wed'), Type.Literal('thu'), Type.Literal('fri'), Type.Literal('sat'), Type.Literal('sun'),
]);
/** A time of day, 24 h, `HH:MM` (`24:00` ends a window at midnight). */
const TimeOfDay = Type.String({ pattern: '^(?:[01]\\d|2[0-3]):[0-5]\\d$|^24:00$' });

export const RULE_LIMITS = {
  name: 120,
  labels: 32,
  cameras: 500,
  sites: 100,
  zones: 32,
  windows: 28,
  cooldownSeconds: { min: 0, max: 7 * 24 * 3600 },
  minDwellSeconds: { min: 0, max: 24 * 3600 },
} as const;

/**
 * When a rule is active: windows in a time zone (IANA name, e.g.
 * `Europe/Paris`); a window whose `to` is not after its `from` runs past
 * midnight into the next day.
 */
export const RuleSchedule = Type.Object(
  {
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    windows: Type.Array(
      Type.Object({ days: Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true }), from: TimeOfDay, to: TimeOfDay }, { additionalProperties: false }),
      { minItems: 1, maxItems: RULE_LIMITS.windows },
    ),
  },
  { additionalProperties: false },
);
export type RuleSchedule = Static<typeof RuleSchedule>;

/** The optional conditions of a rule: absent from a rule (or empty), they do not narrow it; a patch clears one with `null`. */
const RuleConditions = {
  /** Sites the rule watches; absent or empty: every site the rule's organisation has. */
  siteIds: Type.Array(Slug, { maxItems: RULE_LIMITS.sites, uniqueItems: true }),
  /** Cameras the rule watches; absent or empty: every camera of those sites. */
  cameraIds: Type.Array(Slug, { maxItems: RULE_LIMITS.cameras, uniqueItems: true }),
  /** The event must have entered one of these zones; absent or empty: anywhere. */
  zones: Type.Array(Name, { maxItems: RULE_LIMITS.zones, uniqueItems: true }),
  /** The event's (best) score must reach this (0..1). */
  minScore: Type.Number({ minimum: 0, maximum: 1 }),
  /** The event (the object in view, the motion, the outage) must have lasted this long (s). */
  minDwellSeconds: Type.Number({ minimum: RULE_LIMITS.minDwellSeconds.min, maximum: RULE_LIMITS.minDwellSeconds.max }),
  schedule: RuleSchedule,
};

const RuleFields = {
  name: Type.String({ minLength: 1, maxLength: RULE_LIMITS.name }),
  siteIds: Type.Optional(RuleConditions.siteIds),
  cameraIds: Type.Optional(RuleConditions.cameraIds),
  /** Event labels that trigger it: `motion`, object labels (`person`, `car`, …), health kinds (`camera-offline`, …). */
  labels: Type.Array(Name, { minItems: 1, maxItems: RULE_LIMITS.labels, uniqueItems: true }),
  zones: Type.Optional(RuleConditions.zones),
  minScore: Type.Optional(RuleConditions.minScore),
  minDwellSeconds: Type.Optional(RuleConditions.minDwellSeconds),
  schedule: Type.Optional(RuleConditions.schedule),
  /** After an alert of this rule on a camera, no new one on that camera for this long (s). */
  cooldownSeconds: Type.Optional(Type.Integer({ minimum: RULE_LIMITS.cooldownSeconds.min, maximum: RULE_LIMITS.cooldownSeconds.max })),
  severity: Severity,
};

/** `POST /api/rules`. */
export const RuleBody = Type.Object(RuleFields, { additionalProperties: false });
export type RuleBody = Static<typeof RuleBody>;

/**
 * A condition or `null`, as `nullable` (OpenAPI 3.0, known to Ajv) rather
 * than `anyOf [T, null]`: the cloud's Ajv coerces types, and in an `anyOf`
 * it would turn a `null` into the first branch's 0 before the null branch
 * is tried.
 */
const clearable = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, nullable: true });

/**
 * `PATCH /api/rules/:id`: fields left out keep their value; `null` clears a
 * condition (RULE_CLEARABLE_FIELDS: the rule no longer narrows on it, as
 * if it had been left out when created); `enabled` pauses a rule.
 */
export const RulePatch = Type.Partial(
  Type.Object(
    {
      ...RuleFields,
      siteIds: clearable(RuleConditions.siteIds),
      cameraIds: clearable(RuleConditions.cameraIds),
      zones: clearable(RuleConditions.zones),
      minScore: clearable(RuleConditions.minScore),
      minDwellSeconds: clearable(RuleConditions.minDwellSeconds),
      schedule: clearable(RuleConditions.schedule),
      enabled: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
);
export type RulePatch = Static<typeof RulePatch>;

export const RuleRecord = Type.Object({
  id: Type.String(),
  name: Type.String(),
  siteIds: Type.Array(Type.String()),
  cameraIds: Type.Array(Type.String()),
  labels: Type.Array(Type.String()),
  zones: Type.Array(Type.String()),
  minScore: Type.Union([Type.Number(), Type.Null()]),
  minDwellSeconds: Type.Union([Type.Number(), Type.Null()]),
  schedule: Type.Union([RuleSchedule, Type.Null()]),
  cooldownSeconds: Type.Integer(),
  severity: Severity,
  enabled: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type RuleRecord = Static<typeof RuleRecord>;

export const RuleListResponse = Type.Object({ rules: Type.Array(RuleRecord) });
export type RuleListResponse = Static<typeof RuleListResponse>;

export const RuleIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export type RuleIdParams = Static<typeof RuleIdParams>;

/** Default cooldown: one alert per rule and camera a minute at most. */
export const DEFAULT_RULE_COOLDOWN_SECONDS = 60;

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
const State = Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('resolved')]);

export const AlertRecord = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  ruleName: Type.String(),
  severity: Severity,
  state: State,
  eventId: Type.String(),
  label: Type.String(),
  cameraId: Type.Union([Type.String(), Type.Null()]),
  siteId: Type.Union([Type.String(), Type.Null()]),
  /** When the event started (what the alert is about) and when the alert opened. */
  eventStartedAt: Instant,
  openedAt: Instant,
  acknowledgedAt: Type.Union([Instant, Type.Null()]),
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([Instant, Type.Null()]),
  resolvedBy: Type.Union([Type.String(), Type.Null()]),
  /** The resolution note. */
  note: Type.Union([Type.String(), Type.Null()]),
  assignee: Type.Union([Type.String(), Type.Null()]),
  /** Media URL of the event's snapshot (GET with the caller's credentials), when it has one. */
  snapshotUrl: Type.Union([Type.String(), Type.Null()]),
  /** HLS playlist of the camera from a few seconds before the event. */
  playbackUrl: Type.Union([Type.String(), Type.Null()]),
});
export type AlertRecord = Static<typeof AlertRecord>;

export const AlertQuery = Type.Object({
  state: Type.Optional(State),
  cameraId: Type.Optional(Slug),
  from: Type.Optional(InstantQuery),
  to: Type.Optional(InstantQuery),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});
export type AlertQuery = Static<typeof AlertQuery>;

export const AlertListResponse = Type.Object({ alerts: Type.Array(AlertRecord) });
export type AlertListResponse = Static<typeof AlertListResponse>;

export const AlertResolveBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export type AlertResolveBody = Static<typeof AlertResolveBody>;

export const AlertAckBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export type AlertAckBody = Static<typeof AlertAckBody>;

/** `POST /api/alerts/:id/assign`: a user's email, or null to unassign. */
export const AlertAssignBody = Type.Object({ assignee: Type.Union([Type.String({ minLength: 1, maxLength: 254 }), Type.Null()]) }, { additionalProperties: false });
export type AlertAssignBody = Static<typeof AlertAssignBody>;

/** Seconds of recording before the event that an alert's playback starts at. */
export const ALERT_PLAYBACK_LEAD_SECONDS = 5;
