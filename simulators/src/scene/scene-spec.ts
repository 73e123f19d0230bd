import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SceneCanvasOverrides, SceneScript } from './scene-script.js';

/**
 * Where a scene comes from: a video file, a generated test pattern with a
 * moving box, or a scripted scene with known ground truth (a built-in one by
 * name, or a script object / JSON file).
 */
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
    }
  | ({
      readonly kind: 'named';
      /** A built-in scene: `simulators/scenes/<name>.json` (parking-lot, corridor, night-ir, ...). */
      readonly name: string;
    } & SceneCanvasOverrides)
  | ({
      readonly kind: 'script';
      /** A scene script, or the path of a JSON file holding one. */
      readonly source: SceneScript | string;
    } & SceneCanvasOverrides);

/** Picture size of an encoded stream, in pixels. */
export interface PictureSize {
  readonly width: number;
  readonly height: number;
}

export const SYNTHETIC_DEFAULTS = { seconds: 30, width: 1280, height: 720, fps: 25 } as const; // used by encode-args

/** Size of every camera's `sub` stream. */
export const SUB_STREAM_SIZE: PictureSize = { width: 640, height: 360 }; // used by simulated-camera

/**
 * True when this code runs from the package's bundle (`simulators/dist/cli.js`,
 * built by scripts/build-package.ts) rather than from `simulators/src/scene/`:
 * paths to the package's files are then one level up instead of two.
 */
const BUNDLED = /\/dist\/[^/]+$/.test(import.meta.url);

/**
 * Test videos shipped next to the repository (`<repo>/../shared/testdata/videos`).
 * This file is `<repo>/simulators/src/scene/`, so the repo root is three levels up
 * (two from the bundle); an installed argus-sim finds none and uses the synthetic scene.
 */
export const TESTDATA_VIDEOS_DIR = fileURLToPath(new URL(BUNDLED ? '../../../shared/testdata/videos/' : '../../../../shared/testdata/videos/', import.meta.url));
export const DEFAULT_SCENE_FILE = `${TESTDATA_VIDEOS_DIR}intel_car-detection.mp4`;

/** The default scene: the car clip from the shared test data, or a 30 s synthetic scene when that folder is absent. */
export function defaultSceneInput(): SceneInput {
  return existsSync(TESTDATA_VIDEOS_DIR) && existsSync(DEFAULT_SCENE_FILE)
    ? { kind: 'file', path: DEFAULT_SCENE_FILE }
    : { kind: 'synthetic' };
}

/** Built-in scene scripts (`<repo>/simulators/scenes/`, shipped in the package); this file is `simulators/src/scene/`. */
export const BUILTIN_SCENES_DIR = fileURLToPath(new URL(BUNDLED ? '../scenes/' : '../../scenes/', import.meta.url));

/** True when `name` is a slug naming a built-in scene file. */
export function isBuiltinSceneName(name: string): boolean {
  return /^[a-z0-9][a-z0-9-]*$/.test(name) && existsSync(`${BUILTIN_SCENES_DIR}${name}.json`);
}

/**
 * A camera's `scene` option: a built-in scene name (`parking-lot`), a scene
 * script file (`*.json`), a video file path, a full input, or undefined for
 * the default. A bare slug naming a built-in scene wins over a file of that
 * name in the working directory (write `./parking-lot` for the file).
 */
export function toSceneInput(scene: string | SceneInput | undefined): SceneInput {
  if (scene === undefined) return defaultSceneInput();
  if (typeof scene !== 'string') return scene;
  if (isBuiltinSceneName(scene)) return { kind: 'named', name: scene };
  if (scene.toLowerCase().endsWith('.json')) return { kind: 'script', source: scene };
  return { kind: 'file', path: scene };
}
