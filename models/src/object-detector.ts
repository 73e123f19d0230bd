/**
 * The object detector's contract: what the cloud's Rekognition-compatible
 * endpoint, the evaluation harness and the benchmarks call. Whether inference
 * runs inline or in a worker thread is invisible behind it.
 */

/** A box in 0..1 of the image's width and height, top-left origin (Rekognition's BoundingBox, lower-cased). */
export interface NormalisedBox {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** One detected object: a COCO class name (`person`, `car`, `dog`, …), its score 0..1 and its box. */
export interface DetectedObject {
  readonly label: string;
  readonly score: number;
  readonly box: NormalisedBox;
}

export interface DetectOptions {
  /** Objects scoring under this (0..1) are left out. */
  readonly minScore?: number;
  /** At most this many objects, best first. */
  readonly maxObjects?: number;
}

export interface DetectionResult {
  readonly objects: readonly DetectedObject[];
  /** Decoded image size in pixels. */
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Time spent in the model (ms), decode and resize excluded. */
  readonly inferenceMs: number;
}

export interface ObjectDetector {
  /** Model name and version, e.g. `mb3-centernet-512@human-models-3.0.4` (Rekognition's LabelModelVersion). */
  readonly modelVersion: string;
  /** Every label the model can report. */
  readonly labels: readonly string[];
  /**
   * Detects objects in an encoded JPEG or PNG. Rejects with InvalidImageError
   * when the bytes are not a decodable JPEG/PNG, and with QueueFullError when
   * the detector's bounded queue is full (the caller drops or answers 429-like).
   */
  detect(image: Uint8Array, options?: DetectOptions): Promise<DetectionResult>;
  /** Stops the worker(s); pending calls reject. */
  close(): Promise<void>;
}

export class InvalidImageError extends Error {
  override readonly name = 'InvalidImageError';
  /** Stable catalogue code (models/src/model-errors.ts). */
  readonly code = 'MDL_ERR_INVALID_IMAGE';
}

export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  /** Stable catalogue code (models/src/model-errors.ts). */
  readonly code = 'MDL_ERR_QUEUE_FULL';
}
