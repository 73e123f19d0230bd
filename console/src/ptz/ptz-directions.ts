/** The PTZ pad's buttons (pure data): what each moves, at which velocity (ONVIF generic space, -1..1). */
export interface PtzDirection {
  readonly id: 'up' | 'down' | 'left' | 'right' | 'zoom-in' | 'zoom-out';
  readonly label: string;
  readonly symbol: string;
  readonly velocity: { readonly x: number; readonly y: number; readonly zoom: number };
}

/** Half speed: a held button sweeps the view without overshooting what the operator follows. */
const SPEED = 0.5; // used by PTZ_DIRECTIONS

export const PTZ_DIRECTIONS: readonly PtzDirection[] = [
  { id: 'up', label: 'Tilt up', symbol: '▲', velocity: { x: 0, y: SPEED, zoom: 0 } },
  { id: 'left', label: 'Pan left', symbol: '◀', velocity: { x: -SPEED, y: 0, zoom: 0 } },
  { id: 'right', label: 'Pan right', symbol: '▶', velocity: { x: SPEED, y: 0, zoom: 0 } },
  { id: 'down', label: 'Tilt down', symbol: '▼', velocity: { x: 0, y: -SPEED, zoom: 0 } },
  { id: 'zoom-in', label: 'Zoom in', symbol: '+', velocity: { x: 0, y: 0, zoom: SPEED } },
  { id: 'zoom-out', label: 'Zoom out', symbol: '−', velocity: { x: 0, y: 0, zoom: -SPEED } },
];

/**
 * Every move asks the camera to stop by itself after this long (ms): if the
 * release never reaches the camera (tab closed, network gone), the head does
 * not run to its end stop.
 */
export const PTZ_SAFETY_TIMEOUT_MS = 10_000; // used by ptz-pad
