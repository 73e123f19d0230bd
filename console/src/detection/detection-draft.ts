import { DETECTION_LIMITS, NAME_PATTERN, type DetectionPatch, type DetectionSettings, type Point } from '@argus/contracts';

/**
 * The zones and masks editor's state, as a value: the polygons being
 * edited, the one being drawn, the one selected. Every action returns a new
 * draft; `toPatch` turns it into what PUT /api/cameras/:id/detection takes,
 * or says what is wrong first. Points are normalised picture coordinates
 * ([x, y], 0..1 from the top left), as the contracts define them. Pure.
 */

export type ShapeKind = 'zone' | 'mask';

export interface Shape {
  /** Local to the editor: keys and selection. */
  readonly id: number;
  readonly kind: ShapeKind;
  /** A zone's name, reported on events; masks have none. */
  readonly name: string;
  readonly points: readonly Point[];
}

export interface Draft {
  readonly shapes: readonly Shape[];
  /** The polygon being drawn, point by point, until it is closed. */
  readonly drawing: { readonly kind: ShapeKind; readonly points: readonly Point[] } | null;
  readonly selected: number | null;
  readonly nextId: number;
}

/** A polygon needs this many points (the contracts' Polygon minItems) … */
export const MIN_POINTS = 3;
/** … and at most this many (its maxItems). */
export const MAX_POINTS = 64;
/** Points closer than this to the one before are one point (a double click adds two clicks' points first). */
const SAME_POINT = 0.004;

const zoneName = new RegExp(NAME_PATTERN);
const clampUnit = (v: number): number => Math.min(1, Math.max(0, v));
/** Four decimals: a tenth of a pixel on a 4K picture, and short JSON. */
const round = (v: number): number => Math.round(clampUnit(v) * 10_000) / 10_000;
const point = (x: number, y: number): Point => [round(x), round(y)];

export function emptyDraft(): Draft {
  return { shapes: [], drawing: null, selected: null, nextId: 1 };
}

/** The stored settings' zones and masks as an editable draft. */
export function draftFromSettings(settings: Pick<DetectionSettings, 'zones' | 'masks'>): Draft {
  const zones = settings.zones.map((z, i): Shape => ({ id: i + 1, kind: 'zone', name: z.name, points: z.polygon }));
  const masks = settings.masks.map((m, i): Shape => ({ id: zones.length + i + 1, kind: 'mask', name: '', points: m }));
  const shapes = [...zones, ...masks];
  return { shapes, drawing: null, selected: null, nextId: shapes.length + 1 };
}

/** A name for a new zone that no other zone has: "Zone 1", "Zone 2", … */
function freshZoneName(shapes: readonly Shape[]): string {
  const taken = new Set(shapes.filter((s) => s.kind === 'zone').map((s) => s.name));
  for (let n = 1; ; n++) if (!taken.has(`Zone ${n}`)) return `Zone ${n}`;
}

export function startDrawing(draft: Draft, kind: ShapeKind): Draft {
  return { ...draft, drawing: { kind, points: [] }, selected: null };
}

export function cancelDrawing(draft: Draft): Draft {
  return { ...draft, drawing: null };
}

/** Adds a point to the polygon being drawn (nothing while not drawing, or at MAX_POINTS). */
export function addPoint(draft: Draft, x: number, y: number): Draft {
  if (draft.drawing === null || draft.drawing.points.length >= MAX_POINTS) return draft;
  return { ...draft, drawing: { ...draft.drawing, points: [...draft.drawing.points, point(x, y)] } };
}

/** Consecutive points that are one point (and a last point on the first) count once. */
function distinct(points: readonly Point[]): Point[] {
  const near = (a: Point, b: Point): boolean => Math.hypot(a[0] - b[0], a[1] - b[1]) < SAME_POINT;
  const kept: Point[] = [];
  for (const p of points) if (kept.length === 0 || !near(kept[kept.length - 1]!, p)) kept.push(p);
  while (kept.length > 1 && near(kept[0]!, kept[kept.length - 1]!)) kept.pop();
  return kept;
}

