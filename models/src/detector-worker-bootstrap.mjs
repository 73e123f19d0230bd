// Starts detector-worker.ts in a worker thread when Argus runs from its
// TypeScript sources (tsx, vitest): registers tsx's ESM loader in this thread,
// then imports the worker module named in workerData. Bundled builds start
// detector-worker.js directly and never load this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsWorkerModule);
