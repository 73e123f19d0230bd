import type { Logger, Service } from '@argus/runtime';
import { RekognitionError } from './rekognition-error.js';
import { isInvalidImageError, isQueueFullError, type DetectorFactory, type DetectorResult, type ObjectDetectorPort } from './object-detector-port.js';

export interface DetectorHostOptions {
  /** undefined: inference is off (ARGUS_INFERENCE=off); every call answers InternalServerError. */
  readonly create: DetectorFactory | undefined;
  /** Calls admitted at once, waiting for the model or in it (CloudConfig.inference.queueLimit); more → ThrottlingException. */
  readonly queueLimit: number;
  /** After a failed load, the next attempt waits this long (ms); calls meanwhile answer InternalServerError. */
  readonly retryLoadAfterMs?: number;
  readonly now: () => number;
  readonly logger: Logger;
}

/**
 * Owns the endpoint's detector: created on the first call (loading the model
 * takes a while, and a cloud that never serves inference never pays for it),
 * shared by every call, closed when the app stops. It admits at most
 * `queueLimit` calls at once and turns the detector's errors into the
 * endpoint's: a bad image → InvalidImageFormatException, a full queue →
 * ThrottlingException, anything else → InternalServerError (logged).
 */
export class DetectorHost implements Service {
  private detector: Promise<ObjectDetectorPort> | undefined;
  private failedAt: number | undefined;
  private pending = 0;
  private stopped = false;
  private readonly log: Logger;

  constructor(private readonly options: DetectorHostOptions) {
    this.log = options.logger.child({ component: 'inference' });
  }

  /** Calls admitted and not yet answered. */
  get inFlight(): number {
    return this.pending;
  }

  async start(): Promise<void> {
    this.stopped = false; // lazy: the model loads on the first call
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const detector = this.detector;
    this.detector = undefined;
    if (!detector) return;
    try {
      await (await detector).close();
    } catch (err) {
      this.log.debug({ err }, 'detector closed with an error (or had failed to load)');
    }
  }

  /** Detects objects in an image (loading the model first if needed), with the model's version (LabelModelVersion). */
  async detect(image: Uint8Array, options: { minScore: number; maxObjects: number }): Promise<DetectorResult & { modelVersion: string }> {
    if (this.pending >= this.options.queueLimit) {
      throw new RekognitionError('ThrottlingException', `Rate exceeded: ${this.pending} calls are waiting for the detector; try again later`);
    }
    this.pending += 1;
    try {
      const detector = await this.load();
      let result: DetectorResult;
      try {
        result = await detector.detect(image, options);
      } catch (err) {
        if (isInvalidImageError(err)) throw new RekognitionError('InvalidImageFormatException', 'Request has invalid image format', { cause: err });
        if (isQueueFullError(err)) throw new RekognitionError('ThrottlingException', 'Rate exceeded: the detector is busy; try again later', { cause: err });
        this.log.error({ err }, 'object detection failed');
        throw new RekognitionError('InternalServerError', 'Internal server error: object detection failed', { cause: err });
      }
      return { ...result, modelVersion: detector.modelVersion };
    } finally {
      this.pending -= 1;
    }
  }

  private load(): Promise<ObjectDetectorPort> {
    const { create } = this.options;
    if (create === undefined) return Promise.reject(new RekognitionError('InternalServerError', 'Inference is turned off on this Argus cloud (ARGUS_INFERENCE=off)'));
    if (this.stopped) return Promise.reject(new RekognitionError('InternalServerError', 'The Argus cloud is shutting down'));
    if (this.detector) return this.detector;
    const retryAfter = this.options.retryLoadAfterMs ?? 30_000;
    if (this.failedAt !== undefined && this.options.now() - this.failedAt < retryAfter) {
      return Promise.reject(new RekognitionError('InternalServerError', 'Internal server error: the detection model is not available; try again later'));
    }
    const started = this.options.now();
    this.log.info('loading the object detection model');
    const loading = create().then(
      (detector) => {
        this.log.info({ modelVersion: detector.modelVersion, ms: this.options.now() - started }, 'object detection model loaded');
        return detector;
      },
      (err: unknown) => {
        this.log.error({ err }, 'the object detection model failed to load');
        this.failedAt = this.options.now();
        if (this.detector === loading) this.detector = undefined;
        throw new RekognitionError('InternalServerError', 'Internal server error: the detection model failed to load', { cause: err });
      },
    );
    this.detector = loading;
    return loading;
  }
}
