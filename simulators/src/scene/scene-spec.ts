import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where a scene comes from: a video file, or a generated test pattern with a moving box. */
export type SceneInput =
  | {
      readonly kind: 'file';
      readonly path: string;
      /** Use only the first N seconds of the file (tests use short cuts). */
      readonly seconds?: number;
    }
  | {
      readonly kind: 'synthetic';
      /** Length of one loop; default 30 (used by prepare-scene). */
      readonly seconds?: number;
      /** Default 1280x720 at 25 fps (used by prepare-scene). */
      readonly width?: number;
      readonly height?: number;
      readonly fps?: number;
    };

/** Picture size of an encoded stream, in pixels. */
export interface PictureSize {
  readonly width: number;
  readonly height: number;
}

export const SYNTHETIC_DEFAULTS = { seconds: 30, width: 1280, height: 720, fps: 25 } as const; // used by encode-args

/** Size of every camera's `sub` stream. */
export const SUB_STREAM_SIZE: PictureSize = { width: 640, height: 360 }; // used by simulated-camera

/**
 * Test videos shipped next to the repository (`<repo>/../shared/testdata/videos`).
 * This file is `<repo>/simulators/src/scene/`, so the repo root is three levels up.
 */
export const TESTDATA_VIDEOS_DIR = fileURLToPath(new URL('../../../../shared/testdata/videos/', import.meta.url));
export const DEFAULT_SCENE_FILE = `${TESTDATA_VIDEOS_DIR}intel_car-detection.mp4`;

/** The default scene: the car clip from the shared test data, or a 30 s synthetic scene when that folder is absent. */
export function defaultSceneInput(): SceneInput {
  return existsSync(TESTDATA_VIDEOS_DIR) && existsSync(DEFAULT_SCENE_FILE)
    ? { kind: 'file', path: DEFAULT_SCENE_FILE }
    : { kind: 'synthetic' };
}

/** A camera's `scene` option: a file path, a full input, or undefined for the default. */
export function toSceneInput(scene: string | SceneInput | undefined): SceneInput {
  if (scene === undefined) return defaultSceneInput();
  return typeof scene === 'string' ? { kind: 'file', path: scene } : scene;
}
