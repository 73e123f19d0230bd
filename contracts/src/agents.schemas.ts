import { Type, type Static } from 'typebox';
import { Instant, Slug } from './common.schemas.js';

const Name = Type.String({ minLength: 1, maxLength: 200 });
/** 1 minute to 30 days: a token is for one installation visit, not a standing credential. */
export const MAX_ENROLLMENT_TTL_SECONDS = 30 * 24 * 3600;

export const SiteCreateBody = Type.Object({ id: Slug, name: Name }, { additionalProperties: false });
export type SiteCreateBody = Static<typeof SiteCreateBody>;

export const Site = Type.Object({ id: Slug, name: Type.String(), createdAt: Type.Union([Instant, Type.Null()]) });
export type Site = Static<typeof Site>;
export const SiteResponse = Type.Object({ site: Site });
export type SiteResponse = Static<typeof SiteResponse>;

export const SiteIdParams = Type.Object({ id: Slug });
export const AgentIdParams = Type.Object({ id: Slug });

export const EnrollmentTokenBody = Type.Object(
  { expiresInSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: MAX_ENROLLMENT_TTL_SECONDS, default: 3600 })) },
  { additionalProperties: false },
);
export type EnrollmentTokenBody = Static<typeof EnrollmentTokenBody>;
export const EnrollmentTokenResponse = Type.Object({ token: Type.String(), siteId: Slug, expiresAt: Instant });
export type EnrollmentTokenResponse = Static<typeof EnrollmentTokenResponse>;

export const EnrollBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }), name: Name, version: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
export type EnrollBody = Static<typeof EnrollBody>;
export const EnrollResponse = Type.Object({
  agentId: Slug,
  /** The organisation the agent belongs to: the first part of its object keys. */
  orgId: Slug,
  siteId: Slug,
  /** Shown once; the cloud keeps only its sha256. */
  credential: Type.String(),
});
export type EnrollResponse = Static<typeof EnrollResponse>;

const Count = Type.Integer({ minimum: 0 });
const OptionalNumber = Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()]));

export const HeartbeatCamera = Type.Object(
  {
    id: Slug,
    /** Recorder state: `recording`, `connecting`, `offline`, … (only `recording` counts as healthy). */
    state: Type.String({ minLength: 1, maxLength: 32 }),
    fps: OptionalNumber,
    bitrateKbps: OptionalNumber,
    /** End of the newest finished segment on the edge (uploaded or not). */
    lastSegmentAt: Type.Optional(Type.Union([Instant, Type.Null()])),
  },
  { additionalProperties: false },
);
export type HeartbeatCamera = Static<typeof HeartbeatCamera>;

