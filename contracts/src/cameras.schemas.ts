import { Type, type Static } from 'typebox';
import { Instant, Slug, StreamName } from './common.schemas.js';

export const CameraUpsertBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    siteId: Slug,
    streams: Type.Array(StreamName, { minItems: 1, maxItems: 2, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type CameraUpsertBody = Static<typeof CameraUpsertBody>;

export const CameraSummary = Type.Object({
  id: Slug,
  name: Type.String(),
  siteId: Slug,
  streams: Type.Array(StreamName),
  /** End of the newest recorded segment of any stream; null before the first. */
  lastSegmentAt: Type.Union([Instant, Type.Null()]),
  /** Recording now: a segment within the offline grace and (when reported) recorder state `recording`. */
  online: Type.Boolean(),
  /** Recorder state last reported by the edge's heartbeat; null before the first. */
  state: Type.Union([Type.String(), Type.Null()]),
});
export type CameraSummary = Static<typeof CameraSummary>;

export const CameraResponse = Type.Object({ camera: CameraSummary });
export type CameraResponse = Static<typeof CameraResponse>;

export const CameraListResponse = Type.Object({ cameras: Type.Array(CameraSummary) });
export type CameraListResponse = Static<typeof CameraListResponse>;
