/**
 * Wall-clock times of the segments of one recorder run.
 *
 * ffmpeg reports each finished segment with its media-time bounds (seconds
 * since the run began). Media time is tied to the wall clock by an anchor:
 * `wall = anchor + media`, so consecutive segments of a run are exactly
 * contiguous and the index shows no false gaps.
 *
 * The anchor is the earliest `report time − media end` seen: a segment cannot
 * be reported before its last frame was captured, so every report gives an
 * upper bound of the true anchor and the smallest is the best. This matters
 * at the start of a run: ffmpeg first buffers a few seconds to analyse the
 * streams (longer with audio) and then delivers them in a burst, so the first
 * reports arrive late and close together. While reports arrive faster than
 * real time (warm-up), segments are held back; the first report that arrives
 * at a normal pace fixes the anchor, and the held segments are placed with it.
 *
 * After warm-up the anchor only moves when media time and the wall clock
 * drift apart by more than `maxDriftMs` (a camera that stalls and then
 * bursts, a camera clock that runs fast or slow): the run re-anchors and the
 * jump shows as an honest gap, and a segment never starts before the
 * previous one ended.
 */
export interface SegmentClockOptions {
  /** Re-anchor when media time and wall clock disagree by more than this (ms). */
  readonly maxDriftMs: number;
}

export interface ReportedSegment {
  /** Media time of the first frame, seconds since the run began. */
  readonly startSec: number;
  /** Media time just past the last frame, seconds since the run began. */
  readonly endSec: number;
}

export interface PlacedSegment<T> {
  readonly item: T;
  readonly startsAt: number;
  readonly endsAt: number;
  /** True when this segment does not continue the previous one of the run. */
  readonly reanchored: boolean;
}

interface Held<T> {
  readonly item: T;
  readonly segment: ReportedSegment;
}

export class SegmentClock<T> {
  private readonly maxDriftMs: number;
  private anchorMs: number | undefined;
  private warm = false;
  private held: Held<T>[] = [];
  private last: { readonly atMs: number; readonly endSec: number } | undefined;
  private lastEndMs: number | undefined;

  constructor(options: SegmentClockOptions) {
    this.maxDriftMs = options.maxDriftMs;
  }

  /** Segments reported but not placed yet (warm-up). */
  get holding(): number {
    return this.held.length;
  }

  /**
   * A segment ffmpeg reported as finished at wall time `nowMs`. Returns the
   * segments whose times are now final, oldest first (none while warming up).
   */
  report(item: T, segment: ReportedSegment, nowMs: number): PlacedSegment<T>[] {
    const candidate = nowMs - segment.endSec * 1000;
    const previous = this.last;
    this.last = { atMs: nowMs, endSec: segment.endSec };
    if (this.warm) {
      const anchor = this.anchorMs!;
      const drift = candidate - anchor; // > 0: media late against the wall clock; < 0: media early
      const reanchored = Math.abs(drift) > this.maxDriftMs;
      if (reanchored) this.anchorMs = candidate;
      return [this.place({ item, segment }, reanchored)];
    }
    this.anchorMs = this.anchorMs === undefined ? candidate : Math.min(this.anchorMs, candidate);
    this.held.push({ item, segment });
    // A report that comes at least half its media length after the previous one is real time: warm-up is over.
    const realTime = previous !== undefined && nowMs - previous.atMs >= 0.5 * (segment.endSec - previous.endSec) * 1000;
    return realTime ? this.flush() : [];
  }

  /** Places everything held: the run ended, or no report came for a while. */
  flush(): PlacedSegment<T>[] {
    this.warm = this.anchorMs !== undefined;
    const held = this.held;
    this.held = [];
    return held.map((h) => this.place(h, false));
  }

  private place(held: Held<T>, reanchored: boolean): PlacedSegment<T> {
    const anchor = this.anchorMs!;
    const endsAt = Math.round(anchor + held.segment.endSec * 1000);
    let startsAt = Math.round(anchor + held.segment.startSec * 1000);
    // A re-anchor backwards (media ran ahead) must not make two segments claim the same time.
    if (this.lastEndMs !== undefined && startsAt < this.lastEndMs) startsAt = Math.min(this.lastEndMs, endsAt - 1);
    this.lastEndMs = endsAt;
    return { item: held.item, startsAt, endsAt, reanchored };
  }
}
