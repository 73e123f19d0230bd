import type { EventRecord, PathPoint } from '@argus/contracts';

/**
 * What the Events page writes about an event: its score as a percentage,
 * how long it lasted, the object's colour and dwell (from the attributes
 * the edge's object events carry), and the centres of its path's boxes for
 * the overlay. Pure.
 */

/** An object's best score as "87 %"; null for motion (the edge gives every motion event 1) and events without one. */
export function formatScore(event: { readonly label: string; readonly score: number | null }): string | null {
  return event.score === null || event.label === 'motion' ? null : `${Math.round(event.score * 100)} %`;
}

/** "4 s", "2 min 5 s", "1 h 3 min": a duration in seconds, coarsened as it grows. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  const minutes = Math.round(s / 60);
  return minutes % 60 === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** How long the event lasted, or "ongoing" while it has not ended. */
export function formatEventDuration(event: Pick<EventRecord, 'startedAt' | 'endedAt'>): string {
  if (event.endedAt === null) return 'ongoing';
  return formatSeconds((Date.parse(event.endedAt) - Date.parse(event.startedAt)) / 1000);
}

export interface ObjectDetails {
  /** The object's dominant colour name ("red", "white", …), when the edge named one. */
  readonly color: string | undefined;
  /** How long the object stayed in view, formatted, when reported. */
  readonly dwell: string | undefined;
  /** Whether it stood still (a parked car), when reported. */
  readonly stationary: boolean | undefined;
}

/** The object attributes of an event (attributes `color`, `dwellSeconds`, `stationary`); all undefined for motion. */
export function objectDetails(attributes: Readonly<Record<string, string>>): ObjectDetails {
  const color = attributes['color']?.trim();
  const dwellSeconds = Number(attributes['dwellSeconds']);
  const stationary = attributes['stationary'];
  return {
    color: color === undefined || color === '' ? undefined : color,
    dwell: attributes['dwellSeconds'] === undefined || !Number.isFinite(dwellSeconds) ? undefined : formatSeconds(dwellSeconds),
    stationary: stationary === 'true' ? true : stationary === 'false' ? false : undefined,
  };
}

/** The centres of the path's boxes ([x, y], 0..1 of the picture), oldest first; empty for events without a path. */
export function pathCentres(path: readonly PathPoint[]): Array<readonly [number, number]> {
  return path.map((p) => [p.box.x + p.box.width / 2, p.box.y + p.box.height / 2] as const);
}
