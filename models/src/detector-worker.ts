/**
 * Worker-thread entry of the object detector: builds one detection engine
 * (tfjs backend + model) and answers `detect` requests one at a time. Kept a
 * module of its own so a bundler can emit it as a separate entry
 * (`detector-worker.js` next to the bundle, see detector-worker-entry.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDetectionEngine, type DetectionEngine } from './detection-engine.js';
import { serializeError } from './model-errors.js';
import type { DetectorReply, DetectorRequest, DetectorWorkerData } from './detector-protocol.js';

const port = parentPort;
if (!port) throw new Error('detector-worker must run in a worker thread');
const data = workerData as DetectorWorkerData;

function reply(message: DetectorReply): void {
  port!.postMessage(message);
}

async function serve(): Promise<void> {
  let engine: DetectionEngine;
  try {
    engine = await createDetectionEngine(data.engine);
  } catch (error) {
    // The pool rejects its start with this error and terminates the thread.
    reply({ type: 'start-failed', error: serializeError(error) });
    return;
  }
  port!.on('message', (request: DetectorRequest) => {
    if (request.type !== 'detect') return;
    engine.detect(request.image, request.options).then(
      (result) => reply({ type: 'result', id: request.id, result }),
      (error: unknown) => reply({ type: 'error', id: request.id, error: serializeError(error) }),
    );
  });
  reply({ type: 'ready', modelVersion: engine.modelVersion, labels: engine.labels, backend: engine.backend });
}

await serve();
