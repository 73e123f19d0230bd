/**
 * Which queued segment the uplink sends next. Pure: it takes the pending
 * entries and the lane counters and returns a decision.
 *
 * Two lanes share one sequential uplink:
 * - **live**: the newest pending segment of each camera, when it ended less
 *   than `liveWindowMs` ago. It is sent at once (never rate-capped): it is
 *   what an operator expects to see in the cloud now, and it is at most the
 *   site's real-time bitrate, which the uplink has to carry anyway.
 * - **backlog**: everything else, oldest first (by start time, across
 *   cameras), paced by the token bucket (`uplink.maxBytesPerSecond`) so a
 *   catch-up after an outage does not flood the site's link.
 *
 * When both lanes have work, the backlog gets `backlogShare` of the bytes
 * sent (a weighted interleave), so neither lane starves the other.
 */
export interface DrainCandidate {
  readonly id: string;
  readonly cameraId: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly bytes: number;
}

export type Lane = 'live' | 'backlog';

export interface Lanes<T extends DrainCandidate> {
  /** Newest first; one entry per camera at most. */
  readonly live: readonly T[];
  /** Oldest first. */
  readonly backlog: readonly T[];
}

export function splitLanes<T extends DrainCandidate>(entries: readonly T[], nowMs: number, liveWindowMs: number): Lanes<T> {
  const newest = new Map<string, T>();
  for (const e of entries) {
    const seen = newest.get(e.cameraId);
    if (!seen || e.startsAt > seen.startsAt) newest.set(e.cameraId, e);
  }
  const live = [...newest.values()].filter((e) => e.endsAt >= nowMs - liveWindowMs).sort((a, b) => b.endsAt - a.endsAt);
  const liveIds = new Set(live.map((e) => e.id));
  const backlog = entries.filter((e) => !liveIds.has(e.id)).sort((a, b) => a.startsAt - b.startsAt || a.cameraId.localeCompare(b.cameraId));
  return { live, backlog };
}

export interface LaneCounters {
  /** Bytes sent by each lane so far (any consistent window). */
  readonly liveBytes: number;
  readonly backlogBytes: number;
}

/**
 * The lane to serve next, or undefined when both are empty. `backlogShare`
 * is in [0, 1]: 0 serves the backlog only when no live segment waits, 1
 * serves it first always.
 */
export function chooseLane(ready: { live: boolean; backlog: boolean }, sent: LaneCounters, backlogShare: number): Lane | undefined {
  if (!ready.live) return ready.backlog ? 'backlog' : undefined;
  if (!ready.backlog) return 'live';
  if (backlogShare >= 1) return 'backlog';
  if (backlogShare <= 0) return 'live';
  const total = sent.liveBytes + sent.backlogBytes;
  if (total === 0) return 'live';
  return sent.backlogBytes / total < backlogShare ? 'backlog' : 'live';
}
