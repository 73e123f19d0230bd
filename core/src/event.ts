import type { StreamName } from './ids.js';

/**
 * A detection event's lifecycle: `start` when an object (or motion) appears,
 * `update` while it is tracked (better score, new zone, better snapshot),
 * `end` when it leaves. The edge assigns the id and sends every phase with
 * it; the cloud upserts by id, so replays after an outage are harmless.
 */
export const EVENT_PHASES = ['start', 'update', 'end'] as const;
export type EventPhase = (typeof EVENT_PHASES)[number];

/** Normalised box, each value in [0, 1] of the frame's width or height. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DetectionEvent {
  /** Stable across phases; assigned by the edge. */
  readonly id: string;
  readonly phase: EventPhase;
  readonly cameraId: string;
  readonly stream: StreamName;
  /** `motion`, `person`, `car`, … */
  readonly label: string;
  /** 0..1, the best seen so far. */
  readonly score: number;
  readonly box?: Box;
  readonly zones: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  /** Object events: where the tracked object's box was over time (epoch ms), oldest first. */
  readonly path?: readonly { readonly at: number; readonly box: Box }[];
  /** Epoch ms of the first and (when ended) last observation. */
  readonly startedAt: number;
  readonly endedAt?: number;
  /** Object key of the best snapshot so far. */
  readonly snapshotKey?: string;
}

const PHASE_ORDER: Record<EventPhase, number> = { start: 0, update: 1, end: 2 };

/**
 * Whether an incoming phase may replace the stored one: phases only move
 * forward (a late `update` never reopens an ended event); a repeat of the
 * same phase is accepted, which keeps replays idempotent.
 */
export function phaseMayFollow(stored: EventPhase, incoming: EventPhase): boolean {
  return PHASE_ORDER[incoming] >= PHASE_ORDER[stored];
}
