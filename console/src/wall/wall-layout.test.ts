import { describe, expect, it } from 'vitest';
import { MAX_WALL_LAYOUTS, type LayoutsDocument } from '@argus/contracts';
import {
  DRAG_CAMERA_TYPE,
  DRAG_TILE_TYPE,
  dragSourceOf,
  emptyWall,
  fromLayout,
  gridSide,
  layoutToOpen,
  resizeTiles,
  toLayout,
  wallReducer,
  withSavedLayout,
  withoutLayout,
  type WallAction,
  type WallState,
} from './wall-layout.js';

const run = (state: WallState, ...actions: WallAction[]): WallState => actions.reduce(wallReducer, state);

describe('wall layout', () => {
  it('has square grids of 1, 4, 9 and 16 tiles', () => {
    expect([1, 4, 9, 16].map((n) => gridSide(n as 1 | 4 | 9 | 16))).toEqual([1, 2, 3, 4]);
    expect(emptyWall(9).tiles).toEqual(Array(9).fill(null));
  });

  it('keeps tiles in place when growing and moves cameras that no longer fit into empty tiles when shrinking', () => {
    expect(resizeTiles(['a', null, 'b', null], 9)).toEqual(['a', null, 'b', null, null, null, null, null, null]);
    expect(resizeTiles(['a', null, 'b', null, 'c', 'd', null, null, null], 4)).toEqual(['a', 'c', 'b', 'd']);
    expect(resizeTiles(['a', 'b', 'c', 'd'], 1)).toEqual(['a']);
  });

  it('drops a camera onto a tile, moving it out of the tile it was in', () => {
    const wall = run(emptyWall(4), { type: 'drop', tile: 0, source: { kind: 'camera', cameraId: 'cam-1' } });
    expect(wall.tiles).toEqual(['cam-1', null, null, null]);
    expect(run(wall, { type: 'drop', tile: 3, source: { kind: 'camera', cameraId: 'cam-1' } }).tiles).toEqual([null, null, null, 'cam-1']);
  });

  it('swaps two tiles when one is dragged onto the other', () => {
    const wall = { ...emptyWall(4), tiles: ['a', 'b', null, null] };
    expect(run(wall, { type: 'drop', tile: 2, source: { kind: 'tile', index: 0 } }).tiles).toEqual([null, 'b', 'a', null]);
    expect(run(wall, { type: 'drop', tile: 1, source: { kind: 'tile', index: 0 } }).tiles).toEqual(['b', 'a', null, null]);
  });

  it('assigns by picking a camera and then clicking a tile; picking it again cancels', () => {
    const armed = run(emptyWall(4), { type: 'arm', cameraId: 'cam-2' });
    expect(armed.armed).toBe('cam-2');
    const assigned = run(armed, { type: 'tile-click', tile: 1 });
    expect(assigned).toMatchObject({ tiles: [null, 'cam-2', null, null], armed: null });
    expect(run(assigned, { type: 'tile-click', tile: 2 })).toBe(assigned);
    expect(run(armed, { type: 'arm', cameraId: 'cam-2' }).armed).toBeNull();
  });

  it('opens only a tile with a camera in the single view, and closes it when that tile is cleared or the grid resized', () => {
    const wall = { ...emptyWall(4), tiles: ['a', null, null, null] };
    expect(run(wall, { type: 'focus', tile: 1 }).focused).toBeNull();
    const focused = run(wall, { type: 'focus', tile: 0 });
    expect(focused.focused).toBe(0);
    expect(run(focused, { type: 'unfocus' }).focused).toBeNull();
    expect(run(focused, { type: 'clear', tile: 0 })).toMatchObject({ focused: null, tiles: [null, null, null, null] });
    expect(run(focused, { type: 'size', size: 9 }).focused).toBeNull();
  });

  it('round-trips a layout and repairs a malformed one', () => {
    const wall = run(emptyWall(4, ' Lobby '), { type: 'drop', tile: 2, source: { kind: 'camera', cameraId: 'x' } });
    expect(toLayout(wall)).toEqual({ name: 'Lobby', size: 4, tiles: [null, null, 'x', null] });
    expect(fromLayout({ name: 'L', size: 4, tiles: ['a'] }).tiles).toEqual(['a', null, null, null]);
    expect(fromLayout({ name: 'L', size: 5 as 4, tiles: [] }).size).toBe(4);
  });

  it('opens the last used layout, else the first, and saves by name', () => {
    const doc: LayoutsDocument = { layouts: [{ name: 'A', size: 1, tiles: [null] }, { name: 'B', size: 4, tiles: [null, null, null, null] }], lastUsed: 'B' };
    expect(layoutToOpen(doc)?.name).toBe('B');
    expect(layoutToOpen({ ...doc, lastUsed: null })?.name).toBe('A');
    expect(layoutToOpen({ layouts: [], lastUsed: null })).toBeUndefined();

    const replaced = withSavedLayout(doc, { name: 'A', size: 1, tiles: ['cam-1'] });
    expect(replaced).toEqual({ layouts: [{ name: 'A', size: 1, tiles: ['cam-1'] }, doc.layouts[1]], lastUsed: 'A' });
    expect(withSavedLayout(doc, { name: 'C', size: 1, tiles: [null] })?.layouts.map((l) => l.name)).toEqual(['A', 'B', 'C']);
    const full: LayoutsDocument = { layouts: Array.from({ length: MAX_WALL_LAYOUTS }, (_, i) => ({ name: `L${i}`, size: 1, tiles: [null] })), lastUsed: null };
    expect(withSavedLayout(full, { name: 'one more', size: 1, tiles: [null] })).toBeUndefined();
    expect(withSavedLayout(full, { name: 'L3', size: 1, tiles: ['x'] })?.layouts).toHaveLength(MAX_WALL_LAYOUTS);
    expect(withoutLayout(doc, 'B')).toEqual({ layouts: [doc.layouts[0]], lastUsed: 'A' });
  });

  it('reads what a drop carries', () => {
    const data = (values: Record<string, string>) => (type: string) => values[type] ?? '';
    expect(dragSourceOf(data({ [DRAG_CAMERA_TYPE]: 'cam-1' }))).toEqual({ kind: 'camera', cameraId: 'cam-1' });
    expect(dragSourceOf(data({ [DRAG_TILE_TYPE]: '3' }))).toEqual({ kind: 'tile', index: 3 });
    expect(dragSourceOf(data({ 'text/plain': 'hello' }))).toBeUndefined();
  });
});
