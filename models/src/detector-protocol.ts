/**
 * The typed messages between a detector pool (main thread) and a detector
 * worker thread. One inference per worker at a time: the pool never sends a
 * second `detect` before the first one's reply.
 */
import type { DetectionEngineOptions } from './detection-engine.js';
import type { SerializedError } from './model-errors.js';
import type { DetectionResult, DetectOptions } from './object-detector.js';
import type { TfBackendName } from './tf-runtime.js';

/** The worker's workerData. */
export interface DetectorWorkerData {
  readonly engine: DetectionEngineOptions;
  /**
   * Set when the worker is started through the TypeScript bootstrap
   * (detector-worker-bootstrap.mjs): the file URL of detector-worker.ts,
   * imported once tsx is registered.
   */
  readonly tsWorkerModule?: string;
}

/** Main thread → worker. */
export type DetectorRequest = {
  readonly type: 'detect';
  readonly id: number;
  /** Encoded JPEG/PNG: a copy of the caller's bytes, transferred. */
  readonly image: Uint8Array;
  readonly options: DetectOptions;
};

/** Worker → main thread. */
export type DetectorReply =
  | { readonly type: 'ready'; readonly modelVersion: string; readonly labels: readonly string[]; readonly backend: TfBackendName }
  | { readonly type: 'start-failed'; readonly error: SerializedError }
  | { readonly type: 'result'; readonly id: number; readonly result: DetectionResult }
  | { readonly type: 'error'; readonly id: number; readonly error: SerializedError };
