import { SIM_ERRORS, simError } from '../simulator-errors.js';

/**
 * A synthetic scene, declared as data (the JSON files in `simulators/scenes/`
 * or an object): a static textured background, objects moving along
 * keyframed paths, and global light changes. Coordinates are pixels of the
 * script's own canvas (top-left origin); times are seconds from the start of
 * the loop. Pure: validation and scaling only, no I/O.
 */
export interface SceneScript {
  readonly name: string;
  readonly description?: string;
  readonly width: number;
  readonly height: number;
  /** Integer frames per second. */
  readonly fps: number;
  /** Length of one loop, seconds. */
  readonly durationSec: number;
  readonly background: SceneBackground;
  /** Static rectangles drawn on the background (parking bay lines, doors): scenery, not objects. */
  readonly scenery?: readonly SceneRect[];
  readonly objects: readonly SceneObject[];
  readonly light?: readonly LightChange[];
}

export interface SceneBackground {
  /** Base colour, `#rrggbb`. */
  readonly color: string;
  /** Luma variation of the static texture, 0..100 (default 30, used by scene-graph). */
  readonly texture?: number;
  /** Texture cells across the width; fewer cells give a blotchier surface (default 48, used by scene-graph). */
  readonly grain?: number;
  /** Temporal sensor noise strength, 0..30 (default 3, used by scene-graph); 0 gives a perfectly still background. */
  readonly noise?: number;
}

export interface SceneRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly color: string;
}

/** One waypoint: the box's top-left corner at time `t`. */
export interface Waypoint {
  readonly t: number;
  readonly x: number;
  readonly y: number;
}

/**
 * A moving object: a filled box that exists from the first waypoint's time
 * until (exclusive) the last one's, moving linearly between waypoints. Two
 * consecutive waypoints at the same place make it stop there.
 */
export interface SceneObject {
  readonly id: string;
  /** What a detector should call it: `person`, `car`, ... */
  readonly label: string;
  readonly color: string;
  readonly width: number;
  readonly height: number;
  readonly path: readonly Waypoint[];
}

/**
 * Abrupt IR switch (picture turns grey and brighter / back to colour), a
 * gradual dimming, or an abrupt light switch (the whole picture's
 * brightness, contrast and gamma jump to new values until the next switch).
 */
export type LightChange =
  | { readonly kind: 'ir-on' | 'ir-off'; readonly atSec: number }
  | {
      readonly kind: 'dim';
      readonly fromSec: number;
      readonly toSec: number;
      /** Brightness change reached at `toSec` and kept after it, -1..1 (ffmpeg eq units; -0.3 is dusk). */
      readonly brightness: number;
      /** Contrast reached at `toSec` and kept, 0.1..3 (ffmpeg eq units; default 1, unchanged). Less light means less contrast too. */
      readonly contrast?: number;
    }
  | {
      readonly kind: 'switch';
      readonly atSec: number;
      /** The picture's light from `atSec` until the next switch (ffmpeg eq units): brightness -1..1, contrast 0.1..3, gamma 0.1..10. `0, 1, 1` is the original light. */
      readonly brightness: number;
      readonly contrast?: number;
      readonly gamma?: number;
    };

/** Overrides of a script's canvas: positions and sizes scale with the canvas, times stay. */
export interface SceneCanvasOverrides {
  readonly width?: number;
  readonly height?: number;
  readonly fps?: number;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Checks a parsed JSON value against the script schema and returns it typed.
 * Throws SIM_ERR_SCENE_INVALID naming the first bad field (`origin` says
 * which file or name it came from).
 */
export function parseSceneScript(value: unknown, origin: string): SceneScript {
  const fail = (message: string): never => {
    throw simError(SIM_ERRORS.sceneInvalid, `scene script ${origin}: ${message}`);
  };
  const obj = (v: unknown, where: string): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(`${where} must be an object`);
  const num = (v: unknown, where: string, min: number, max: number): number =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fail(`${where} must be a number from ${min} to ${max}`);
  const int = (v: unknown, where: string, min: number, max: number): number =>
    Number.isInteger(num(v, where, min, max)) ? (v as number) : fail(`${where} must be an integer`);
  const color = (v: unknown, where: string): string => (typeof v === 'string' && COLOR.test(v) ? v : fail(`${where} must be a #rrggbb colour`));
  const list = (v: unknown, where: string): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : fail(`${where} must be an array`));

