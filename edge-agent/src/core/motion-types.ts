import type { Box } from '@argus/core';
import type { DetectionSettings } from '@argus/contracts';

/**
 * The values that pass between the detect pipeline's parts: the frame
 * decoder (adapters/ffmpeg), the motion detector and the motion event
 * tracker (core, pure), and the camera unit that wires them.
 */

/** One grey frame of the detect stream: `width * height` bytes, row by row, 0 black .. 255 white. */
export interface GreyFrame {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** When the frame was taken, epoch ms (its arrival from the decoder, on the agent's clock). */
  readonly at: number;
}

/** What the detector makes of one frame. */
export interface MotionResult {
  /** Motion regions large enough to count were found (and no global change was under way). */
  readonly motion: boolean;
  /** Union of the motion regions, normalised to the frame; undefined without motion. */
  readonly box: Box | undefined;
  /** Number of motion regions that passed the minimum area. */
  readonly regions: number;
  /** Share of the unmasked picture that changed in those regions (0..1). */
  readonly area: number;
  /** Zones that a motion region overlaps. */
  readonly zones: readonly string[];
  /**
   * A global change (lights, IR switch, exposure) was seen: the detector
   * re-learned its background and reports no motion for this frame.
   */
  readonly recalibrated: boolean;
}

export interface MotionDetectorOptions {
  readonly width: number;
  readonly height: number;
  readonly settings: DetectionSettings;
}

/** One phase of a motion event, as the tracker decides it. */
export interface MotionEventPhase {
  readonly phase: 'start' | 'update' | 'end';
  /** Stable across the event's phases. */
  readonly id: string;
  readonly startedAt: number;
  readonly endedAt?: number;
  /** Union of the motion boxes over the event so far (normalised). */
  readonly box: Box;
  /** Zones entered so far. */
  readonly zones: readonly string[];
  /** Largest changed share of the picture so far (0..1). */
  readonly peakArea: number;
  /**
   * This frame is the event's best so far (its peak): the camera unit takes
   * the snapshot nearest to `peakAt` and sends it with the next phase.
   */
  readonly peakAt: number;
}
