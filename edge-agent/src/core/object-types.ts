import type { Box } from '@argus/core';

/**
 * The values that pass between the object detection stage's parts: the
 * inference gate (which frames go to the model), the inference client
 * (adapters/rekognition), the object tracker (core, pure) and the camera's
 * object pipeline that wires them.
 */

/** One object the model found, its box normalised to the whole detect picture. */
export interface ObjectDetection {
  /** Argus label: lower case (`person`, `car`, `truck`, `dog`, …). */
  readonly label: string;
  /** 0..1. */
  readonly score: number;
  readonly box: Box;
}

/** What one inference saw: the part of the picture the model looked at, and what it found there. */
export interface InferenceObservation {
  /** When the picture was taken (epoch ms). */
  readonly at: number;
  /** The region sent to the model, normalised to the whole picture (the whole picture: 0, 0, 1, 1). */
  readonly region: Box;
  readonly detections: readonly ObjectDetection[];
}

/** A point on a tracked object's path: where its box was at `at`. */
export interface PathPoint {
  readonly at: number;
  readonly box: Box;
}

/** One phase of an object event, as the tracker decides it. */
export interface ObjectEventPhase {
  readonly phase: 'start' | 'update' | 'end';
  /** Stable across the event's phases (the tracked object's id). */
  readonly id: string;
  readonly label: string;
  /** First and (on end) last time the object was seen (epoch ms). */
  readonly startedAt: number;
  readonly endedAt?: number;
  /** Its latest box. */
  readonly box: Box;
  /** Highest score seen (0..1). */
  readonly maxScore: number;
  /** Where it went: boxes at most `pathPoints` long, oldest first (thinned evenly when longer). */
  readonly path: readonly PathPoint[];
  /** Zones its anchor point (the box's bottom centre: where it stands) entered so far. */
  readonly zones: readonly string[];
  /** How long it has been in view (ms). */
  readonly dwellMs: number;
  /** It has not moved for a while: it costs no inference and raises no update until it moves again. */
  readonly stationary: boolean;
}

/** What one observation changed. */
export interface ObjectStep {
  /** Phases to send, in order (several objects may change at once). */
  readonly phases: readonly ObjectEventPhase[];
  /**
   * Objects for which this observation is the best so far (highest
   * score): the pipeline takes this observation's picture as their snapshot
   * (and their colour from it) and sends it with their next phase.
   */
  readonly best: readonly BestSighting[];
}

/** An object's best sighting so far: this observation, where it was and how sure the model was. */
export interface BestSighting {
  readonly id: string;
  readonly box: Box;
  readonly score: number;
}
