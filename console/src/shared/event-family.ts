import { HEALTH_EVENT_LABELS, OBJECT_LABELS } from '@argus/contracts';

/**
 * How the console groups event labels for drawing: motion, people,
 * vehicles and every other object (animals, bags, …). The timeline's
 * markers, its legend and the Events page's chips share the colours. Pure.
 */

export type EventFamily = 'motion' | 'person' | 'vehicle' | 'other';

type ObjectLabel = (typeof OBJECT_LABELS)[number];

/** Labels drawn as vehicles: the edge tracker's label groups (car/truck/bus, bicycle/motorcycle). */
const VEHICLE_LABELS: ReadonlySet<string> = new Set<ObjectLabel>(['car', 'truck', 'bus', 'bicycle', 'motorcycle']);
const HEALTH_LABELS: ReadonlySet<string> = new Set<string>(HEALTH_EVENT_LABELS);

/** The families in legend order, with their names. */
export const EVENT_FAMILIES: ReadonlyArray<{ readonly family: EventFamily; readonly name: string }> = [
  { family: 'motion', name: 'Motion' },
  { family: 'person', name: 'Person' },
  { family: 'vehicle', name: 'Vehicle' },
  { family: 'other', name: 'Other object' },
];

export function eventFamily(label: string): EventFamily {
  if (label === 'motion') return 'motion';
  if (label === 'person') return 'person';
  return VEHICLE_LABELS.has(label) ? 'vehicle' : 'other';
}

/** Whether an event is about the camera's health (offline, stalled, …), not something it saw. */
export function isHealthEvent(label: string): boolean {
  return HEALTH_LABELS.has(label);
}
