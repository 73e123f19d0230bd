import type { Box } from '@argus/core';
import type { DetectionSettings } from '@argus/contracts';
import type { MotionEventPhase, MotionResult } from './motion-types.js';

/**
 * Turns the detector's per-frame results into motion events (pure; frame
 * times are the only clock):
 *
 * - **start** once motion has lasted `minEventMs` (gaps up to
 *   `candidateGapMs` allowed, so a flicker of one frame does not restart the
 *   count); the event starts at the first motion frame;
 * - **update** when a new zone is entered (at once: alert rules wait on
 *   it), or, at most every `updateIntervalMs`, when the union box grew
 *   meaningfully or the peak changed area rose meaningfully;
 * - **end** after `hangMs` without motion (frames of a recalibration count
 *   as no motion); the event ends at its last motion frame. One walk past,
 *   or someone standing still for a while, stays one event as long as the
 *   pauses are shorter than the hang time.
 *
 * `peak` on a step says this frame holds the open event's largest changed
 * area so far: the camera unit keeps the snapshot nearest to `peakAt` and
 * sends it with the next phase.
 */

export interface MotionEventTuning {
  /** Fewest ms between two box/peak updates of one event. Used by push. */
  readonly updateIntervalMs: number;
  /** A motion run that is still shorter than minEventMs dies after this long without motion (ms). Used by push. */
  readonly candidateGapMs: number;
  /** The union box must grow by this share of its last sent area, or an edge move this far (0..1 of the picture), to update. Used by push. */
  readonly boxGrowth: number;
  readonly boxEdge: number;
  /** The peak area must reach this multiple of the last sent one to update. Used by push. */
  readonly peakGrowth: number;
}

export const MOTION_EVENT_TUNING: MotionEventTuning = Object.freeze({
  updateIntervalMs: 2000,
  candidateGapMs: 600,
  boxGrowth: 0.2,
  boxEdge: 0.05,
  peakGrowth: 1.5,
});

export interface MotionEventTrackerOptions {
  readonly settings: Pick<DetectionSettings, 'minEventMs' | 'hangMs'>;
  /** Makes the id of each new event (stable across its phases). */
  readonly newId: () => string;
  readonly tuning?: Partial<MotionEventTuning>;
}

/** What one frame changed. */
export interface MotionStep {
  /** The phase to send, when this frame made one. */
  readonly phase: MotionEventPhase | undefined;
  /** The open event has a new peak (at `peakAt`): take or keep a snapshot for it. */
  readonly peak: boolean;
}

interface Accumulated {
  since: number;
  lastMotionAt: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  zones: string[];
  peakArea: number;
  peakAt: number;
}

interface OpenEvent extends Accumulated {
  readonly id: string;
  sentAt: number;
  sentBox: { x0: number; y0: number; x1: number; y1: number };
  sentZones: number;
  sentPeak: number;
}

const NOTHING: MotionStep = Object.freeze({ phase: undefined, peak: false });

export class MotionEventTracker {
  private readonly minEventMs: number;
  private readonly hangMs: number;
  private readonly newId: () => string;
  private readonly tuning: MotionEventTuning;
  private candidate: Accumulated | undefined;
  private open: OpenEvent | undefined;

  constructor(options: MotionEventTrackerOptions) {
    this.minEventMs = Math.max(0, options.settings.minEventMs);
    this.hangMs = Math.max(0, options.settings.hangMs);
    this.newId = options.newId;
    this.tuning = Object.freeze({ ...MOTION_EVENT_TUNING, ...options.tuning });
  }

  /** True while an event is open (started and not ended). */
  get active(): boolean {
    return this.open !== undefined;
  }

