import { agentInferenceKey } from '@argus/contracts';
import type { InferenceConfig } from '../../config.js';
import type { ObjectInference } from '../../camera/object-pipeline.js';
import { RekognitionDetector } from './rekognition-detector.js';

/**
 * The agent's object detection endpoint from its configuration
 * (config.ts, InferenceConfig): the Argus cloud's Rekognition-compatible
 * endpoint signed with the key derived from the agent's own credential
 * (`@argus/contracts` agentInferenceKey: nothing to create or copy), AWS
 * Rekognition, or another compatible endpoint, with keys. Undefined when
 * `off`.
 */
export function createObjectInference(
  config: InferenceConfig,
  cloud: { readonly url: string; readonly token: string; readonly agentId: string },
): (ObjectInference & { close(): void }) | undefined {
  if (config.endpoint === 'off') return undefined;
  const given = config.accessKeyId !== undefined && config.secretAccessKey !== undefined ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined;
  let derived: Promise<{ accessKeyId: string; secretAccessKey: string }> | undefined;
  const credentials = async () => given ?? (derived ??= agentInferenceKey(cloud.agentId, cloud.token));
  const endpoint = config.endpoint === 'cloud' ? `${cloud.url.replace(/\/+$/, '')}/rekognition` : config.endpoint === 'aws' ? undefined : config.endpoint;
  const detector = new RekognitionDetector({ ...(endpoint === undefined ? {} : { endpoint }), region: config.region, credentials, timeoutMs: config.timeoutMs });
  return {
    detect: (image, request) => detector.detect({ image, minScore: request.minScore, labels: request.labels }),
    close: () => detector.close(),
  };
}
