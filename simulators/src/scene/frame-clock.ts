import type { FrameRate } from './scene-frames.js';

/**
 * Decides which frames are due at a given time, for a source that emits
 * frames in real time. Pure: the caller passes the time in (ms, monotonic).
 *
 * Frame `i` is due at `anchorMs + (i - anchorIndex) / fps`. When the caller
 * falls behind (event loop stall, suspended laptop) by more than `maxBurst`
 * frames, the anchor moves forward so at most `maxBurst` frames go out at once:
 * no frame is skipped (clients keep decoding and timestamps stay continuous),
 * the stream just lags the wall clock by the stall.
 */
export class FrameClock {
  private anchorMs = 0;
  private anchorIndex = 0;
  private next = 0;
  private readonly frameMs: number;

  constructor(
    fps: FrameRate,
    private readonly maxBurst: number,
  ) {
    this.frameMs = (1000 * fps.den) / fps.num;
  }

  /** Restarts the clock: frame `firstIndex` is due at `nowMs`. */
  start(nowMs: number, firstIndex: number): void {
    this.anchorMs = nowMs;
    this.anchorIndex = firstIndex;
    this.next = firstIndex;
  }

  /** Index of the next frame to emit. */
  get nextIndex(): number {
    return this.next;
  }

  /** Frames [from, to) due by `nowMs`; the clock counts them as emitted. */
  due(nowMs: number): { from: number; to: number } {
    let to = this.anchorIndex + Math.floor((nowMs - this.anchorMs) / this.frameMs + 1e-9) + 1;
    if (to - this.next > this.maxBurst) {
      to = this.next + this.maxBurst;
      this.anchorIndex = to - 1;
      this.anchorMs = nowMs;
    }
    const from = this.next;
    if (to > from) this.next = to;
    return { from, to: Math.max(from, to) };
  }

  /** Milliseconds from `nowMs` until the next frame is due (0 when already due). */
  msUntilNext(nowMs: number): number {
    return Math.max(0, this.anchorMs + (this.next - this.anchorIndex) * this.frameMs - nowMs);
  }
}

/** Media time of frame `index` in 90 kHz RTP clock ticks (not wrapped). Exact for rational rates. */
export function mediaTicks90k(index: number, fps: FrameRate): number {
  return Math.floor((index * 90_000 * fps.den) / fps.num);
}
