import type { Box, DetectionEvent, StreamName } from '@argus/core';
import type { ObjectEventPhase } from './object-types.js';

/**
 * A phase of an object event as the cloud takes it (core/src/event.ts): the
 * tracked object's id and label, its best score, latest box, path and zones;
 * as attributes its dwell time in seconds (`dwellSeconds`, one decimal),
 * whether it is stationary (`stationary`: `true`/`false`) and its dominant
 * colour (`color`, core/colour-name.ts) once known; the best snapshot's key
 * when there is one. Pure.
 */
export function objectEvent(
  phase: ObjectEventPhase,
  input: { readonly cameraId: string; readonly stream: StreamName; readonly snapshotKey?: string | undefined; readonly color?: string | undefined },
): DetectionEvent {
  return {
    id: phase.id,
    phase: phase.phase,
    cameraId: input.cameraId,
    stream: input.stream,
    label: phase.label,
    score: Math.round(Math.min(1, Math.max(0, phase.maxScore)) * 10_000) / 10_000,
    box: clampBox(phase.box),
    zones: [...phase.zones],
    attributes: {
      dwellSeconds: (phase.dwellMs / 1000).toFixed(1),
      stationary: String(phase.stationary),
      ...(input.color === undefined ? {} : { color: input.color }),
    },
    path: phase.path.map((p) => ({ at: Math.round(p.at), box: clampBox(p.box) })),
    startedAt: phase.startedAt,
    ...(phase.endedAt === undefined ? {} : { endedAt: phase.endedAt }),
    ...(input.snapshotKey === undefined ? {} : { snapshotKey: input.snapshotKey }),
  };
}

const unit = (v: number): number => Math.min(1, Math.max(0, Math.round(v * 10_000) / 10_000));

/** The box within the picture, 4 decimals (the cloud refuses values outside 0..1). */
export function clampBox(box: Box): Box {
  const x0 = unit(box.x);
  const y0 = unit(box.y);
  const x1 = unit(box.x + box.width);
  const y1 = unit(box.y + box.height);
  return { x: x0, y: y0, width: Math.max(0, unit(x1 - x0)), height: Math.max(0, unit(y1 - y0)) };
}
