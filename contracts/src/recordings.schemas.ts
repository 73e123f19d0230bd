import { Type, type Static } from 'typebox';
import { MAX_SEGMENT_MS } from '@argus/core';
import { Instant, InstantQuery, MAX_OBJECT_BYTES, Sha256, Slug, StreamName } from './common.schemas.js';

const SegmentKey = Type.String({ minLength: 1, maxLength: 512, description: 'org/<org>/cam/<camera>/<yyyy>/<mm>/<dd>/<hh>/<startMs>.<ext>' });
const Bytes = Type.Integer({ minimum: 1, maximum: MAX_OBJECT_BYTES });

export const SegmentRegistration = Type.Object(
  {
    cameraId: Slug,
    stream: StreamName,
    startsAt: Instant,
    endsAt: Instant,
    bytes: Bytes,
    sha256: Sha256,
    key: SegmentKey,
  },
  { additionalProperties: false },
);
export type SegmentRegistration = Static<typeof SegmentRegistration>;

export const SegmentRecord = Type.Object({
  key: Type.String(),
  cameraId: Slug,
  stream: StreamName,
  startsAt: Instant,
  endsAt: Instant,
  bytes: Type.Integer(),
  sha256: Type.String(),
  /** When the cloud indexed it. */
  createdAt: Instant,
});
export type SegmentRecord = Static<typeof SegmentRecord>;

export const SegmentRegisterResponse = Type.Object({ segment: SegmentRecord, created: Type.Boolean() });
export type SegmentRegisterResponse = Static<typeof SegmentRegisterResponse>;

export const RangeQuery = Type.Object({
  from: Type.Optional(InstantQuery),
  to: Type.Optional(InstantQuery),
  stream: Type.Optional(StreamName),
});
export type RangeQuery = Static<typeof RangeQuery>;

export const SegmentListResponse = Type.Object({ segments: Type.Array(SegmentRecord) });
export type SegmentListResponse = Static<typeof SegmentListResponse>;

export const UploadRequest = Type.Object(
  { key: SegmentKey, bytes: Bytes, sha256: Sha256 },
  { additionalProperties: false },
);
export type UploadRequest = Static<typeof UploadRequest>;

export const UploadResponse = Type.Object({
  url: Type.String({ description: 'absolute; valid for a few minutes' }),
  method: Type.Literal('PUT'),
  headers: Type.Record(Type.String(), Type.String()),
});
export type UploadResponse = Static<typeof UploadResponse>;

/** Query of a file-store upload URL (see object-store/media-signature.ts). */
export const MediaUploadQuery = Type.Object({
  expires: Type.Integer({ minimum: 0 }),
  sha256: Sha256,
  bytes: Bytes,
  sig: Type.String({ pattern: '^[a-f0-9]{64}$' }),
});
export type MediaUploadQuery = Static<typeof MediaUploadQuery>;

export const MediaParams = Type.Object({ '*': Type.String({ minLength: 1, maxLength: 512 }) });

/** Longest span one playlist or segment listing may cover. */
export const MAX_RANGE_MS = 24 * 60 * 60 * 1000; // used by playback and segment listing
export { MAX_SEGMENT_MS };