export const HeartbeatBody = Type.Object(
  {
    version: Type.String({ maxLength: 64 }),
    /** The edge's clock when it sent this heartbeat. */
    sentAt: Instant,
    /** Cloud clock minus edge clock (ms; positive: the edge is behind), measured on the previous heartbeat; null before the first. */
    clockSkewMs: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    cameras: Type.Array(HeartbeatCamera, { maxItems: 256 }),
    spool: Type.Optional(Type.Object({ segments: Count, bytes: Count }, { additionalProperties: false })),
    disk: Type.Optional(Type.Object({ freeBytes: Type.Union([Count, Type.Null()]), totalBytes: Type.Optional(Type.Union([Count, Type.Null()])) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type HeartbeatBody = Static<typeof HeartbeatBody>;

export const HeartbeatResponse = Type.Object({
  /** The cloud's clock when it handled the heartbeat; the edge estimates its skew from it. */
  serverTime: Instant,
  agentId: Type.String(),
  orgId: Slug,
});
export type HeartbeatResponse = Static<typeof HeartbeatResponse>;

export const AgentHealth = Type.Object({
  id: Type.String(),
  name: Type.String(),
  siteId: Type.Union([Slug, Type.Null()]),
  version: Type.String(),
  lastSeenAt: Type.Union([Instant, Type.Null()]),
  online: Type.Boolean(),
  /** Connected over the control channel. */
  controlConnected: Type.Boolean(),
  clockSkewMs: Type.Union([Type.Integer(), Type.Null()]),
  spool: Type.Union([Type.Object({ segments: Type.Integer(), bytes: Type.Integer() }), Type.Null()]),
  diskFreeBytes: Type.Union([Type.Integer(), Type.Null()]),
  /** When an admin revoked its credential; null while it is valid. */
  revokedAt: Type.Union([Instant, Type.Null()]),
});
export type AgentHealth = Static<typeof AgentHealth>;

export const CameraHealth = Type.Object({
  id: Slug,
  name: Type.String(),
  /** Last state the edge reported; null before its first heartbeat. */
  state: Type.Union([Type.String(), Type.Null()]),
  lastSegmentAt: Type.Union([Instant, Type.Null()]),
  online: Type.Boolean(),
  fps: Type.Union([Type.Number(), Type.Null()]),
  bitrateKbps: Type.Union([Type.Number(), Type.Null()]),
});
export type CameraHealth = Static<typeof CameraHealth>;

export const SiteSummary = Type.Object({
  id: Slug,
  name: Type.String(),
  cameras: Type.Integer(),
  camerasOnline: Type.Integer(),
  agents: Type.Integer(),
  agentsOnline: Type.Integer(),
});
export type SiteSummary = Static<typeof SiteSummary>;
export const SiteListResponse = Type.Object({ sites: Type.Array(SiteSummary) });
export type SiteListResponse = Static<typeof SiteListResponse>;

export const AgentListResponse = Type.Object({ agents: Type.Array(AgentHealth) });
export type AgentListResponse = Static<typeof AgentListResponse>;

export const RevokeCredentialResponse = Type.Object({ agentId: Type.String(), revokedAt: Instant });
export type RevokeCredentialResponse = Static<typeof RevokeCredentialResponse>;

export const SiteHealthResponse = Type.Object({
  site: Type.Object({ id: Slug, name: Type.String() }),
  agents: Type.Array(AgentHealth),
  cameras: Type.Array(CameraHealth),
});
export type SiteHealthResponse = Static<typeof SiteHealthResponse>;

/** Longest health history one GET /api/sites/:id/health/history covers (hours); the console asks for 24. */
export const MAX_HEALTH_HISTORY_HOURS = 72;
/** Most health periods one history answer carries (the newest are kept; `truncated` says so). */
export const MAX_HEALTH_HISTORY_PERIODS = 2000;

export const HealthHistoryQuery = Type.Object({ hours: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_HEALTH_HISTORY_HOURS, default: 24 })) });
export type HealthHistoryQuery = Static<typeof HealthHistoryQuery>;

/**
 * What a health event says about its subject while it lasts: `offline`
 * (camera-offline, agent-offline), `stalled`, `frozen`, `evicted`
 * (storage-evicted: the edge dropped unuploaded recordings). Outside every
 * period a subject counts as online.
 */
export const HealthState = Type.Union([Type.Literal('offline'), Type.Literal('stalled'), Type.Literal('frozen'), Type.Literal('evicted')]);
export type HealthState = Static<typeof HealthState>;

export const HealthPeriod = Type.Object({
  eventId: Type.String(),
  label: Type.String(),
  state: HealthState,
  /** The event's start, or the window's start when it began before. */
  from: Instant,
  /** The event's end; null while it is still open. */
  to: Type.Union([Instant, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  source: Type.Union([Type.Literal('edge'), Type.Literal('cloud')]),
});
export type HealthPeriod = Static<typeof HealthPeriod>;

export const HealthSubjectHistory = Type.Object({ id: Type.String(), periods: Type.Array(HealthPeriod) });
export type HealthSubjectHistory = Static<typeof HealthSubjectHistory>;

export const HealthHistoryResponse = Type.Object({
  from: Instant,
  to: Instant,
  /** Each camera and agent of the site, with its health periods overlapping [from, to), oldest first. */
  cameras: Type.Array(HealthSubjectHistory),
  agents: Type.Array(HealthSubjectHistory),
  /** More than MAX_HEALTH_HISTORY_PERIODS periods overlapped: the oldest were left out. */
  truncated: Type.Boolean(),
});
export type HealthHistoryResponse = Static<typeof HealthHistoryResponse>;
