import type { AlertRecord, CameraSummary, EventRecord } from '@argus/contracts';
import type { PlayerState } from '../player/create-player.js';

/**
 * What a Live wall tile shows, from what is known about its camera: the
 * camera list (GET /api/cameras, polled), health events from the live
 * channel (`camera-offline`, `camera-frozen`, `camera-stalled`), the tile's
 * player, and whether its picture still moves. Also which tiles a live
 * alert highlights. Pure, with the time passed in.
 */

export type TileStatus = 'empty' | 'loading' | 'playing' | 'offline' | 'frozen' | 'no-permission' | 'error';

export const TILE_STATUS_LABEL: Record<TileStatus, string> = {
  empty: 'Drop a camera here',
  loading: 'Connecting…',
  playing: 'Live',
  offline: 'Camera offline',
  frozen: 'Picture frozen',
  'no-permission': 'No permission to view this camera',
  error: 'Live view failed',
};

/** A picture whose time has not moved for this long (ms) while playing counts as frozen; used by wall-tile. */
export const FROZEN_AFTER_MS = 6_000;
/** How long (ms) a live alert highlights its camera's tile; used by the wall page. */
export const ALERT_HIGHLIGHT_MS = 30_000;

/** Health of a camera according to its open health events. */
export interface CameraHealth {
  readonly offline: boolean;
  readonly frozen: boolean;
}

export type HealthByCamera = ReadonlyMap<string, CameraHealth>;

const HEALTH_FLAGS: Readonly<Record<string, keyof CameraHealth>> = {
  'camera-offline': 'offline',
  'camera-frozen': 'frozen',
  // The camera delivers no new frames: the same thing as far as a viewer can tell.
  'camera-stalled': 'frozen',
};

/** The health map after one event: a start or update raises the flag, an end clears it; other events change nothing. */
export function applyHealthEvent(health: HealthByCamera, event: Pick<EventRecord, 'cameraId' | 'label' | 'phase'>): HealthByCamera {
  const flag = HEALTH_FLAGS[event.label];
  if (flag === undefined || event.cameraId === null) return health;
  const current = health.get(event.cameraId) ?? { offline: false, frozen: false };
  const value = event.phase !== 'end';
  if (current[flag] === value) return health;
  const next = new Map(health);
  next.set(event.cameraId, { ...current, [flag]: value });
  return next;
}

/** The health labels a tile follows (HEALTH_EVENT_LABELS that concern one camera's picture). */
export const TILE_HEALTH_LABELS: readonly string[] = Object.keys(HEALTH_FLAGS);

/**
 * The health map with the events still open when the wall opened
 * (GET /api/events?from=now lists those): each raises its flag; ended ones
 * change nothing, since live messages since then may already have cleared it.
 */
export function withOpenHealthEvents(health: HealthByCamera, events: ReadonlyArray<Pick<EventRecord, 'cameraId' | 'label' | 'endedAt'>>): HealthByCamera {
  return events.reduce((map, event) => (event.endedAt === null ? applyHealthEvent(map, { ...event, phase: 'start' }) : map), health);
}

export interface TileInputs {
  readonly cameraId: string | null;
  /** The camera list; null before its first answer. */
  readonly cameras: readonly CameraSummary[] | null;
  readonly health: CameraHealth | undefined;
  readonly player: PlayerState;
  /** Playing, but the picture's time has not moved for FROZEN_AFTER_MS. */
  readonly stalled: boolean;
}

const FORBIDDEN_CODES = new Set(['CLD_ERR_FORBIDDEN', 'CLD_ERR_CAMERA_NOT_FOUND']);

export function tileStatus(inputs: TileInputs): TileStatus {
  const { cameraId, cameras, health, player } = inputs;
  if (cameraId === null) return 'empty';
  // GET /api/cameras lists only the caller's cameras: one missing from it (another site's, or gone) is not the caller's to watch.
  const camera = cameras?.find((c) => c.id === cameraId);
  if ((cameras !== null && camera === undefined) || (player.name === 'error' && player.code !== undefined && FORBIDDEN_CODES.has(player.code))) return 'no-permission';
  if (health?.offline === true) return 'offline';
  // The list's online flag follows recording, which lags the push: a playing picture is proof enough.
  if (camera !== undefined && !camera.online && player.name !== 'playing') return 'offline';
  if (health?.frozen === true || (inputs.stalled && player.name === 'playing')) return 'frozen';
  if (player.name === 'error' || player.name === 'no-recording') return 'error';
  return player.name === 'playing' ? 'playing' : 'loading';
}

/** Progress of a picture: the media time last seen and when it last moved (epoch ms). */
export interface Progress {
  readonly mediaTime: number;
  readonly movedAt: number;
}

export function trackProgress(previous: Progress | undefined, mediaTime: number, now: number): Progress {
  if (previous === undefined || mediaTime !== previous.mediaTime) return { mediaTime, movedAt: now };
  return previous;
}

export function isStalled(progress: Progress | undefined, now: number, afterMs = FROZEN_AFTER_MS): boolean {
  return progress !== undefined && now - progress.movedAt >= afterMs;
}

/** Highlight deadlines (epoch ms) by camera id. */
export type Highlights = ReadonlyMap<string, number>;

/** An alert that opened highlights its camera's tile until now + ALERT_HIGHLIGHT_MS; acknowledging or resolving it ends that. */
export function applyAlert(highlights: Highlights, alert: Pick<AlertRecord, 'cameraId' | 'state'>, now: number): Highlights {
  if (alert.cameraId === null) return highlights;
  const next = new Map(highlights);
  if (alert.state === 'open') next.set(alert.cameraId, now + ALERT_HIGHLIGHT_MS);
  else next.delete(alert.cameraId);
  return next;
}

export function isHighlighted(highlights: Highlights, cameraId: string | null, now: number): boolean {
  if (cameraId === null) return false;
  const until = highlights.get(cameraId);
  return until !== undefined && until > now;
}
