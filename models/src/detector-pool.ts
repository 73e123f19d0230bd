import { DetectorClosedError } from './model-errors.js';
import { InvalidImageError, QueueFullError, type DetectionResult, type DetectOptions, type ObjectDetector } from './object-detector.js';
import type { TfBackendName } from './tf-runtime.js';

/**
 * One place inference runs: a worker thread, or the engine on the calling
 * thread. The pool gives it one call at a time.
 */
export interface DetectorRunner {
  readonly modelVersion: string;
  readonly labels: readonly string[];
  readonly backend: TfBackendName;
  detect(image: Uint8Array, options: DetectOptions): Promise<DetectionResult>;
  /**
   * Resolves, with the reason, if the runner dies on its own (a worker
   * crash); its call in flight has then already rejected. Never resolves
   * after close().
   */
  readonly exited: Promise<Error>;
  close(): Promise<void>;
}

export interface DetectorPoolOptions {
  /** Runners, each running one inference at a time. */
  readonly size: number;
  /** Calls that may wait for a free runner; one more rejects at once with QueueFullError. */
  readonly queueLimit: number;
  readonly startRunner: () => Promise<DetectorRunner>;
  /** Called when a runner died and a replacement is being started (for logs). */
  readonly onRunnerExit?: (reason: Error) => void;
}

export interface DetectorStats {
  readonly runners: number;
  /** Runners started and not dead. */
  readonly alive: number;
  /** Runners with a call in flight. */
  readonly busy: number;
  /** Calls waiting for a runner. */
  readonly queued: number;
  /** Runners started to replace dead ones. */
  readonly restarts: number;
  /** Calls rejected with QueueFullError. */
  readonly rejectedQueueFull: number;
}

/** An ObjectDetector over a bounded pool of runners, plus what it is running on. */
export interface PooledObjectDetector extends ObjectDetector {
  readonly backend: TfBackendName;
  stats(): DetectorStats;
}

interface Job {
  readonly image: Uint8Array;
  readonly options: DetectOptions;
  readonly resolve: (result: DetectionResult) => void;
  readonly reject: (error: unknown) => void;
}

interface Slot {
  runner: DetectorRunner | undefined;
  starting: boolean;
  busy: boolean;
  /** The call in flight, to reject on close(). */
  job: Job | undefined;
}

/**
 * Starts `size` runners (all must come up, or the pool closes them and
 * rejects with the first failure) and returns the detector over them:
 * bounded concurrency (one call per runner), a bounded FIFO queue, dead
 * runners replaced, close() stops them all.
 */
export async function startDetectorPool(options: DetectorPoolOptions): Promise<PooledObjectDetector> {
  const started = await Promise.allSettled(Array.from({ length: options.size }, () => options.startRunner()));
  const runners = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await Promise.all(runners.map((runner) => runner.close()));
    throw failure.reason;
  }
  return new DetectorPool(options, runners);
}

class DetectorPool implements PooledObjectDetector {
  readonly modelVersion: string;
  readonly labels: readonly string[];
  readonly backend: TfBackendName;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private closed = false;
  private restarts = 0;
  private rejectedQueueFull = 0;

  constructor(
    private readonly options: DetectorPoolOptions,
    runners: readonly DetectorRunner[],
  ) {
    const first = runners[0]!;
    this.modelVersion = first.modelVersion;
    this.labels = first.labels;
    this.backend = first.backend;
    this.slots = runners.map((runner) => {
      const slot: Slot = { runner, starting: false, busy: false, job: undefined };
      this.watch(slot, runner);
      return slot;
    });
  }

  detect(image: Uint8Array, options: DetectOptions = {}): Promise<DetectionResult> {
    if (this.closed) return Promise.reject(new DetectorClosedError('object detector is closed'));
    if (!(image instanceof Uint8Array)) return Promise.reject(new InvalidImageError('image must be the encoded bytes (Uint8Array)'));
    const idle = this.slots.some((slot) => slot.runner && !slot.busy);
    if (!idle && this.queue.length >= this.options.queueLimit) {
      this.rejectedQueueFull++;
      return Promise.reject(
        new QueueFullError(`object detector is busy: ${this.slots.length} running, ${this.queue.length} waiting (queue limit ${this.options.queueLimit})`),
      );
    }
    return new Promise<DetectionResult>((resolve, reject) => {
      this.queue.push({ image, options, resolve, reject });
      // Runners that died and could not be replaced get another try per call.
      for (const slot of this.slots) if (!slot.runner && !slot.starting) this.startSlot(slot);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closedError = () => new DetectorClosedError('object detector closed before the call finished');
    for (const job of this.queue.splice(0)) job.reject(closedError());
    for (const slot of this.slots) slot.job?.reject(closedError());
    await Promise.all(this.slots.map((slot) => slot.runner?.close()));
  }

  stats(): DetectorStats {
    return {
      runners: this.slots.length,
      alive: this.slots.filter((slot) => slot.runner).length,
      busy: this.slots.filter((slot) => slot.busy).length,
      queued: this.queue.length,
      restarts: this.restarts,
      rejectedQueueFull: this.rejectedQueueFull,
    };
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      const runner = slot.runner;
      if (!runner || slot.busy) continue;
      const job = this.queue.shift()!;
      slot.busy = true;
      slot.job = job;
      runner.detect(job.image, job.options).then(job.resolve, job.reject).finally(() => {
        // A replacement may already sit in this slot: only free the runner that ran the job.
        if (slot.runner === runner) {
          slot.busy = false;
          slot.job = undefined;
        }
        if (!this.closed) this.dispatch();
      });
    }
  }

  private watch(slot: Slot, runner: DetectorRunner): void {
    void runner.exited.then((reason) => {
      if (this.closed || slot.runner !== runner) return;
      slot.runner = undefined;
      slot.busy = false;
      slot.job = undefined;
      this.options.onRunnerExit?.(reason);
      this.restarts++;
      this.startSlot(slot);
    });
  }

  private startSlot(slot: Slot): void {
    slot.starting = true;
    this.options.startRunner().then(
      (runner) => {
        slot.starting = false;
        if (this.closed) {
          void runner.close();
          return;
        }
        slot.runner = runner;
        this.watch(slot, runner);
        this.dispatch();
      },
      (error: unknown) => {
        slot.starting = false;
        // With no runner alive or coming, waiting calls would wait forever.
        if (!this.slots.some((s) => s.runner || s.starting)) for (const job of this.queue.splice(0)) job.reject(error);
      },
    );
  }
}
