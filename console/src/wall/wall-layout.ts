import { MAX_WALL_LAYOUTS, WALL_SIZES, type LayoutsDocument, type WallLayout, type WallSize } from '@argus/contracts';

/**
 * The Live wall's model: a grid of 1, 4, 9 or 16 tiles, each showing a
 * camera or nothing, changed by the operator's actions (pick a size, drop a
 * camera or another tile onto a tile, pick a camera and click a tile, clear,
 * open one tile in the single view), and the user's saved layouts. Pure:
 * the page keeps the state in a signal and dispatches actions.
 */

export type Tiles = ReadonlyArray<string | null>;

export interface WallState {
  /** Name the layout is saved under. */
  readonly name: string;
  readonly size: WallSize;
  /** Exactly `size` entries, row by row. */
  readonly tiles: Tiles;
  /** Camera picked for click-to-assign (the keyboard path to drag and drop); null when none. */
  readonly armed: string | null;
  /** Tile shown alone with the main stream; null: the grid. */
  readonly focused: number | null;
}

/** What is being dragged: a camera from the list or another tile. */
export type DragSource = { readonly kind: 'camera'; readonly cameraId: string } | { readonly kind: 'tile'; readonly index: number };

export type WallAction =
  | { readonly type: 'size'; readonly size: WallSize }
  | { readonly type: 'drop'; readonly tile: number; readonly source: DragSource }
  | { readonly type: 'arm'; readonly cameraId: string | null }
  | { readonly type: 'tile-click'; readonly tile: number }
  | { readonly type: 'clear'; readonly tile: number }
  | { readonly type: 'focus'; readonly tile: number }
  | { readonly type: 'unfocus' }
  | { readonly type: 'rename'; readonly name: string }
  | { readonly type: 'load'; readonly layout: WallLayout };

export const DEFAULT_LAYOUT_NAME = 'My wall';
export const DEFAULT_WALL_SIZE: WallSize = 4;

export function isWallSize(value: number): value is WallSize {
  return (WALL_SIZES as readonly number[]).includes(value);
}

/** Tiles per row and column. */
export function gridSide(size: WallSize): number {
  return Math.sqrt(size);
}

export function emptyWall(size: WallSize = DEFAULT_WALL_SIZE, name = DEFAULT_LAYOUT_NAME): WallState {
  return { name, size, tiles: Array<string | null>(size).fill(null), armed: null, focused: null };
}

/**
 * The tiles of a grid of another size. Growing keeps every tile where it was
 * and adds empty ones; shrinking keeps the tiles that still fit and moves the
 * cameras of those that do not into empty tiles, in order, dropping only what
 * no longer fits at all.
 */
export function resizeTiles(tiles: Tiles, size: WallSize): Array<string | null> {
  const kept = tiles.slice(0, size);
  while (kept.length < size) kept.push(null);
  const overflow = tiles.slice(size).filter((id): id is string => id !== null);
  for (let i = 0; i < kept.length && overflow.length > 0; i++) {
    if (kept[i] === null) kept[i] = overflow.shift() ?? null;
  }
  return kept;
}

/** Puts `cameraId` in `tile`; a camera shows in one tile at a time, so its other tile empties. */
export function assignTile(tiles: Tiles, tile: number, cameraId: string): Array<string | null> {
  if (tile < 0 || tile >= tiles.length) return [...tiles];
  return tiles.map((id, i) => (i === tile ? cameraId : id === cameraId ? null : id));
}

/** Swaps two tiles (dragging a tile onto another). */
export function swapTiles(tiles: Tiles, from: number, to: number): Array<string | null> {
  const next = [...tiles];
  if (from < 0 || to < 0 || from >= next.length || to >= next.length) return next;
  [next[from], next[to]] = [next[to] ?? null, next[from] ?? null];
  return next;
}

export function wallReducer(state: WallState, action: WallAction): WallState {
  switch (action.type) {
    case 'size':
      if (action.size === state.size) return state;
      return { ...state, size: action.size, tiles: resizeTiles(state.tiles, action.size), focused: null };
    case 'drop': {
      const { source } = action;
      const tiles = source.kind === 'camera' ? assignTile(state.tiles, action.tile, source.cameraId) : swapTiles(state.tiles, source.index, action.tile);
      return { ...state, tiles, armed: null };
    }
    case 'arm':
      return { ...state, armed: action.cameraId === state.armed ? null : action.cameraId };
    case 'tile-click':
      if (state.armed === null) return state;
      return { ...state, tiles: assignTile(state.tiles, action.tile, state.armed), armed: null };
    case 'clear':
      return { ...state, tiles: state.tiles.map((id, i) => (i === action.tile ? null : id)), focused: state.focused === action.tile ? null : state.focused };
    case 'focus':
      return state.tiles[action.tile] == null ? state : { ...state, focused: action.tile, armed: null };
    case 'unfocus':
      return state.focused === null ? state : { ...state, focused: null };
    case 'rename':
      return { ...state, name: action.name };
    case 'load':
      return fromLayout(action.layout);
  }
}

/** A saved layout as a wall (a malformed one is repaired: unknown size → 4, tiles padded or cut). */
export function fromLayout(layout: WallLayout): WallState {
  const size = isWallSize(layout.size) ? layout.size : DEFAULT_WALL_SIZE;
  return { name: layout.name, size, tiles: resizeTiles(layout.tiles, size), armed: null, focused: null };
}

export function toLayout(state: WallState): WallLayout {
  return { name: state.name.trim() === '' ? DEFAULT_LAYOUT_NAME : state.name.trim(), size: state.size, tiles: [...state.tiles] };
}

/** The layout the wall opens with: the last used, else the first saved, else none. */
export function layoutToOpen(document: LayoutsDocument): WallLayout | undefined {
  return document.layouts.find((l) => l.name === document.lastUsed) ?? document.layouts[0];
}

/**
 * The document after saving `layout`: it replaces the layout of the same
 * name (or is added) and becomes the last used. Undefined when a new layout
 * would exceed MAX_WALL_LAYOUTS.
 */
export function withSavedLayout(document: LayoutsDocument, layout: WallLayout): LayoutsDocument | undefined {
  const at = document.layouts.findIndex((l) => l.name === layout.name);
  if (at < 0 && document.layouts.length >= MAX_WALL_LAYOUTS) return undefined;
  const layouts = at < 0 ? [...document.layouts, layout] : document.layouts.map((l, i) => (i === at ? layout : l));
  return { layouts, lastUsed: layout.name };
}

/** The document after removing the layout named `name`. */
export function withoutLayout(document: LayoutsDocument, name: string): LayoutsDocument {
  const layouts = document.layouts.filter((l) => l.name !== name);
  return { layouts, lastUsed: document.lastUsed === name ? (layouts[0]?.name ?? null) : document.lastUsed };
}

/** The DataTransfer types the wall's drags carry. */
export const DRAG_CAMERA_TYPE = 'application/x-argus-camera';
export const DRAG_TILE_TYPE = 'application/x-argus-tile';

/** What a drop carries, read through `getData` (a DataTransfer's); undefined when it is nothing of the wall's. */
export function dragSourceOf(getData: (type: string) => string): DragSource | undefined {
  const cameraId = getData(DRAG_CAMERA_TYPE);
  if (cameraId !== '') return { kind: 'camera', cameraId };
  const tile = getData(DRAG_TILE_TYPE);
  if (/^\d+$/.test(tile)) return { kind: 'tile', index: Number(tile) };
  return undefined;
}
