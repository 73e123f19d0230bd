import type { InferenceConfig } from '../config.js';
import type { DetectorFactory } from './object-detector-port.js';

/**
 * Where the shipped model lives. Imported by name at run time, not
 * statically: the package's bundle (scripts/build-package.ts) would carry the
 * models workspace and then need tfjs, its wasm backend, the weights and
 * sharp among argus-cloud's dependencies, plus the detector worker's entry
 * beside the bundle; until the package declares them, an installed
 * argus-cloud answers InternalServerError ("model not available") while the
 * repository (`npm start`, the tests) loads the model from the workspace.
 */
const MODELS_PACKAGE: string = '@argus/models';

/**
 * The detector of the shipped model (`@argus/models`, worker mode, with
 * CloudConfig.inference's worker count and queue limit); created when the
 * endpoint first needs it.
 */
export function shippedDetector(config: InferenceConfig): DetectorFactory {
  return async () => {
    const models = (await import(MODELS_PACKAGE)) as typeof import('@argus/models');
    return models.createObjectDetector({ mode: 'worker', workers: config.workers, queueLimit: config.queueLimit });
  };
}
