import { contextPlugin } from '../http/context-plugin.js';
import { inferenceKeysRoutes, type InferenceKeysRoutesOptions } from './inference-keys.routes.js';
import { rekognitionRoutes, type RekognitionRoutesOptions } from './rekognition.routes.js';

export type InferenceContextOptions = RekognitionRoutesOptions & InferenceKeysRoutesOptions;

/** The Rekognition-compatible endpoint (POST /rekognition) and the inference keys that sign calls to it. */
export const inferenceContext = contextPlugin<InferenceContextOptions>('inference', ['argus-auth', 'argus-audit'], rekognitionRoutes, inferenceKeysRoutes);
