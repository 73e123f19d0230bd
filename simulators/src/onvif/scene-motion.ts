import { basename } from 'node:path';
import type { SceneInput } from '../scene/scene-spec.js';
import type { MotionSource } from '../simulated-camera.js';

/**
 * Fallback motion truth per scene file, for cameras whose scene has no
 * ground truth (its derivation failed, or an old cache): intervals, in
 * seconds into the loop, during which something moves, keyed by file name. The car clip's intervals were read off the
 * clip by eye: cars pass at about 4–8 s, 14–18 s and 25–29 s of its 30.2 s.
 */
export const SCENE_MOTION_INTERVALS: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>> = {
  'intel_car-detection.mp4': [
    [4, 8],
    [14, 18],
    [25, 29],
  ],
};

/**
 * Motion of a scene at `t` seconds into its loop: the synthetic scene's box
 * never stops; files not in the table, and scripted scenes (which always
 * carry exact ground truth, so never reach this fallback), never move.
 */
export function sceneMotionAt(input: SceneInput, t: number): boolean {
  if (input.kind === 'synthetic') return true;
  if (input.kind !== 'file') return false;
  const intervals = SCENE_MOTION_INTERVALS[basename(input.path)];
  return intervals?.some(([from, to]) => t >= from && t < to) ?? false;
}

/**
 * A motion source reading the table at the camera's scene time: the
 * fallback for cameras whose scene has no ground truth.
 */
export function sceneMotionSource(input: SceneInput, sceneTimeSec: (nowMs: number) => number): MotionSource {
  return { isMotion: (nowMs) => sceneMotionAt(input, sceneTimeSec(nowMs)) };
}

