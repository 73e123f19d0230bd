import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ModelLoadError } from './model-errors.js';

export type TfBackendPreference = 'auto' | 'wasm' | 'tfjs-node';

/** The backend actually in use: `tensorflow` (tfjs-node) or `wasm`. */
export type TfBackendName = 'tensorflow' | 'wasm';

let ready: Promise<TfBackendName> | undefined;

/**
 * Picks and initialises the tfjs backend once per thread: tfjs-node when it is
 * installed (it is optional and absent from the lock file; native TensorFlow
 * is several times faster), else the WebAssembly backend with its .wasm
 * binaries read from the installed package on disk. Nothing is fetched: the
 * edge runs without internet. The plain `cpu` backend is never used (about
 * 30x slower than wasm on MB3-CenterNet). The first call in a thread decides;
 * later preferences are ignored.
 */
export function initTfBackend(preference: TfBackendPreference = 'auto'): Promise<TfBackendName> {
  ready ??= selectBackend(preference).catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

async function selectBackend(preference: TfBackendPreference): Promise<TfBackendName> {
  if (preference !== 'wasm') {
    if (await tryTfjsNode()) return 'tensorflow';
    if (preference === 'tfjs-node') throw new ModelLoadError('tfjs backend: @tensorflow/tfjs-node was asked for but is not installed');
  }
  const before = processListeners();
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // A file path with a trailing separator: the backend appends the binary's
    // name and, under Node, reads it with fs.
    wasm.setWasmPaths(wasmDistDir() + path.sep);
    let ok: boolean;
    try {
      ok = await tf.setBackend('wasm');
    } catch (error) {
      throw new ModelLoadError(`tfjs backend: the wasm backend failed to start: ${describe(error)}`, { cause: error });
    }
    if (!ok) throw new ModelLoadError('tfjs backend: the wasm backend failed to start');
    await tf.ready();
    return 'wasm';
  } finally {
    removeListenersAddedSince(before);
  }
}

type ProcessEvent = 'uncaughtException' | 'unhandledRejection';
const PROCESS_EVENTS: readonly ProcessEvent[] = ['uncaughtException', 'unhandledRejection'];

// The plain EventEmitter view: its listeners() takes any event name.
const emitter: NodeJS.EventEmitter = process;

function processListeners(): Map<ProcessEvent, readonly Function[]> {
  return new Map(PROCESS_EVENTS.map((event) => [event, emitter.listeners(event)]));
}

/**
 * The wasm backend's Emscripten glue adds process-wide `uncaughtException`
 * and `unhandledRejection` listeners that rethrow: they would turn every
 * unhandled rejection anywhere in the host (the cloud, a test runner) into a
 * crash and defeat the host's own handlers. Remove what it added.
 */
function removeListenersAddedSince(before: Map<ProcessEvent, readonly Function[]>): void {
  for (const event of PROCESS_EVENTS) {
    const known = before.get(event) ?? [];
    for (const listener of emitter.listeners(event)) {
      if (!known.includes(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
}

async function tryTfjsNode(): Promise<boolean> {
  // A non-literal specifier: tfjs-node is optional, so neither TypeScript nor
  // a bundler may insist on finding it.
  const specifier = '@tensorflow/tfjs-node';
  try {
    await import(specifier);
  } catch {
    // Not installed (the usual case) or its native binding does not load here.
    return false;
  }
  if (!(await tf.setBackend('tensorflow'))) return false;
  await tf.ready();
  return true;
}

/** The folder of @tensorflow/tfjs-backend-wasm's JS and .wasm files. */
export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  // The package's main is dist/tf-backend-wasm.node.js, next to the .wasm files.
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export { tf };
