/**
 * Gaps in a recording: consecutive segments whose start is more than the
 * tolerance after the previous end. Segments of one recorder run are
 * contiguous by construction (the recorder anchors each run to the wall
 * clock once and derives every boundary from media time), so anything
 * bigger than jitter is a real outage or restart.
 */
export const GAP_TOLERANCE_MS = 500; // used by the playlist writers and the timeline API

export interface TimedSpan {
  readonly startsAt: number;
  readonly endsAt: number;
}

export function isGap(prev: TimedSpan, next: TimedSpan, toleranceMs = GAP_TOLERANCE_MS): boolean {
  return next.startsAt - prev.endsAt > toleranceMs || next.startsAt < prev.endsAt - toleranceMs;
}

/** Groups time-ordered spans into runs of contiguous recording. */
export function contiguousRuns<T extends TimedSpan>(spans: readonly T[], toleranceMs = GAP_TOLERANCE_MS): T[][] {
  const runs: T[][] = [];
  let current: T[] = [];
  for (const span of spans) {
    const prev = current[current.length - 1];
    if (prev && isGap(prev, span, toleranceMs)) {
      runs.push(current);
      current = [];
    }
    current.push(span);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}
