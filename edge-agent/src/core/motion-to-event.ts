import type { DetectionEvent, StreamName } from '@argus/core';
import type { MotionEventPhase } from './motion-types.js';

/** Label of motion events (docs/edge-agent.md, "Events"). */
export const MOTION_LABEL = 'motion';

/**
 * A phase of a motion event as the cloud takes it (core/src/event.ts): the
 * tracker's id, union box and zones; score 1 (motion that became an event
 * is certain: how much moved is `peakArea`); `peakArea` (share of the
 * unmasked picture, 4 decimals) and `peakAt` (ISO 8601) as attributes; the
 * best snapshot's key when there is one. Pure.
 */
export function motionEvent(phase: MotionEventPhase, input: { readonly cameraId: string; readonly stream: StreamName; readonly snapshotKey?: string | undefined }): DetectionEvent {
  return {
    id: phase.id,
    phase: phase.phase,
    cameraId: input.cameraId,
    stream: input.stream,
    label: MOTION_LABEL,
    score: 1,
    box: clampBox(phase.box),
    zones: [...phase.zones],
    attributes: { peakArea: phase.peakArea.toFixed(4), peakAt: new Date(phase.peakAt).toISOString() },
    startedAt: phase.startedAt,
    ...(phase.endedAt === undefined ? {} : { endedAt: phase.endedAt }),
    ...(input.snapshotKey === undefined ? {} : { snapshotKey: input.snapshotKey }),
  };
}

const unit = (v: number): number => Math.min(1, Math.max(0, Math.round(v * 10_000) / 10_000));

/** The box within the picture, 4 decimals (the cloud refuses values outside 0..1). */
function clampBox(box: MotionEventPhase['box']): NonNullable<DetectionEvent['box']> {
  const x = unit(box.x);
  const y = unit(box.y);
  return { x, y, width: Math.min(unit(box.width), 1 - x), height: Math.min(unit(box.height), 1 - y) };
}
