/**
 * What retention keeps (pure: plain data and a clock in, decisions out).
 *
 * A camera keeps continuous recording for `days` and segments that overlap
 * an event — and the events themselves — for `eventDays` (at least `days`).
 * A site may have a storage quota, enforced oldest segment first. An
 * evidence lock exempts a camera's range from both. A month partition is
 * dropped whole once every camera's horizon has passed its end and no lock
 * touches it.
 */

const DAY_MS = 86_400_000;

export interface RetentionDays {
  readonly days: number;
  readonly eventDays: number;
}

export interface Span {
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
}

/** The camera's own settings where it has them, the deployment's otherwise; eventDays never under days. */
export function effectiveRetention(camera: { readonly days: number | null; readonly eventDays: number | null }, defaults: RetentionDays): RetentionDays {
  const days = camera.days ?? defaults.days;
  return { days, eventDays: Math.max(days, camera.eventDays ?? defaults.eventDays) };
}

export interface Horizons {
  /** Segments that end at or before this are past continuous retention. */
  readonly recording: number;
  /** Segments overlapping events, and events, that end at or before this are past event retention. */
  readonly events: number;
}

export function horizons(retention: RetentionDays, now: number): Horizons {
  return { recording: now - retention.days * DAY_MS, events: now - retention.eventDays * DAY_MS };
}

export type DeletionReason = 'age' | 'event-age' | 'quota';

/**
 * Why a segment goes, or undefined when it stays: past event retention it
 * goes whatever it overlaps; past continuous retention only when it
 * overlaps no event. (Locks are checked apart: `overlapsAny`.)
 */
export function segmentAgeReason(segment: { readonly endsAt: number }, overlapsEvent: boolean, h: Horizons): DeletionReason | undefined {
  if (segment.endsAt <= h.events) return overlapsEvent ? 'event-age' : 'age';
  if (segment.endsAt <= h.recording && !overlapsEvent) return 'age';
  return undefined;
}

/** Whether [a.from, a.to) and any of the spans overlap. */
export function overlapsAny(a: Span, spans: readonly Span[]): boolean {
  return spans.some((s) => s.from < a.to && s.to > a.from);
}

export interface PartitionSpan extends Span {
  readonly name: string;
}

/**
 * The partitions to drop whole: those ending at or before `horizon` (the
 * oldest instant any camera still keeps anything from) that no held lock
 * overlaps. Oldest first.
 */
export function partitionsToDrop(partitions: readonly PartitionSpan[], horizon: number, locks: readonly Span[]): PartitionSpan[] {
  return partitions.filter((p) => p.to <= horizon && !overlapsAny(p, locks)).sort((a, b) => a.from - b.from);
}

/**
 * The oldest instant anything may still be kept from, across every camera
 * of the deployment (and the defaults, for cameras yet to come): the
 * earliest event horizon.
 */
export function oldestHorizon(cameras: readonly RetentionDays[], defaults: RetentionDays, now: number): number {
  const longest = Math.max(defaults.eventDays, ...cameras.map((c) => c.eventDays));
  return now - longest * DAY_MS;
}

/**
 * Quota: given a site's bytes in use and its segments oldest first (locked
 * ones already left out), how many of them to delete to get under the quota.
 */
export function quotaCut(usedBytes: number, quotaBytes: number | null, oldestFirst: readonly { readonly bytes: number }[]): number {
  if (quotaBytes === null || usedBytes <= quotaBytes) return 0;
  let over = usedBytes - quotaBytes;
  let n = 0;
  for (const s of oldestFirst) {
    if (over <= 0) break;
    over -= s.bytes;
    n += 1;
  }
  return n;
}
