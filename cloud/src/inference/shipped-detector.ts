import type { InferenceConfig } from '../config.js';
import type { DetectorFactory } from './object-detector-port.js';

/**
 * The detector of the shipped model (`@argus/models`, worker mode, with
 * CloudConfig.inference's worker count and queue limit).
 */
export function shippedDetector(_config: InferenceConfig): DetectorFactory {
  // The models package does not export createObjectDetector yet; until it does, loading fails and the endpoint
  // answers InternalServerError (the endpoint, keys and signatures work with an injected detector meanwhile).
  return async () => {
    throw new Error('the object detection model is not part of this build yet (@argus/models has no createObjectDetector)');
  };
}
