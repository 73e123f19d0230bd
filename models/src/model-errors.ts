import { InvalidImageError, QueueFullError } from './object-detector.js';

/**
 * The models package's error catalogue. Codes are stable (`MDL_ERR_*`) so the
 * cloud endpoint, logs and tests match on them, never on messages. The two
 * errors a caller of ObjectDetector must handle (InvalidImageError,
 * QueueFullError) live in the contract; the rest are here.
 */
export const MODEL_ERROR_CODES = {
  invalidImage: 'MDL_ERR_INVALID_IMAGE',
  queueFull: 'MDL_ERR_QUEUE_FULL',
  /** A shipped weight or topology file is missing or its sha256 differs from MODELS.md. */
  integrity: 'MDL_ERR_MODEL_INTEGRITY',
  /** The model or the tfjs backend could not be loaded. */
  load: 'MDL_ERR_MODEL_LOAD',
  /** The worker thread running the call exited (crash, out of memory, terminated). */
  workerExited: 'MDL_ERR_WORKER_EXITED',
  /** detect() after close(), or a call still pending when close() ran. */
  closed: 'MDL_ERR_DETECTOR_CLOSED',
  /** Bad createObjectDetector options. */
  config: 'MDL_ERR_CONFIG',
} as const;

export type ModelErrorCode = (typeof MODEL_ERROR_CODES)[keyof typeof MODEL_ERROR_CODES];

export class ModelIntegrityError extends Error {
  override readonly name = 'ModelIntegrityError';
  readonly code = MODEL_ERROR_CODES.integrity;
}

export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
  readonly code = MODEL_ERROR_CODES.load;
}

export class WorkerExitedError extends Error {
  override readonly name = 'WorkerExitedError';
  readonly code = MODEL_ERROR_CODES.workerExited;
}

export class DetectorClosedError extends Error {
  override readonly name = 'DetectorClosedError';
  readonly code = MODEL_ERROR_CODES.closed;
}

export class DetectorConfigError extends Error {
  override readonly name = 'DetectorConfigError';
  readonly code = MODEL_ERROR_CODES.config;
}

/** What crosses the worker boundary for an error: enough to rebuild the same class on the other side. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: 'Error', message: String(error) };
}

const ERROR_CLASSES: Record<string, new (message: string) => Error> = {
  InvalidImageError,
  QueueFullError,
  ModelIntegrityError,
  ModelLoadError,
  WorkerExitedError,
  DetectorClosedError,
  DetectorConfigError,
};

/** Rebuilds a catalogue error from the worker as the same class, so callers cannot tell inline from worker. */
export function deserializeError(error: SerializedError): Error {
  const Class = ERROR_CLASSES[error.name] ?? Error;
  const rebuilt = new Class(error.message);
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}
