export {
  InvalidImageError,
  QueueFullError,
  type DetectedObject,
  type DetectionResult,
  type DetectOptions,
  type NormalisedBox,
  type ObjectDetector,
} from './object-detector.js';
export { createObjectDetector, DETECTOR_DEFAULTS, type ObjectDetectorOptions } from './create-object-detector.js';
export type { DetectorStats, PooledObjectDetector } from './detector-pool.js';
export type { DetectorWorkerInfo } from './detector-worker-client.js';
export { detectorWorkerEntry, type DetectorWorkerEntry } from './detector-worker-entry.js';
export { ENGINE_DEFAULTS, type DetectionEngineOptions } from './detection-engine.js';
export { COCO_LABELS, type CocoLabel } from './coco-labels.js';
export { DEFAULT_MODEL, SHIPPED_MODELS, humanModelsDir, type ShippedModel, type ShippedModelName } from './shipped-models.js';
export { DEFAULT_IMAGE_LIMITS, type ImageLimits, type ResizeMode } from './image-input.js';
export type { TfBackendName, TfBackendPreference } from './tf-runtime.js';
export {
  DetectorClosedError,
  DetectorConfigError,
  MODEL_ERROR_CODES,
  ModelIntegrityError,
  ModelLoadError,
  WorkerExitedError,
  type ModelErrorCode,
} from './model-errors.js';
export { benchInference, type BenchInferenceOptions, type BenchInferenceReport } from './bench-inference.js';
