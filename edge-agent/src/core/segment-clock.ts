/**
 * Wall-clock times of the segments of one recorder run.
 *
 * ffmpeg reports each finished segment with its media-time bounds (seconds
 * since the run began). The first report anchors media time to the wall
 * clock (the segment ended "now"); later boundaries are anchor + media time,
 * so consecutive segments of a run are exactly contiguous and the index shows
 * no false gaps. Media time and the wall clock drift apart when a camera's
 * clock runs fast or slow, or when frames arrive late in bursts: once they
 * differ by more than `maxDriftMs`, the run re-anchors, and the jump shows as
 * an honest discontinuity instead of a growing error.
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

export interface SegmentTimes {
  readonly startsAt: number;
  readonly endsAt: number;
  /** True when this segment does not continue the previous one of the run. */
  readonly reanchored: boolean;
}

export class SegmentClock {
  private anchorMs: number | undefined;
  private readonly maxDriftMs: number;

  constructor(options: SegmentClockOptions) {
    this.maxDriftMs = options.maxDriftMs;
  }

  /** Times of a segment that ffmpeg reported as finished at wall time `nowMs`. */
  place(segment: ReportedSegment, nowMs: number): SegmentTimes {
    const startMs = segment.startSec * 1000;
    const endMs = segment.endSec * 1000;
    let reanchored = false;
    if (this.anchorMs === undefined) {
      this.anchorMs = nowMs - endMs;
    } else if (Math.abs(this.anchorMs + endMs - nowMs) > this.maxDriftMs) {
      this.anchorMs = nowMs - endMs;
      reanchored = true;
    }
    return {
      startsAt: Math.round(this.anchorMs + startMs),
      endsAt: Math.round(this.anchorMs + endMs),
      reanchored,
    };
  }
}
