/**
 * What the endpoint needs of an object detector: the contract of
 * `@argus/models` (models/src/object-detector.ts, ObjectDetector), restated
 * here structurally so that the cloud compiles and is tested with an
 * injected detector whatever the models package holds; the real detector
 * satisfies it as it is.
 */
export interface DetectorBox {
  /** 0..1 of the image's width and height, top-left origin. */
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface DetectorObject {
  /** COCO class name, lower case (`person`, `car`, …). */
  readonly label: string;
  /** 0..1. */
  readonly score: number;
  readonly box: DetectorBox;
}

export interface DetectorResult {
  readonly objects: readonly DetectorObject[];
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** ms in the model. */
  readonly inferenceMs: number;
}

export interface ObjectDetectorPort {
  /** Answered as DetectLabels' LabelModelVersion. */
  readonly modelVersion: string;
  detect(image: Uint8Array, options?: { readonly minScore?: number; readonly maxObjects?: number }): Promise<DetectorResult>;
  close(): Promise<void>;
}

/** Creates the detector; called on the first request (loading a model takes seconds). */
export type DetectorFactory = () => Promise<ObjectDetectorPort>;

/** The models package's catalogue codes of the two errors a caller handles (models/src/model-errors.ts). */
const INVALID_IMAGE = new Set(['MDL_ERR_INVALID_IMAGE', 'InvalidImageError']);
const QUEUE_FULL = new Set(['MDL_ERR_QUEUE_FULL', 'QueueFullError']);

function codeOf(err: unknown): string[] {
  if (typeof err !== 'object' || err === null) return [];
  const { code, name } = err as { code?: unknown; name?: unknown };
  return [code, name].filter((v): v is string => typeof v === 'string');
}

/** The detector refused the bytes: not a decodable JPEG or PNG. */
export const isInvalidImageError = (err: unknown): boolean => codeOf(err).some((c) => INVALID_IMAGE.has(c));
/** The detector's own bounded queue is full. */
export const isQueueFullError = (err: unknown): boolean => codeOf(err).some((c) => QUEUE_FULL.has(c));