  /** Feeds one frame's result, taken at `at` (epoch ms, non-decreasing). */
  push(result: MotionResult, at: number): MotionStep {
    const open = this.open;
    if (open) return this.pushOpen(open, result, at);
    if (!result.motion || !result.box) {
      if (this.candidate && at - this.candidate.lastMotionAt > this.tuning.candidateGapMs) this.candidate = undefined;
      return NOTHING;
    }
    const candidate = this.candidate ?? (this.candidate = fresh(at, result.box));
    accumulate(candidate, result, at);
    if (at - candidate.since < this.minEventMs) return NOTHING;
    this.candidate = undefined;
    const started: OpenEvent = {
      ...candidate,
      id: this.newId(),
      sentAt: at,
      sentBox: { x0: candidate.x0, y0: candidate.y0, x1: candidate.x1, y1: candidate.y1 },
      sentZones: candidate.zones.length,
      sentPeak: candidate.peakArea,
    };
    this.open = started;
    return { phase: phaseOf('start', started), peak: true };
  }

  /** Ends the open event now (the camera stopped, settings changed); undefined when none is open. */
  finish(): MotionEventPhase | undefined {
    const open = this.open;
    this.open = undefined;
    this.candidate = undefined;
    return open ? phaseOf('end', open, open.lastMotionAt) : undefined;
  }

  /** Forgets everything, without ending the open event (use finish for that). */
  reset(): void {
    this.open = undefined;
    this.candidate = undefined;
  }

  private pushOpen(open: OpenEvent, result: MotionResult, at: number): MotionStep {
    if (!result.motion || !result.box) {
      if (at - open.lastMotionAt < this.hangMs) return NOTHING;
      this.open = undefined;
      return { phase: phaseOf('end', open, open.lastMotionAt), peak: false };
    }
    const before = open.peakArea;
    accumulate(open, result, at);
    const peak = open.peakArea > before;
    const t = this.tuning;
    const newZone = open.zones.length > open.sentZones;
    const sent = open.sentBox;
    const sentArea = (sent.x1 - sent.x0) * (sent.y1 - sent.y0);
    const area = (open.x1 - open.x0) * (open.y1 - open.y0);
    const boxGrew =
      area > sentArea * (1 + t.boxGrowth) ||
      sent.x0 - open.x0 >= t.boxEdge ||
      sent.y0 - open.y0 >= t.boxEdge ||
      open.x1 - sent.x1 >= t.boxEdge ||
      open.y1 - sent.y1 >= t.boxEdge;
    const peakRose = open.peakArea >= open.sentPeak * t.peakGrowth;
    const due = at - open.sentAt >= t.updateIntervalMs;
    if (!newZone && !((boxGrew || peakRose) && due)) return peak ? { phase: undefined, peak } : NOTHING;
    open.sentAt = at;
    open.sentBox = { x0: open.x0, y0: open.y0, x1: open.x1, y1: open.y1 };
    open.sentZones = open.zones.length;
    open.sentPeak = open.peakArea;
    return { phase: phaseOf('update', open), peak };
  }
}

function fresh(at: number, box: Box): Accumulated {
  return { since: at, lastMotionAt: at, x0: box.x, y0: box.y, x1: box.x + box.width, y1: box.y + box.height, zones: [], peakArea: 0, peakAt: at };
}

function accumulate(acc: Accumulated, result: MotionResult, at: number): void {
  const box = result.box!;
  acc.lastMotionAt = at;
  acc.x0 = Math.min(acc.x0, box.x);
  acc.y0 = Math.min(acc.y0, box.y);
  acc.x1 = Math.max(acc.x1, box.x + box.width);
  acc.y1 = Math.max(acc.y1, box.y + box.height);
  for (const zone of result.zones) if (!acc.zones.includes(zone)) acc.zones.push(zone);
  if (result.area > acc.peakArea) {
    acc.peakArea = result.area;
    acc.peakAt = at;
  }
}

function phaseOf(phase: MotionEventPhase['phase'], event: OpenEvent, endedAt?: number): MotionEventPhase {
  return {
    phase,
    id: event.id,
    startedAt: event.since,
    ...(endedAt === undefined ? {} : { endedAt }),
    box: { x: event.x0, y: event.y0, width: event.x1 - event.x0, height: event.y1 - event.y0 },
    zones: [...event.zones],
    peakArea: event.peakArea,
    peakAt: event.peakAt,
  };
}