  const root = obj(value, 'the script');
  const name = typeof root.name === 'string' && ID.test(root.name) ? root.name : fail('name must be a slug');
  const width = int(root.width, 'width', 16, 7680);
  const height = int(root.height, 'height', 16, 4320);
  if (width % 2 !== 0 || height % 2 !== 0) fail('width and height must be even (yuv420p)');
  const fps = int(root.fps, 'fps', 1, 120);
  const durationSec = num(root.durationSec, 'durationSec', 1, 3600);
  const bg = obj(root.background, 'background');
  const background: SceneBackground = {
    color: color(bg.color, 'background.color'),
    ...(bg.texture === undefined ? {} : { texture: num(bg.texture, 'background.texture', 0, 100) }),
    ...(bg.grain === undefined ? {} : { grain: int(bg.grain, 'background.grain', 2, 512) }),
    ...(bg.noise === undefined ? {} : { noise: num(bg.noise, 'background.noise', 0, 30) }),
  };
  const rect = (v: unknown, where: string): SceneRect => {
    const r = obj(v, where);
    return {
      x: num(r.x, `${where}.x`, -width, 2 * width),
      y: num(r.y, `${where}.y`, -height, 2 * height),
      w: num(r.w, `${where}.w`, 1, 2 * width),
      h: num(r.h, `${where}.h`, 1, 2 * height),
      color: color(r.color, `${where}.color`),
    };
  };
  const scenery = list(root.scenery, 'scenery').map((r, i) => rect(r, `scenery[${i}]`));
  const ids = new Set<string>();
  const objects = list(root.objects, 'objects').map((v, i): SceneObject => {
    const where = `objects[${i}]`;
    const o = obj(v, where);
    const id = typeof o.id === 'string' && ID.test(o.id) ? o.id : fail(`${where}.id must be a slug`);
    if (ids.has(id)) fail(`object id ${id} is used twice`);
    ids.add(id);
    const label = typeof o.label === 'string' && o.label.length > 0 ? o.label : fail(`${where}.label must be a non-empty string`);
    const path = list(o.path, `${where}.path`).map((p, j): Waypoint => {
      const w = obj(p, `${where}.path[${j}]`);
      return {
        t: num(w.t, `${where}.path[${j}].t`, 0, durationSec),
        x: num(w.x, `${where}.path[${j}].x`, -4 * width, 4 * width),
        y: num(w.y, `${where}.path[${j}].y`, -4 * height, 4 * height),
      };
    });
    if (path.length < 2) fail(`${where}.path needs at least two waypoints (appear and leave)`);
    for (let j = 1; j < path.length; j++) if (path[j]!.t < path[j - 1]!.t) fail(`${where}.path times must not decrease`);
    return {
      id,
      label,
      color: color(o.color, `${where}.color`),
      width: num(o.width, `${where}.width`, 2, width),
      height: num(o.height, `${where}.height`, 2, height),
      path,
    };
  });
  const light = list(root.light, 'light').map((v, i): LightChange => {
    const where = `light[${i}]`;
    const l = obj(v, where);
    if (l.kind === 'ir-on' || l.kind === 'ir-off') return { kind: l.kind, atSec: num(l.atSec, `${where}.atSec`, 0, durationSec) };
    if (l.kind === 'dim') {
      const fromSec = num(l.fromSec, `${where}.fromSec`, 0, durationSec);
      const toSec = num(l.toSec, `${where}.toSec`, fromSec, durationSec);
      return {
        kind: 'dim',
        fromSec,
        toSec,
        brightness: num(l.brightness, `${where}.brightness`, -1, 1),
        ...(l.contrast === undefined ? {} : { contrast: num(l.contrast, `${where}.contrast`, 0.1, 3) }),
      };
    }
    if (l.kind === 'switch') {
      return {
        kind: 'switch',
        atSec: num(l.atSec, `${where}.atSec`, 0, durationSec),
        brightness: num(l.brightness, `${where}.brightness`, -1, 1),
        ...(l.contrast === undefined ? {} : { contrast: num(l.contrast, `${where}.contrast`, 0.1, 3) }),
        ...(l.gamma === undefined ? {} : { gamma: num(l.gamma, `${where}.gamma`, 0.1, 10) }),
      };
    }
    return fail(`${where}.kind must be ir-on, ir-off, dim or switch`);
  });
  return {
    name,
    ...(typeof root.description === 'string' ? { description: root.description } : {}),
    width,
    height,
    fps,
    durationSec,
    background,
    scenery,
    objects,
    light,
  };
}

/** Even, at least 2: yuv420p planes and overlay positions need even sizes. */
function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

/**
 * The script on another canvas: positions and sizes scale with width and
 * height (sizes rounded to even), times stay, fps changes the sampling only.
 * Without overrides the script is returned unchanged.
 */
export function scaleSceneScript(script: SceneScript, overrides: SceneCanvasOverrides = {}): SceneScript {
  const width = overrides.width ?? script.width;
  const height = overrides.height ?? script.height;
  const fps = overrides.fps ?? script.fps;
  if (width === script.width && height === script.height && fps === script.fps) return script;
  if (width % 2 !== 0 || height % 2 !== 0 || !Number.isInteger(fps) || fps < 1) {
    throw simError(SIM_ERRORS.config, `scene ${script.name}: canvas override must have even width/height and an integer fps`);
  }
  const sx = width / script.width;
  const sy = height / script.height;
  return {
    ...script,
    width,
    height,
    fps,
    scenery: (script.scenery ?? []).map((r) => ({ ...r, x: r.x * sx, y: r.y * sy, w: Math.max(1, Math.round(r.w * sx)), h: Math.max(1, Math.round(r.h * sy)) })),
    objects: script.objects.map((o) => ({
      ...o,
      width: even(o.width * sx),
      height: even(o.height * sy),
      path: o.path.map((p) => ({ t: p.t, x: p.x * sx, y: p.y * sy })),
    })),
  };
}
