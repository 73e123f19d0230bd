/**
 * Simulated PTZ head (pure): position in the ONVIF generic spaces (pan and
 * tilt in [-1, 1], zoom in [0, 1]) as a function of time. A continuous move
 * is stored as where it started, its velocity and when it ends, and the
 * position at any time is the integral, clamped at the limits; nothing ticks.
 * All times are ms on one clock the caller chooses.
 */

export interface PtzVector {
  readonly pan: number;
  readonly tilt: number;
  readonly zoom: number;
}

export interface PtzState {
  /** Position at `sinceMs`. */
  readonly origin: PtzVector;
  /** Generic velocity space units ([-1, 1], zoom [-1, 1]); zero when still. */
  readonly velocity: PtzVector;
  readonly sinceMs: number;
  /** When the continuous move stops by itself (its Timeout); Infinity for no limit. */
  readonly untilMs: number;
}

export interface PtzStatus {
  readonly position: PtzVector;
  readonly panTiltMoving: boolean;
  readonly zoomMoving: boolean;
}

export const PTZ_HOME: PtzVector = { pan: 0, tilt: 0, zoom: 0 };
/** Travel per second at full speed, in position units: end to end (2 units) in 2 s for pan/tilt, 0 to 1 in 2 s for zoom. */
export const PTZ_SPEED_PER_S = { panTilt: 1, zoom: 0.5 } as const; // used by positionAt
const STILL: PtzVector = { pan: 0, tilt: 0, zoom: 0 };

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, Number.isFinite(value) ? value : 0));

/** A position forced into the limits. */
export function clampPosition(p: PtzVector): PtzVector {
  return { pan: clamp(p.pan, -1, 1), tilt: clamp(p.tilt, -1, 1), zoom: clamp(p.zoom, 0, 1) };
}

export function initialPtzState(nowMs: number): PtzState {
  return { origin: PTZ_HOME, velocity: STILL, sinceMs: nowMs, untilMs: Infinity };
}

/** Position at `nowMs`: the move integrated up to its timeout, clamped. */
export function positionAt(state: PtzState, nowMs: number): PtzVector {
  const seconds = Math.max(0, Math.min(nowMs, state.untilMs) - state.sinceMs) / 1000;
  return clampPosition({
    pan: state.origin.pan + state.velocity.pan * PTZ_SPEED_PER_S.panTilt * seconds,
    tilt: state.origin.tilt + state.velocity.tilt * PTZ_SPEED_PER_S.panTilt * seconds,
    zoom: state.origin.zoom + state.velocity.zoom * PTZ_SPEED_PER_S.zoom * seconds,
  });
}

/** Moving = a non-zero velocity, the timeout not reached, and not pinned against the limit it pushes towards. */
export function statusAt(state: PtzState, nowMs: number): PtzStatus {
  const position = positionAt(state, nowMs);
  const running = nowMs < state.untilMs;
  const pushing = (value: number, velocity: number, min: number, max: number): boolean =>
    (velocity > 0 && value < max) || (velocity < 0 && value > min);
  return {
    position,
    panTiltMoving: running && (pushing(position.pan, state.velocity.pan, -1, 1) || pushing(position.tilt, state.velocity.tilt, -1, 1)),
    zoomMoving: running && pushing(position.zoom, state.velocity.zoom, 0, 1),
  };
}

/** ContinuousMove: from where the head is now, at `velocity` (clamped to [-1, 1]) until Stop or `timeoutMs`. */
export function continuousMove(state: PtzState, velocity: Partial<PtzVector>, nowMs: number, timeoutMs?: number): PtzState {
  const here = positionAt(state, nowMs);
  const current = nowMs < state.untilMs ? state.velocity : STILL;
  return {
    origin: here,
    // An axis the request leaves out keeps its current motion, as ONVIF says for omitted PanTilt/Zoom.
    velocity: {
      pan: clamp(velocity.pan ?? current.pan, -1, 1),
      tilt: clamp(velocity.tilt ?? current.tilt, -1, 1),
      zoom: clamp(velocity.zoom ?? current.zoom, -1, 1),
    },
    sinceMs: nowMs,
    untilMs: timeoutMs === undefined ? Infinity : nowMs + Math.max(0, timeoutMs),
  };
}

