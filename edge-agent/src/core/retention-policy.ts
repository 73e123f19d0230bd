/**
 * Which local segment files to delete when the spool reaches its caps.
 * Pure: takes the files, the measured usage and the caps; returns the files
 * to evict, in order, and the spans of recording that are lost with them.
 *
 * Order: files already in the cloud (kept only for local playback) go
 * first, oldest first; then files not yet uploaded, oldest first across
 * cameras: the oldest recording is the least likely to still be wanted,
 * and the newest is what an outage leaves an operator to look at.
 */
export interface RetainedFile {
  readonly id: string;
  readonly cameraId: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly bytes: number;
  /** True when the cloud already has the bytes: evicting it loses nothing. */
  readonly uploaded: boolean;
}

export interface SpoolUsage {
  /** Media bytes in the spool, including files still being written (bytes). */
  readonly usedBytes: number;
  /** Free bytes of the filesystem that holds the spool. */
  readonly freeBytes: number;
}

export interface RetentionCaps {
  /** Cap of the spool's media bytes. */
  readonly maxBytes: number;
  /** The filesystem must keep at least this much free. */
  readonly minFreeBytes: number;
  /** Evict this much below the caps, so the next segments fit without another eviction at once (bytes). */
  readonly headroomBytes: number;
}

export interface LostSpan {
  readonly cameraId: string;
  readonly from: number;
  readonly to: number;
  readonly bytes: number;
}

export interface EvictionPlan<T extends RetainedFile> {
  readonly evict: readonly T[];
  /** Spans of never-uploaded recording the plan deletes, merged per camera. */
  readonly lost: readonly LostSpan[];
  /** Bytes still over a cap after evicting everything allowed (0 normally). */
  readonly shortBytes: number;
}

/** Two evicted segments closer than this are one lost span (ms). */
const SPAN_JOIN_MS = 1000;

export function planEviction<T extends RetainedFile>(files: readonly T[], usage: SpoolUsage, caps: RetentionCaps): EvictionPlan<T> {
  const overCap = usage.usedBytes - caps.maxBytes;
  const underFree = caps.minFreeBytes - usage.freeBytes;
  if (overCap <= 0 && underFree <= 0) return { evict: [], lost: [], shortBytes: 0 };
  const toFree = Math.max(overCap, underFree) + caps.headroomBytes;

  const byAge = (a: T, b: T): number => a.startsAt - b.startsAt || a.cameraId.localeCompare(b.cameraId);
  const ordered = [...files.filter((f) => f.uploaded).sort(byAge), ...files.filter((f) => !f.uploaded).sort(byAge)];
  const evict: T[] = [];
  let freed = 0;
  for (const file of ordered) {
    if (freed >= toFree) break;
    evict.push(file);
    freed += file.bytes;
  }
  const stillOver = Math.max(overCap, underFree) - freed;
  return { evict, lost: lostSpans(evict.filter((f) => !f.uploaded)), shortBytes: Math.max(0, stillOver) };
}

export function lostSpans(files: readonly RetainedFile[]): LostSpan[] {
  const spans: LostSpan[] = [];
  const sorted = [...files].sort((a, b) => a.cameraId.localeCompare(b.cameraId) || a.startsAt - b.startsAt);
  for (const f of sorted) {
    const last = spans.at(-1);
    if (last && last.cameraId === f.cameraId && f.startsAt - last.to <= SPAN_JOIN_MS) {
      spans[spans.length - 1] = { ...last, to: Math.max(last.to, f.endsAt), bytes: last.bytes + f.bytes };
    } else {
      spans.push({ cameraId: f.cameraId, from: f.startsAt, to: f.endsAt, bytes: f.bytes });
    }
  }
  return spans;
}
