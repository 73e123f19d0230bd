/**
 * The edge (its recorder) and the cloud (its health checker) may both report
 * the same outage as `camera-offline`: the timeline draws each stretch of
 * time once. Periods oldest first in, merged periods oldest first out; the
 * first period's reason names the merged one. Pure.
 */
export interface Period {
  readonly from: number;
  readonly to: number;
  readonly reason: string | null;
}

export function mergeOverlapping(periods: readonly Period[]): Period[] {
  const sorted = [...periods].sort((a, b) => a.from - b.from || a.to - b.to);
  const merged: Period[] = [];
  for (const period of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && period.from <= last.to) {
      if (period.to > last.to) merged[merged.length - 1] = { ...last, to: period.to };
    } else {
      merged.push(period);
    }
  }
  return merged;
}
