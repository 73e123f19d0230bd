import { createDetectionEngine, type DetectionEngineOptions } from './detection-engine.js';
import { startDetectorPool, type DetectorRunner, type PooledObjectDetector } from './detector-pool.js';
import { startDetectorWorker, type DetectorWorkerInfo } from './detector-worker-client.js';
import { detectorWorkerEntry, type DetectorWorkerEntry } from './detector-worker-entry.js';
import { DetectorConfigError } from './model-errors.js';

export interface ObjectDetectorOptions extends DetectionEngineOptions {
  /** `worker`: inference in worker threads, off the caller's event loop. `inline`: on the calling thread (tools, benchmarks). */
  readonly mode?: 'worker' | 'inline';
  /** Worker threads, each running one inference at a time (worker mode; inline always runs one). */
  readonly workers?: number;
  /** Calls that may wait for a free worker; one more rejects at once with QueueFullError. */
  readonly queueLimit?: number;
  /** Where worker threads start; default detectorWorkerEntry() (TS bootstrap or detector-worker.js beside the bundle). */
  readonly workerEntry?: DetectorWorkerEntry;
  /** Called for every worker thread started, replacements included. */
  readonly onWorkerStart?: (worker: DetectorWorkerInfo) => void;
  /** Called when a worker thread died on its own; a replacement is being started. */
  readonly onWorkerExit?: (reason: Error) => void;
}

export const DETECTOR_DEFAULTS = {
  mode: 'worker' as const, // used by createObjectDetector
  workers: 1, // used by detector-pool: one wasm inference saturates one core
  queueLimit: 4, // used by detector-pool: ~4 inferences of wait (about 1-2 s on wasm) before callers are told to back off
  maxWorkers: 64, // used by createObjectDetector to refuse a typo
} as const;

/**
 * Loads the shipped object detection model and returns the detector
 * (contract: object-detector.ts). Resolves once every worker has loaded and
 * integrity-checked the model; rejects with ModelIntegrityError,
 * ModelLoadError or DetectorConfigError otherwise.
 */
export async function createObjectDetector(options: ObjectDetectorOptions = {}): Promise<PooledObjectDetector> {
  const mode = options.mode ?? DETECTOR_DEFAULTS.mode;
  const workers = options.workers ?? DETECTOR_DEFAULTS.workers;
  const queueLimit = options.queueLimit ?? DETECTOR_DEFAULTS.queueLimit;
  if (mode !== 'worker' && mode !== 'inline') throw new DetectorConfigError(`mode must be 'worker' or 'inline', not ${String(mode)}`);
  if (!Number.isInteger(workers) || workers < 1 || workers > DETECTOR_DEFAULTS.maxWorkers) {
    throw new DetectorConfigError(`workers must be an integer 1..${DETECTOR_DEFAULTS.maxWorkers}, not ${workers}`);
  }
  if (!Number.isInteger(queueLimit) || queueLimit < 0) throw new DetectorConfigError(`queueLimit must be an integer >= 0, not ${queueLimit}`);

  const engine = engineOptions(options);
  if (mode === 'inline') {
    return startDetectorPool({ size: 1, queueLimit, startRunner: () => startInlineRunner(engine) });
  }
  const entry = options.workerEntry ?? detectorWorkerEntry();
  return startDetectorPool({
    size: workers,
    queueLimit,
    startRunner: () => startDetectorWorker({ entry, engine, ...(options.onWorkerStart ? { onStart: options.onWorkerStart } : {}) }),
    ...(options.onWorkerExit ? { onRunnerExit: options.onWorkerExit } : {}),
  });
}

async function startInlineRunner(options: DetectionEngineOptions): Promise<DetectorRunner> {
  const engine = await createDetectionEngine(options);
  return {
    modelVersion: engine.modelVersion,
    labels: engine.labels,
    backend: engine.backend,
    detect: (image, detectOptions) => engine.detect(image, detectOptions),
    // The calling thread does not die under us.
    exited: new Promise<Error>(() => {}),
    close: async () => engine.dispose(),
  };
}

/** Only the engine's fields cross into a worker (functions cannot be cloned). */
function engineOptions(options: ObjectDetectorOptions): DetectionEngineOptions {
  const { mode: _mode, workers: _workers, queueLimit: _queueLimit, workerEntry: _entry, onWorkerStart: _start, onWorkerExit: _exit, ...engine } = options;
  return engine;
}
