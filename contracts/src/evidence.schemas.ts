import { Type, type Static } from 'typebox';
import { Instant, InstantQuery, Sha256, Slug } from './common.schemas.js';

/**
 * Evidence: locks that exempt a camera's recordings from retention, and
 * exports of a clip with a signed manifest (`argus-verify` checks both).
 */

/** Longest range one lock or export may cover. */
export const EVIDENCE_MAX_RANGE_HOURS = 24;
export const EVIDENCE_REASON_MAX = 500;
/** Longest range one lock may hold. */
export const EVIDENCE_LOCK_MAX_DAYS = 366;

const Reason = Type.String({ minLength: 1, maxLength: EVIDENCE_REASON_MAX });

export const EvidenceLockBody = Type.Object({
  cameraId: Slug,
  /** ISO 8601 with a zone, or epoch ms. */
  from: InstantQuery,
  to: InstantQuery,
  reason: Reason,
}, { additionalProperties: false });
export type EvidenceLockBody = Static<typeof EvidenceLockBody>;

export const EvidenceLockRecord = Type.Object({
  id: Type.String(),
  cameraId: Type.String(),
  siteId: Type.String(),
  from: Instant,
  to: Instant,
  reason: Type.String(),
  createdBy: Type.String(),
  createdAt: Instant,
  /** Null while the lock holds. */
  releasedAt: Type.Union([Instant, Type.Null()]),
  releasedBy: Type.Union([Type.String(), Type.Null()]),
});
export type EvidenceLockRecord = Static<typeof EvidenceLockRecord>;

export const EvidenceLockQuery = Type.Object({
  cameraId: Type.Optional(Slug),
  /** Locks overlapping [from, to). */
  from: Type.Optional(InstantQuery),
  to: Type.Optional(InstantQuery),
  /** Released locks too (default: only those that hold). */
  released: Type.Optional(Type.Boolean({ default: false })),
}, { additionalProperties: false });
export type EvidenceLockQuery = Static<typeof EvidenceLockQuery>;

export const EvidenceLockListResponse = Type.Object({ locks: Type.Array(EvidenceLockRecord) });
export type EvidenceLockListResponse = Static<typeof EvidenceLockListResponse>;

export const ExportBody = Type.Object({
  cameraId: Slug,
  from: InstantQuery,
  to: InstantQuery,
  reason: Reason,
  /** Default main. */
  stream: Type.Optional(Type.Union([Type.Literal('main'), Type.Literal('sub')])),
}, { additionalProperties: false });
export type ExportBody = Static<typeof ExportBody>;

export const EXPORT_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];

export const ExportRecord = Type.Object({
  id: Type.String(),
  // Spelled out: a mapped array of literals types as never.
  state: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  cameraId: Type.String(),
  stream: Type.Union([Type.Literal('main'), Type.Literal('sub')]),
  from: Instant,
  to: Instant,
  reason: Type.String(),
  createdBy: Type.String(),
  createdAt: Instant,
  finishedAt: Type.Union([Instant, Type.Null()]),
  /** Media URLs (GET with the caller's credentials) once done. */
  clipUrl: Type.Union([Type.String(), Type.Null()]),
  manifestUrl: Type.Union([Type.String(), Type.Null()]),
  clipSha256: Type.Union([Sha256, Type.Null()]),
  /** Why it failed, for a person. */
  error: Type.Union([Type.String(), Type.Null()]),
});
export type ExportRecord = Static<typeof ExportRecord>;

export const ExportListResponse = Type.Object({ exports: Type.Array(ExportRecord) });
export type ExportListResponse = Static<typeof ExportListResponse>;

/** What the export manifest says; the signed bytes are its canonical JSON without `signature`. */
export const EvidenceManifest = Type.Object({
  format: Type.Literal('argus-evidence/1'),
  exportId: Type.String(),
  orgId: Type.String(),
  camera: Type.Object({ id: Type.String(), name: Type.String(), siteId: Type.String() }),
  stream: Type.Union([Type.Literal('main'), Type.Literal('sub')]),
  /** What was asked, and what the clip actually covers (whole segments). */
  requested: Type.Object({ from: Instant, to: Instant }),
  covered: Type.Object({ from: Instant, to: Instant }),
  clip: Type.Object({ file: Type.String(), bytes: Type.Integer(), sha256: Sha256 }),
  segments: Type.Array(Type.Object({ key: Type.String(), startsAt: Instant, endsAt: Instant, bytes: Type.Integer(), sha256: Sha256 })),
  exportedBy: Type.String(),
  reason: Type.String(),
  exportedAt: Instant,
  /** Ed25519 over the canonical JSON of every other field, base64; keyId is the sha256 of the raw public key, hex. */
  signature: Type.Object({ algorithm: Type.Literal('ed25519'), keyId: Type.String(), value: Type.String() }),
});
export type EvidenceManifest = Static<typeof EvidenceManifest>;

export const EvidencePublicKeyResponse = Type.Object({
  algorithm: Type.Literal('ed25519'),
  keyId: Type.String(),
  /** SPKI PEM. */
  publicKeyPem: Type.String(),
});
export type EvidencePublicKeyResponse = Static<typeof EvidencePublicKeyResponse>;

export const RETENTION_DEFAULT_DAYS = 30;
export const RETENTION_DEFAULT_EVENT_DAYS = 90;

/** Per camera retention (`PUT /api/cameras/:id/retention`); null: back to the deployment's default. */
export const CameraRetention = Type.Object({
  /** Days continuous recording is kept. */
  days: Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()]),
  /** Days segments overlapping an event, and events, are kept (at least `days`). */
  eventDays: Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()]),
}, { additionalProperties: false });
export type CameraRetention = Static<typeof CameraRetention>;

/** Per site storage quota (`PUT /api/sites/:id/quota`); null: none. */
export const SiteQuota = Type.Object({ bytes: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) }, { additionalProperties: false });
export type SiteQuota = Static<typeof SiteQuota>;

export const RetentionReport = Type.Object({
  runId: Type.String(),
  /** Null: a deployment-wide run (every organisation, and partitions). */
  orgId: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  startedAt: Instant,
  finishedAt: Type.Union([Instant, Type.Null()]),
  deletedSegments: Type.Integer(),
  deletedBytes: Type.Integer(),
  deletedEvents: Type.Integer(),
  droppedPartitions: Type.Array(Type.String()),
  /** Segments past retention that a lock kept. */
  keptByLocks: Type.Integer(),
  /** Per reason: `age`, `event-age`, `quota`. */
  byReason: Type.Record(Type.String(), Type.Integer()),
  error: Type.Union([Type.String(), Type.Null()]),
});
export type RetentionReport = Static<typeof RetentionReport>;

export const RetentionRunListResponse = Type.Object({ runs: Type.Array(RetentionReport) });
export type RetentionRunListResponse = Static<typeof RetentionRunListResponse>;

/** A camera's retention as it applies: its own settings, or the deployment's where it has none. */
export const CameraRetentionResponse = Type.Object({
  cameraId: Type.String(),
  days: Type.Integer(),
  eventDays: Type.Integer(),
  /** Whether each value is the camera's own (false: the deployment's default). */
  own: Type.Object({ days: Type.Boolean(), eventDays: Type.Boolean() }),
});
export type CameraRetentionResponse = Static<typeof CameraRetentionResponse>;
