import { performance } from 'node:perf_hooks';
import type { FrameRate } from './scene-frames.js';

/**
 * A monotonic clock in epoch milliseconds: `Date.now()`-like values that
 * never jump with wall-clock steps. The default clock of scene sources and
 * timelines, so `sceneTimeSec(Date.now())` from another component lands on
 * the same timeline (within the drift between the two clocks).
 */
export function monotonicEpochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * One camera's scene timeline: the loop position is a function of time since
 * the anchor (camera start), whether or not anyone watches. The camera's
 * main and sub sources and its ONVIF services all read this one timeline, so
 * "what the camera sees now" is defined at any moment. Pure apart from the
 * clock values passed in (ms in the clock domain of the anchor).
 */
export class SceneTimeline {
  constructor(readonly anchorMs: number) {}

  /** Frames since the anchor at `nowMs` for a stream of rate `fps` (0 before the anchor). */
  frameAt(nowMs: number, fps: FrameRate): number {
    return Math.max(0, Math.floor(((nowMs - this.anchorMs) * fps.num) / (1000 * fps.den) + 1e-9));
  }

  /** When timeline frame `index` is due, in the anchor's clock. */
  frameDueMs(index: number, fps: FrameRate): number {
    return this.anchorMs + (index * 1000 * fps.den) / fps.num;
  }

  /** Position within a loop of `loopFrames` frames at `nowMs`, in seconds (on a frame boundary). */
  loopPositionSec(nowMs: number, fps: FrameRate, loopFrames: number): number {
    if (loopFrames <= 0) return 0;
    return ((this.frameAt(nowMs, fps) % loopFrames) * fps.den) / fps.num;
  }
}
