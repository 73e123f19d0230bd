import { ArgusError } from './errors.js';
import { isSlug, isStreamName, type StreamName } from './ids.js';

/**
 * A recorded segment: a few seconds of one camera stream, cut on keyframes,
 * copy-remuxed (never re-encoded), stored under `key` in the object store.
 * Times are epoch milliseconds, wall clock of the recorder.
 */
export interface Segment {
  readonly cameraId: string;
  readonly stream: StreamName;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly key: string;
}

/** Container of recorded segments; see docs/architecture.md for why MPEG-TS. */
export const SEGMENT_EXTENSION = 'ts';
export const SEGMENT_CONTENT_TYPE = 'video/mp2t';

/** Segments are cut on keyframes every ~4 s; a registration outside this band is refused. */
export const MIN_SEGMENT_MS = 100;
export const MAX_SEGMENT_MS = 60_000;

export const SHA256_PATTERN = '^[a-f0-9]{64}$';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Object key of a segment:
 * `org/<org>/cam/<camera>/<yyyy>/<mm>/<dd>/<hh>/<startMs>.<ext>` (UTC). Streams
 * other than `main` add their name (`<startMs>-sub.ts`) so that they never
 * collide with the recorded stream.
 */
export function segmentKey(input: {
  orgId: string;
  cameraId: string;
  stream: StreamName;
  startsAt: number;
  ext?: string;
}): string {
  const d = new Date(input.startsAt);
  const ext = input.ext ?? SEGMENT_EXTENSION;
  const suffix = input.stream === 'main' ? '' : `-${input.stream}`;
  return [
    'org', input.orgId, 'cam', input.cameraId,
    String(d.getUTCFullYear()), pad(d.getUTCMonth() + 1), pad(d.getUTCDate()), pad(d.getUTCHours()),
    `${Math.round(input.startsAt)}${suffix}.${ext}`,
  ].join('/');
}

export interface ParsedSegmentKey {
  readonly orgId: string;
  readonly cameraId: string;
  readonly stream: StreamName;
  readonly startsAt: number;
  readonly ext: string;
}

const KEY_PATTERN = /^org\/([^/]+)\/cam\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/(\d+)(?:-([a-z]+))?\.([a-z0-9]+)$/;

/** Inverse of segmentKey; returns undefined for anything that is not a well-formed segment key. */
export function parseSegmentKey(key: string): ParsedSegmentKey | undefined {
  const m = KEY_PATTERN.exec(key);
  if (!m) return undefined;
  const [, orgId, cameraId, , , , , startMs, streamName, ext] = m as unknown as string[];
  if (!orgId || !cameraId || !startMs || !ext || !isSlug(orgId) || !isSlug(cameraId)) return undefined;
  const stream = streamName ?? 'main';
  if (!isStreamName(stream) || (streamName !== undefined && stream === 'main')) return undefined;
  const startsAt = Number(startMs);
  // The folder part must agree with the start time, so a key names one place only.
  if (segmentKey({ orgId, cameraId, stream, startsAt, ext }) !== key) return undefined;
  return { orgId, cameraId, stream, startsAt, ext };
}

export function assertSegmentTimes(startsAt: number, endsAt: number): void {
  const ms = endsAt - startsAt;
  if (!(ms >= MIN_SEGMENT_MS && ms <= MAX_SEGMENT_MS)) {
    throw new ArgusError(
      'CORE_ERR_BAD_SEGMENT_TIMES',
      `segment duration must be between ${MIN_SEGMENT_MS} ms and ${MAX_SEGMENT_MS} ms, got ${ms} ms`,
    );
  }
}
