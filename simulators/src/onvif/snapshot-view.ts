import { frameRateValue, type SceneFrames } from '../scene/scene-frames.js';
import type { PtzVector } from './ptz-state.js';

/**
 * What a snapshot shows (pure): which frames to decode for a scene time,
 * and the ffmpeg filter that turns the full scene into the PTZ head's view.
 */

/** Most the view magnifies at zoom 1. */
export const MAX_ZOOM_FACTOR = 4; // used by ptzViewFilter

export interface FrameSpan {
  /** The IDR the decoder starts from. */
  readonly from: number;
  /** The wanted frame (inclusive). */
  readonly to: number;
}

/**
 * Frames to feed a decoder for the picture at `sceneTimeSec`, snapped down
 * to the whole second (snapshots are cached per second): from the last IDR
 * at or before the wanted frame, up to it.
 */
export function snapshotFrameSpan(scene: SceneFrames, sceneTimeSec: number): FrameSpan {
  const count = scene.frames.length;
  const wanted = Math.min(count - 1, Math.max(0, Math.floor(Math.floor(sceneTimeSec) * frameRateValue(scene.fps))));
  let from = wanted;
  while (from > 0 && !scene.frames[from]!.idr) from--;
  return { from, to: wanted };
}

const START_CODE = Buffer.from([0, 0, 0, 1]);

/** The span as an Annex-B elementary stream (SPS/PPS lead every IDR in SceneFrames already). */
export function annexBOf(scene: SceneFrames, span: FrameSpan): Buffer {
  const parts: Buffer[] = [];
  for (let i = span.from; i <= span.to; i++) for (const nal of scene.frames[i]!.nals) parts.push(START_CODE, nal);
  return Buffer.concat(parts);
}

const even = (value: number): number => Math.max(2, Math.floor(value / 2) * 2);
const isHome = (p: PtzVector): boolean => p.pan === 0 && p.tilt === 0 && p.zoom === 0;

/**
 * The PTZ view as a filter chain, or undefined at the home position (the
 * full picture). The scene is the world at zoom 0: zoom narrows the window
 * (up to MAX_ZOOM_FACTOR), pan/tilt move its centre across the scene by up
 * to half the picture each way, and whatever falls outside the scene is
 * black (pad). The result is scaled back to the scene's size, so a snapshot
 * keeps its resolution at any position.
 */
export function ptzViewFilter(position: PtzVector, width: number, height: number): string | undefined {
  if (isHome(position)) return undefined;
  const factor = 1 + (MAX_ZOOM_FACTOR - 1) * position.zoom;
  const cropW = even(width / factor);
  const cropH = even(height / factor);
  // Centre of the window in scene pixels; positive tilt looks up.
  const centreX = width / 2 + (position.pan * width) / 2;
  const centreY = height / 2 - (position.tilt * height) / 2;
  // Coordinates in the padded canvas (scene placed at width/2, height/2 of a 2x canvas).
  const x = Math.round(Math.min(2 * width - cropW, Math.max(0, width / 2 + centreX - cropW / 2)));
  const y = Math.round(Math.min(2 * height - cropH, Math.max(0, height / 2 + centreY - cropH / 2)));
  return `pad=${2 * width}:${2 * height}:${width / 2}:${height / 2}:black,crop=${cropW}:${cropH}:${x}:${y},scale=${width}:${height}`;
}

/** ffmpeg arguments: Annex-B on stdin, frame `index` (counted from the first fed) as one JPEG on stdout. */
export function snapshotArgs(index: number, viewFilter: string | undefined): string[] {
  const select = `select=eq(n\\,${index})`;
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'h264', '-i', 'pipe:0',
    '-vf', viewFilter ? `${select},${viewFilter}` : select,
    '-frames:v', '1', '-q:v', '4',
    '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1',
  ];
}
