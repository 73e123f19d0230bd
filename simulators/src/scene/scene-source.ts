import { buildSendTimeSei, stampAccessUnit } from '@argus/core';
import type { Logger } from '@argus/runtime';
import { FrameClock, mediaTicks90k } from './frame-clock.js';
import { frameRateValue, type SceneFrames } from './scene-frames.js';
import { monotonicEpochMs, SceneTimeline } from './scene-timeline.js';

/** A frame as a source emits it. */
export interface SourceFrame {
  /**
   * Frame number on the camera's timeline (frames since the timeline's
   * anchor); `index % frames.length` is the position in the loop. Never goes
   * back, so it keeps growing across loops and idle periods.
   */
  readonly index: number;
  /** Media time of the frame in 90 kHz ticks, continuous across loops (not wrapped to 32 bits). */
  readonly ticks90k: number;
  readonly idr: boolean;
  /** NAL units without start codes; SPS+PPS lead every IDR. */
  readonly nals: readonly Buffer[];
  /** Wall clock (epoch ms) when the frame went out, for RTCP sender reports. */
  readonly sentAtMs: number;
}

export type FrameListener = (frame: SourceFrame) => void;

/** What an RTSP mount streams from: one live, looping picture sequence. */
export interface FrameSource {
  readonly scene: SceneFrames;
  /** Listeners currently subscribed (playing sessions). */
  readonly subscriberCount: number;
  /** Starts delivering frames to `listener`; returns the unsubscribe function. */
  subscribe(listener: FrameListener): () => void;
}

export interface SceneSourceOptions {
  /** Most frames emitted in one go after a stall, in seconds of video; default 1. */
  readonly maxBurstSeconds?: number;
  /** Monotonic clock in ms (default: monotonicEpochMs); injectable for tests. */
  readonly now?: () => number;
  /**
   * The camera's timeline, shared with its other stream and its services
   * (same clock domain as `now`); default: one anchored at construction.
   */
  readonly timeline?: SceneTimeline;
  readonly log?: Logger;
  /** Insert the send-time SEI (core/send-time-sei.ts) into every access unit; default false. */
  readonly stampSendTime?: boolean;
}

/**
 * One looping, real-time clock per mount, shared by all its sessions: frames
 * go out at the scene's frame rate forever, the file repeating, and every
 * subscriber sees the same frame at the same time (like a real camera's
 * encoder). The timer runs only while someone is subscribed, so a hundred
 * idle cameras cost nothing, but the picture follows the camera's timeline
 * even then: after an idle period the source resumes at the next IDR after
 * the timeline's current position, sent when the timeline reaches it.
 * Subscribers decide themselves where to join (at the next IDR).
 */
export class SceneSource implements FrameSource {
  private readonly listeners = new Set<FrameListener>();
  private readonly clock: FrameClock;
  private readonly now: () => number;
  private readonly idrPositions: readonly number[];
  private timer: NodeJS.Timeout | undefined;
  /** True while the clock runs (between the first subscribe and the last unsubscribe). */
  private running = false;
  readonly timeline: SceneTimeline;

  constructor(
    readonly scene: SceneFrames,
    private readonly options: SceneSourceOptions = {},
  ) {
    const maxBurst = Math.max(1, Math.round(frameRateValue(scene.fps) * (options.maxBurstSeconds ?? 1)));
    this.clock = new FrameClock(scene.fps, maxBurst);
    this.now = options.now ?? monotonicEpochMs;
    this.timeline = options.timeline ?? new SceneTimeline(this.now());
    this.idrPositions = scene.frames.flatMap((f, i) => (f.idr ? [i] : []));
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  subscribe(listener: FrameListener): () => void {
    this.listeners.add(listener);
    if (!this.running) this.resume();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.pause();
    };
  }

  /** Stops the timer for good (subscribers are dropped). */
  close(): void {
    this.listeners.clear();
    this.pause();
  }

  /** Emits every due frame now; exposed so tests can drive the source with a fake clock. */
  tick(): void {
    const { from, to } = this.clock.due(this.now());
    const frames = this.scene.frames;
    for (let index = from; index < to; index++) {
      const frame = frames[index % frames.length]!;
      const sentAtMs = Date.now();
      const out: SourceFrame = {
        index,
        ticks90k: mediaTicks90k(index, this.scene.fps),
        idr: frame.idr,
        nals: this.options.stampSendTime ? stampAccessUnit(frame.nals, Buffer.from(buildSendTimeSei(sentAtMs))) : frame.nals,
        sentAtMs,
      };
      for (const listener of [...this.listeners]) {
        try {
          listener(out);
        } catch (err) {
          // One broken session must not stop the camera for the others.
          this.options.log?.error({ err }, 'frame listener failed');
        }
      }
    }
  }

  private resume(): void {
    // Restart at the first IDR at or after the timeline's current frame, due
    // when the timeline reaches it: the picture stays where the camera "is"
    // and clients can decode from the first frame. Never before a frame
    // already sent, so indexes (and media time) only grow.
    const fps = this.scene.fps;
    const from = Math.max(this.timeline.frameAt(this.now(), fps), this.clock.nextIndex);
    const next = this.nextIdrIndex(from);
    this.running = true;
    this.clock.start(this.timeline.frameDueMs(next, fps), next);
    this.schedule();
  }

  private pause(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    // One timer per mount, woken when the next frame is due (not a fixed
    // 10 ms poll): idle wake-ups would add up across 100 cameras.
    const wait = Math.max(1, Math.ceil(this.clock.msUntilNext(this.now())));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
      // A listener may have unsubscribed the last session (pause) or even
      // resubscribed (resume, which scheduled its own timer) during tick.
      if (this.running && !this.timer) this.schedule();
    }, wait);
  }

  private nextIdrIndex(index: number): number {
    const n = this.scene.frames.length;
    const pos = index % n;
    const idr = this.idrPositions.find((p) => p >= pos);
    return idr === undefined ? index - pos + n + this.idrPositions[0]! : index - pos + idr;
  }
}
