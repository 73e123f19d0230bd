import type { DetectionEvent, StreamName } from '@argus/core';

/**
 * What the outbox keeps about one finished segment, in a small JSON file
 * beside the media file (`<file>.json`). The media file itself never moves
 * until it is uploaded, evicted or set aside.
 */
export type SegmentState = 'pending' | 'uploaded' | 'registered';

export interface SegmentEntry {
  /** `<cameraId>/<file name>`: unique within the spool. */
  readonly id: string;
  readonly cameraId: string;
  readonly stream: StreamName;
  /** Absolute path of the media file. */
  readonly path: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly bytes: number;
  /** Computed once, when the segment enters the outbox. */
  readonly sha256: string;
  readonly key: string;
  /** pending → uploaded (bytes in the object store) → registered (indexed). */
  readonly state: SegmentState;
  /** True when rebuilt at start from a file the previous process never recorded. */
  readonly recovered?: boolean;
}

/**
 * A JPEG waiting for upload (an event's best snapshot), kept as
 * `snapshots/<camera>/<takenAt>[-<stream>].jpg` with a sidecar beside it.
 * It has one state: pending. Once stored it is deleted; the events that
 * reference its key wait in the outbox until then.
 */
export interface SnapshotEntry {
  /** `<cameraId>/<file name>`. */
  readonly id: string;
  readonly cameraId: string;
  readonly stream: StreamName;
  /** Absolute path of the JPEG file. */
  readonly path: string;
  /** When the picture was taken (its arrival from the decoder), epoch ms. */
  readonly takenAt: number;
  readonly bytes: number;
  readonly sha256: string;
  /** Object key (a media key of the camera with the `.jpg` extension). */
  readonly key: string;
}

interface SnapshotSidecarV1 {
  v: 1;
  kind: 'snapshot';
  cameraId: string;
  stream: StreamName;
  takenAt: number;
  bytes: number;
  sha256: string;
  key: string;
}

export function toSnapshotSidecar(entry: SnapshotEntry): string {
  const body: SnapshotSidecarV1 = {
    v: 1, kind: 'snapshot', cameraId: entry.cameraId, stream: entry.stream, takenAt: entry.takenAt, bytes: entry.bytes, sha256: entry.sha256, key: entry.key,
  };
  return `${JSON.stringify(body)}\n`;
}

/** Reads a snapshot sidecar back; undefined when it is not one. */
export function fromSnapshotSidecar(text: string, path: string, id: string): SnapshotEntry | undefined {
  let raw: Partial<SnapshotSidecarV1>;
  try {
    raw = JSON.parse(text) as Partial<SnapshotSidecarV1>;
  } catch {
    return undefined;
  }
  const ok = raw.v === 1 && raw.kind === 'snapshot' && typeof raw.cameraId === 'string' && typeof raw.stream === 'string'
    && Number.isFinite(raw.takenAt) && Number.isFinite(raw.bytes) && typeof raw.sha256 === 'string' && typeof raw.key === 'string';
  if (!ok) return undefined;
  return { id, path, cameraId: raw.cameraId!, stream: raw.stream!, takenAt: raw.takenAt!, bytes: raw.bytes!, sha256: raw.sha256!, key: raw.key! };
}

/** One phase of an event waiting for `POST /api/events`. */
export interface QueuedEvent {
  /** File name in `events/`, ordered by enqueue time. */
  readonly seq: string;
  readonly event: DetectionEvent;
}

interface SidecarV1 {
  v: 1;
  cameraId: string;
  stream: StreamName;
  startsAt: number;
  endsAt: number;
  bytes: number;
  sha256: string;
  key: string;
  state: SegmentState;
  recovered?: boolean;
}

export function toSidecar(entry: SegmentEntry): string {
  const body: SidecarV1 = {
    v: 1, cameraId: entry.cameraId, stream: entry.stream, startsAt: entry.startsAt, endsAt: entry.endsAt,
    bytes: entry.bytes, sha256: entry.sha256, key: entry.key, state: entry.state,
    ...(entry.recovered ? { recovered: true } : {}),
  };
  return `${JSON.stringify(body)}\n`;
}

/** Reads a sidecar back; undefined when it is not one (the file is then treated as unrecorded). */
export function fromSidecar(text: string, path: string, id: string): SegmentEntry | undefined {
  let raw: Partial<SidecarV1>;
  try {
    raw = JSON.parse(text) as Partial<SidecarV1>;
  } catch {
    return undefined;
  }
  const ok = raw.v === 1 && typeof raw.cameraId === 'string' && typeof raw.stream === 'string'
    && Number.isFinite(raw.startsAt) && Number.isFinite(raw.endsAt) && Number.isFinite(raw.bytes)
    && typeof raw.sha256 === 'string' && typeof raw.key === 'string'
    && (raw.state === 'pending' || raw.state === 'uploaded' || raw.state === 'registered');
  if (!ok) return undefined;
  return {
    id, path, cameraId: raw.cameraId!, stream: raw.stream!, startsAt: raw.startsAt!, endsAt: raw.endsAt!,
    bytes: raw.bytes!, sha256: raw.sha256!, key: raw.key!, state: raw.state!, ...(raw.recovered ? { recovered: true } : {}),
  };
}
