import { Type, type Static } from 'typebox';
import { Slug } from './common.schemas.js';

/**
 * The Live wall's saved layouts, kept per user (GET/PUT /api/me/layouts):
 * a named grid of 1, 4, 9 or 16 tiles, each showing a camera or nothing,
 * and which layout the user last had open.
 */

/** Tiles a wall may show: 1×1, 2×2, 3×3, 4×4. */
export const WALL_SIZES = [1, 4, 9, 16] as const;
export type WallSize = (typeof WALL_SIZES)[number];
/** Most layouts one user may keep; used by the layouts route and the console's save button. */
export const MAX_WALL_LAYOUTS = 20;
export const WALL_LAYOUT_NAME_MAX = 60;

export const WallLayout = Type.Object({
  name: Type.String({ minLength: 1, maxLength: WALL_LAYOUT_NAME_MAX }),
  size: Type.Union([Type.Literal(1), Type.Literal(4), Type.Literal(9), Type.Literal(16)]), // WALL_SIZES
  /** One entry per tile, row by row: a camera id or null for an empty tile. Exactly `size` entries. */
  tiles: Type.Array(Type.Union([Type.Null(), Slug]), { maxItems: 16 }),
}, { additionalProperties: false });
export type WallLayout = Static<typeof WallLayout>;

export const LayoutsDocument = Type.Object({
  layouts: Type.Array(WallLayout, { maxItems: MAX_WALL_LAYOUTS }),
  /** Name of the layout the wall opens with; null: none yet. */
  // Null first: the cloud's validator coerces types, and would turn null into "" for a string tried first.
  lastUsed: Type.Union([Type.Null(), Type.String({ maxLength: WALL_LAYOUT_NAME_MAX })]),
}, { additionalProperties: false });
export type LayoutsDocument = Static<typeof LayoutsDocument>;

export const EMPTY_LAYOUTS: LayoutsDocument = Object.freeze({ layouts: [], lastUsed: null }) as LayoutsDocument;
