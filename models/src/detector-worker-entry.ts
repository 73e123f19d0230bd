/**
 * Where the detector's worker thread starts. From the TypeScript sources
 * (tsx, vitest: this file's URL ends in `.ts`) it is the small .mjs bootstrap
 * that registers tsx and imports detector-worker.ts. From a bundle it is
 * `detector-worker.js` beside the bundle: build detector-worker.ts as its own
 * entry point under that name (esbuild: `entryPoints: { 'detector-worker':
 * 'models/src/detector-worker.ts', … }`), or pass `workerEntry` explicitly.
 */
export interface DetectorWorkerEntry {
  /** The file the Worker is started with. */
  readonly url: URL;
  /** Set for the TypeScript bootstrap: the worker module it imports. */
  readonly tsWorkerModule?: string;
}

export function detectorWorkerEntry(): DetectorWorkerEntry {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.ts')) {
    return {
      url: new URL('./detector-worker-bootstrap.mjs', import.meta.url),
      tsWorkerModule: new URL('./detector-worker.ts', import.meta.url).href,
    };
  }
  return { url: new URL('./detector-worker.js', import.meta.url) };
}