/** Stop: halts pan/tilt, zoom, or both (the default) where they are. */
export function stopMove(state: PtzState, nowMs: number, axes: { panTilt?: boolean; zoom?: boolean } = {}): PtzState {
  const panTilt = axes.panTilt ?? true;
  const zoom = axes.zoom ?? true;
  const here = positionAt(state, nowMs);
  const current = nowMs < state.untilMs ? state.velocity : STILL;
  return {
    origin: here,
    velocity: {
      pan: panTilt ? 0 : current.pan,
      tilt: panTilt ? 0 : current.tilt,
      zoom: zoom ? 0 : current.zoom,
    },
    sinceMs: nowMs,
    untilMs: state.untilMs,
  };
}

/** AbsoluteMove (simplified: the head is there at once). Axes left out stay where they are. */
export function absoluteMove(state: PtzState, target: Partial<PtzVector>, nowMs: number): PtzState {
  const here = positionAt(state, nowMs);
  return {
    origin: clampPosition({ pan: target.pan ?? here.pan, tilt: target.tilt ?? here.tilt, zoom: target.zoom ?? here.zoom }),
    velocity: STILL,
    sinceMs: nowMs,
    untilMs: Infinity,
  };
}

/** RelativeMove (simplified, immediate): adds the translation, clamped. */
export function relativeMove(state: PtzState, translation: Partial<PtzVector>, nowMs: number): PtzState {
  const here = positionAt(state, nowMs);
  return absoluteMove(
    state,
    { pan: here.pan + (translation.pan ?? 0), tilt: here.tilt + (translation.tilt ?? 0), zoom: here.zoom + (translation.zoom ?? 0) },
    nowMs,
  );
}

export function gotoHome(state: PtzState, nowMs: number): PtzState {
  return absoluteMove(state, PTZ_HOME, nowMs);
}

/** A named PTZ position (ONVIF preset). */
export interface PtzPreset {
  readonly token: string;
  readonly name: string;
  readonly position: PtzVector;
}

/** Presets every simulated camera starts with, so a console has something to offer before anyone saves one. */
export const DEFAULT_PTZ_PRESETS: readonly PtzPreset[] = [
  { token: 'preset-1', name: 'Entrance', position: { pan: -0.5, tilt: 0, zoom: 0 } },
  { token: 'preset-2', name: 'Yard', position: { pan: 0.5, tilt: -0.2, zoom: 0.4 } },
];
/** Announced as MaximumNumberOfPresets; SetPreset beyond it is refused. */
export const MAX_PTZ_PRESETS = 16; // used by onvif-ptz

/**
 * SetPreset (pure): stores `position` under `token` (renaming it when `name`
 * is given), or as a new preset with the next free `preset-<n>` token.
 * Returns the new list and the token; undefined when the list is full.
 */
export function savePreset(presets: readonly PtzPreset[], position: PtzVector, name: string | undefined, token: string | undefined): { presets: PtzPreset[]; token: string } | undefined {
  const existing = token === undefined ? undefined : presets.find((p) => p.token === token);
  if (existing) {
    return { presets: presets.map((p) => (p === existing ? { token: p.token, name: name ?? p.name, position } : p)), token: existing.token };
  }
  if (presets.length >= MAX_PTZ_PRESETS) return undefined;
  let n = presets.length + 1;
  const taken = new Set(presets.map((p) => p.token));
  while (taken.has(`preset-${n}`)) n += 1;
  const fresh = token ?? `preset-${n}`;
  return { presets: [...presets, { token: fresh, name: name ?? fresh, position }], token: fresh };
}
