import type { SceneObject } from './scene-script.js';

/**
 * Where an object is at each frame: the one definition both the ffmpeg graph
 * (scene-graph.ts, as an expression) and the ground truth (ground-truth.ts,
 * as numbers) are built from, so the two cannot disagree. Everything is in
 * frame numbers: waypoint times are snapped to the nearest frame once, which
 * avoids float comparisons of `t` at interval ends.
 */

/** A waypoint snapped to a frame number. */
export interface FrameWaypoint {
  readonly frame: number;
  readonly x: number;
  readonly y: number;
}

/** Frame number of a time in seconds (nearest frame). */
export function frameOfSec(sec: number, fps: number): number {
  return Math.round(sec * fps);
}

/** Box size as rendered: even (yuv420p overlay), at least 2. */
export function objectSize(object: Pick<SceneObject, 'width' | 'height'>): { w: number; h: number } {
  return { w: Math.max(2, Math.round(object.width / 2) * 2), h: Math.max(2, Math.round(object.height / 2) * 2) };
}

export function frameWaypoints(object: SceneObject, fps: number): FrameWaypoint[] {
  return object.path.map((p) => ({ frame: frameOfSec(p.t, fps), x: p.x, y: p.y }));
}

/** Frames [first, end) in which the object is drawn: from its first waypoint until (exclusive) its last. */
export function drawnFrames(waypoints: readonly FrameWaypoint[]): { first: number; end: number } {
  return { first: waypoints[0]!.frame, end: waypoints.at(-1)!.frame };
}

/**
 * Segment index holding frame `n`: segment i runs over frames [w[i].frame, w[i+1].frame).
 * Zero-length segments (two waypoints on one frame: a jump) are never chosen.
 */
export function segmentAt(waypoints: readonly FrameWaypoint[], n: number): number {
  for (let i = 0; i < waypoints.length - 1; i++) if (n < waypoints[i + 1]!.frame) return i;
  return waypoints.length - 2;
}

/**
 * Unsnapped position on segment i at frame n. Written exactly as the ffmpeg
 * expression computes it (`x0+(x1-x0)*(n-f0)/(f1-f0)`, left to right, in
 * doubles), so both give the same bits.
 */
function lerp(a: number, b: number, n: number, f0: number, f1: number): number {
  return a + ((b - a) * (n - f0)) / (f1 - f0);
}

/** Snaps a coordinate the way the graph does: down to even (overlay positions in yuv420p are even). */
export function snapEven(value: number): number {
  return 2 * Math.floor(value / 2);
}

/** Top-left corner of the object's box at frame n (n inside its drawn frames). */
export function positionAt(waypoints: readonly FrameWaypoint[], n: number): { x: number; y: number } {
  const last = waypoints.at(-1)!;
  if (n >= last.frame) return { x: snapEven(last.x), y: snapEven(last.y) };
  const i = segmentAt(waypoints, n);
  const a = waypoints[i]!;
  const b = waypoints[i + 1]!;
  if (n < a.frame || b.frame === a.frame) return { x: snapEven(a.x), y: snapEven(a.y) };
  return { x: snapEven(lerp(a.x, b.x, n, a.frame, b.frame)), y: snapEven(lerp(a.y, b.y, n, a.frame, b.frame)) };
}

/** True when frame n lies on a segment whose two ends are the same place (the object waits there). */
export function isStoppedAt(waypoints: readonly FrameWaypoint[], n: number): boolean {
  const i = segmentAt(waypoints, n);
  const a = waypoints[i]!;
  const b = waypoints[i + 1]!;
  return a.x === b.x && a.y === b.y;
}

/** The box clipped to the canvas, or undefined when none of it is inside. */
export function clipBox(
  box: { x: number; y: number; w: number; h: number },
  width: number,
  height: number,
): { x: number; y: number; w: number; h: number } | undefined {
  const x0 = Math.max(0, box.x);
  const y0 = Math.max(0, box.y);
  const x1 = Math.min(width, box.x + box.w);
  const y1 = Math.min(height, box.y + box.h);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : undefined;
}

/**
 * The same position as an ffmpeg expression of the frame number `frameVar`
 * (a nested `if` over the segments, commas left unescaped: the graph builder
 * escapes them).
 */
export function positionExpression(waypoints: readonly FrameWaypoint[], axis: 'x' | 'y', frameVar: string): string {
  const last = waypoints.at(-1)!;
  let expr = String(last[axis]);
  for (let i = waypoints.length - 2; i >= 0; i--) {
    const a = waypoints[i]!;
    const b = waypoints[i + 1]!;
    if (b.frame === a.frame) continue;
    const seg = a[axis] === b[axis] ? String(a[axis]) : `${a[axis]}+(${b[axis] - a[axis]})*(${frameVar}-${a.frame})/(${b.frame - a.frame})`;
    expr = `if(lt(${frameVar},${b.frame}),${seg},${expr})`;
  }
  return `2*floor((${expr})/2)`;
}
