import { Worker } from 'node:worker_threads';
import { DetectorClosedError, WorkerExitedError, deserializeError } from './model-errors.js';
import type { DetectionEngineOptions } from './detection-engine.js';
import type { DetectorRunner } from './detector-pool.js';
import type { DetectorReply, DetectorRequest, DetectorWorkerData } from './detector-protocol.js';
import type { DetectorWorkerEntry } from './detector-worker-entry.js';
import type { DetectionResult, DetectOptions } from './object-detector.js';

/** A started detector thread, as shown to onWorkerStart (logs, tests that inject a crash). */
export interface DetectorWorkerInfo {
  readonly threadId: number;
  /** Stops the thread at once, as a crash would: its call in flight rejects and the pool replaces it. */
  terminate(): Promise<number>;
}

export interface DetectorWorkerClientOptions {
  readonly entry: DetectorWorkerEntry;
  readonly engine: DetectionEngineOptions;
  readonly onStart?: (worker: DetectorWorkerInfo) => void;
}

/**
 * The main-thread side of one detector worker thread: starts it, waits for
 * its model to load, and turns its replies back into promises. Resolves once
 * the worker is ready; rejects with the worker's own error when it cannot
 * load (integrity, backend), or WorkerExitedError if it dies first.
 */
export function startDetectorWorker(options: DetectorWorkerClientOptions): Promise<DetectorRunner> {
  const workerData: DetectorWorkerData = {
    engine: options.engine,
    ...(options.entry.tsWorkerModule ? { tsWorkerModule: options.entry.tsWorkerModule } : {}),
  };
  const worker = new Worker(options.entry.url, { workerData });
  const threadId = worker.threadId;
  options.onStart?.({ threadId, terminate: () => worker.terminate() });

  const pending = new Map<number, { resolve: (result: DetectionResult) => void; reject: (error: unknown) => void }>();
  let nextId = 1;
  let closing = false;
  let lastError: Error | undefined;
  let exitReason: WorkerExitedError | undefined;
  let announceExit: (reason: Error) => void = () => {};
  const exited = new Promise<Error>((resolve) => {
    announceExit = resolve;
  });

  return new Promise<DetectorRunner>((resolveStart, rejectStart) => {
    let ready = false;

    worker.on('message', (reply: DetectorReply) => {
      switch (reply.type) {
        case 'ready': {
          ready = true;
          resolveStart({
            modelVersion: reply.modelVersion,
            labels: reply.labels,
            backend: reply.backend,
            exited,
            detect(image: Uint8Array, detectOptions: DetectOptions): Promise<DetectionResult> {
              if (closing) return Promise.reject(new DetectorClosedError('detector worker is closed'));
              // Once the thread is gone a message would vanish and its call never settle.
              if (exitReason) return Promise.reject(exitReason);
              const id = nextId++;
              // One exact-size copy, transferred: the caller's buffer stays theirs, and a
              // view into a larger buffer (a frame ring) does not drag the whole of it along.
              // (new Uint8Array(view) copies; Buffer#slice would not.)
              const bytes = new Uint8Array(image);
              return new Promise<DetectionResult>((resolve, reject) => {
                pending.set(id, { resolve, reject });
                const request: DetectorRequest = { type: 'detect', id, image: bytes, options: detectOptions };
                worker.postMessage(request, [bytes.buffer]);
              });
            },
            async close(): Promise<void> {
              closing = true;
              for (const call of pending.values()) call.reject(new DetectorClosedError('detector worker closed before the call finished'));
              pending.clear();
              await worker.terminate();
            },
          });
          return;
        }
        case 'start-failed':
          closing = true;
          rejectStart(deserializeError(reply.error));
          void worker.terminate();
          return;
        case 'result':
        case 'error': {
          const call = pending.get(reply.id);
          if (!call) return;
          pending.delete(reply.id);
          if (reply.type === 'result') call.resolve(reply.result);
          else call.reject(deserializeError(reply.error));
          return;
        }
      }
    });

    worker.on('error', (error) => {
      // An uncaught exception in the thread; `exit` follows and says what happened.
      lastError = error;
    });

    worker.on('exit', (code) => {
      const reason = (exitReason = new WorkerExitedError(
        `detector worker thread ${threadId} exited with code ${code}${lastError ? `: ${lastError.message}` : ''}`,
        lastError ? { cause: lastError } : undefined,
      ));
      if (!ready) {
        rejectStart(reason);
        return;
      }
      for (const call of pending.values()) call.reject(reason);
      pending.clear();
      if (!closing) announceExit(reason);
    });
  });
}