/** Whether the polygon being drawn has enough points to close. */
export function canClose(draft: Draft): boolean {
  return draft.drawing !== null && distinct(draft.drawing.points).length >= MIN_POINTS;
}

/** Closes the polygon being drawn into a zone or mask, selected; unchanged when it has too few points. */
export function closeDrawing(draft: Draft): Draft {
  if (draft.drawing === null || !canClose(draft)) return draft;
  const { kind } = draft.drawing;
  const shape: Shape = { id: draft.nextId, kind, name: kind === 'zone' ? freshZoneName(draft.shapes) : '', points: distinct(draft.drawing.points) };
  return { shapes: [...draft.shapes, shape], drawing: null, selected: shape.id, nextId: draft.nextId + 1 };
}

export function select(draft: Draft, id: number | null): Draft {
  return { ...draft, selected: id };
}

export function movePoint(draft: Draft, id: number, index: number, x: number, y: number): Draft {
  return updateShape(draft, id, (s) => ({ ...s, points: s.points.map((p, i) => (i === index ? point(x, y) : p)) }));
}

export function removeShape(draft: Draft, id: number): Draft {
  return { ...draft, shapes: draft.shapes.filter((s) => s.id !== id), selected: draft.selected === id ? null : draft.selected };
}

export function renameShape(draft: Draft, id: number, name: string): Draft {
  return updateShape(draft, id, (s) => ({ ...s, name }));
}

/** Turns a zone into a mask or back; a zone made from a mask gets a fresh name. */
export function setKind(draft: Draft, id: number, kind: ShapeKind): Draft {
  return updateShape(draft, id, (s) => (s.kind === kind ? s : { ...s, kind, name: kind === 'zone' ? freshZoneName(draft.shapes) : '' }));
}

function updateShape(draft: Draft, id: number, change: (shape: Shape) => Shape): Draft {
  return { ...draft, shapes: draft.shapes.map((s) => (s.id === id ? change(s) : s)) };
}

/** A label for a shape in lists and errors: the zone's name, or "Mask N". */
export function shapeLabel(draft: Draft, shape: Shape): string {
  if (shape.kind === 'zone') return shape.name.trim() === '' ? 'Unnamed zone' : shape.name.trim();
  return `Mask ${draft.shapes.filter((s) => s.kind === 'mask').findIndex((s) => s.id === shape.id) + 1}`;
}

export type PatchResult =
  | { readonly ok: true; readonly patch: DetectionPatch }
  /** What to fix before saving, and which shape (when one is at fault). */
  | { readonly ok: false; readonly problem: string; readonly shapeId?: number };

/** The draft and the two switches as a detection patch, or the first thing to fix. */
export function toPatch(draft: Draft, options: { enabled: boolean; sensitivity: number }): PatchResult {
  if (draft.drawing !== null && draft.drawing.points.length > 0) return { ok: false, problem: 'Close or cancel the polygon being drawn first' };
  const zones = draft.shapes.filter((s) => s.kind === 'zone');
  const masks = draft.shapes.filter((s) => s.kind === 'mask');
  if (zones.length > DETECTION_LIMITS.zones) return { ok: false, problem: `At most ${DETECTION_LIMITS.zones} zones` };
  if (masks.length > DETECTION_LIMITS.masks) return { ok: false, problem: `At most ${DETECTION_LIMITS.masks} masks` };
  const seen = new Set<string>();
  for (const zone of zones) {
    const name = zone.name.trim();
    if (!zoneName.test(name)) {
      return { ok: false, shapeId: zone.id, problem: `Zone name "${name}" must start with a letter or digit and hold only letters, digits, spaces, _ . - (64 at most)` };
    }
    if (seen.has(name)) return { ok: false, shapeId: zone.id, problem: `Two zones are named "${name}"` };
    seen.add(name);
  }
  return {
    ok: true,
    patch: {
      enabled: options.enabled,
      sensitivity: Math.round(clampUnit(options.sensitivity) * 100) / 100,
      zones: zones.map((z) => ({ name: z.name.trim(), polygon: [...z.points] })),
      masks: masks.map((m) => [...m.points]),
    },
  };
}
