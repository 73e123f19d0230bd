import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isArgusError } from '@argus/core';
import { ffmpegBinaries, type Logger } from '@argus/runtime';
import { SIM_ERRORS, simError } from '../simulator-errors.js';
import { ENCODE_RECIPE_VERSION, sceneEncodeArgs } from './encode-args.js';
import { runTool } from './ffmpeg-process.js';
import { probeVideo } from './probe-video.js';
import { buildSceneFrames, type FrameRate, type SceneFrames } from './scene-frames.js';
import { loadSceneScript } from './scene-library.js';
import type { SceneScript } from './scene-script.js';
import { SYNTHETIC_DEFAULTS, type PictureSize, type SceneInput } from './scene-spec.js';

/** Where encoded scenes are kept between runs. */
export const DEFAULT_CACHE_DIR = join(tmpdir(), 'argus-sim-cache'); // used by createSimulator

const ENCODE_TIMEOUT_MS = 10 * 60_000; // a 30 s clip takes seconds; this only stops a hung ffmpeg

export interface PrepareSceneOptions {
  readonly input: SceneInput;
  /** Output size; undefined keeps the source size. */
  readonly size?: PictureSize;
  readonly cacheDir?: string;
  readonly log?: Logger;
}

/** An encoded scene on disk: an H.264 Annex-B file and what it holds. */
export interface PreparedScene {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly fps: FrameRate;
  /** True when the file came from the cache (no encode in this call). */
  readonly cached: boolean;
  /** The resolved script of a named/script scene (what its ground truth is computed from). */
  readonly script?: SceneScript;
}

interface SceneMeta {
  readonly width: number;
  readonly height: number;
  readonly fps: FrameRate;
}

const OUTPUT_PLACEHOLDER = '<output>';

// Encodes in flight in this process, by output file: cameras sharing a scene
// wait for one encode instead of racing several identical ones.
const inflight = new Map<string, Promise<PreparedScene>>();

/**
 * Turns a scene input into a cached H.264 elementary stream (see
 * encode-args.ts for the recipe). The cache key hashes the input (path,
 * size, mtime), the encode arguments and the recipe version, so a changed
 * file or recipe re-encodes and anything else is reused. The encoder writes
 * to a unique temporary name that is renamed into place, so concurrent
 * preparers (other processes, other test files) never see a partial file.
 */
export async function prepareScene(options: PrepareSceneOptions): Promise<PreparedScene> {
  const cacheDir = resolve(options.cacheDir ?? DEFAULT_CACHE_DIR);
  const input = options.input.kind === 'file' ? { ...options.input, path: resolve(options.input.path) } : options.input;
  let fileStat: { size: number; mtimeMs: number } | undefined;
  let source: { width: number; height: number; fps: FrameRate };
  const script = await loadSceneScript(input);
  if (script) {
    source = { width: script.width, height: script.height, fps: { num: script.fps, den: 1 } };
  } else if (input.kind === 'file') {
    try {
      const s = await stat(input.path);
      if (!s.isFile()) throw new Error('not a regular file');
      fileStat = { size: s.size, mtimeMs: s.mtimeMs };
    } catch (err) {
      throw simError(SIM_ERRORS.sceneNotFound, `scene file ${input.path} cannot be read`, err);
    }
    source = await probeVideo(input.path);
  } else if (input.kind === 'synthetic') {
    source = {
      width: input.width ?? SYNTHETIC_DEFAULTS.width,
      height: input.height ?? SYNTHETIC_DEFAULTS.height,
      fps: { num: input.fps ?? SYNTHETIC_DEFAULTS.fps, den: 1 },
    };
  } else {
    throw simError(SIM_ERRORS.sceneInvalid, `scene input of kind ${input.kind} has no script`);
  }
  const meta: SceneMeta = {
    width: options.size?.width ?? Math.floor(source.width / 2) * 2,
    height: options.size?.height ?? Math.floor(source.height / 2) * 2,
    fps: source.fps,
  };
  const args = sceneEncodeArgs({ input, fps: source.fps, size: options.size, output: OUTPUT_PLACEHOLDER, script });
  const key = createHash('sha256')
    .update(JSON.stringify({ recipe: ENCODE_RECIPE_VERSION, args, fileStat }))
    .digest('hex')
    .slice(0, 32);
  const file = join(cacheDir, `${key}.h264`);

  const withScript = (prepared: PreparedScene): PreparedScene => (script ? { ...prepared, script } : prepared);
  const cached = await readCached(file);
  if (cached) return withScript(cached);
  const running = inflight.get(file);
  if (running) return running.then(withScript);
  const job = encode(file, args, meta, options.log).finally(() => inflight.delete(file));
  inflight.set(file, job);
  return job.then(withScript);
}

function metaPath(file: string): string {
  return file.replace(/\.h264$/, '.json');
}

async function readCached(file: string): Promise<PreparedScene | undefined> {
  try {
    const [s, text] = await Promise.all([stat(file), readFile(metaPath(file), 'utf8')]);
    const meta = JSON.parse(text) as SceneMeta;
    if (s.size === 0 || !(meta.width > 0 && meta.height > 0 && meta.fps.num > 0 && meta.fps.den > 0)) return undefined;
    return { file, width: meta.width, height: meta.height, fps: meta.fps, cached: true };
  } catch {
    // Missing or unreadable entry: treated as a cache miss and re-encoded.
    return undefined;
  }
}

async function encode(file: string, argsTemplate: readonly string[], meta: SceneMeta, log: Logger | undefined): Promise<PreparedScene> {
  await mkdir(join(file, '..'), { recursive: true });
  const unique = `${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const tmpVideo = `${file}.${unique}`;
  const tmpMeta = `${metaPath(file)}.${unique}`;
  const args = argsTemplate.map((a) => (a === OUTPUT_PLACEHOLDER ? tmpVideo : a));
  const started = Date.now();
  log?.info({ file, width: meta.width, height: meta.height }, 'encoding scene');
  try {
    await runTool(ffmpegBinaries().ffmpeg, args, ENCODE_TIMEOUT_MS);
    // Meta first, video last: the video's presence is what marks the entry complete.
    await writeFile(tmpMeta, JSON.stringify(meta));
    await rename(tmpMeta, metaPath(file));
    await rename(tmpVideo, file);
  } catch (err) {
    await Promise.all([rm(tmpVideo, { force: true }), rm(tmpMeta, { force: true })]);
    if (isArgusError(err)) throw err;
    throw simError(SIM_ERRORS.sceneEncode, `scene encode failed: ${err instanceof Error ? err.message : String(err)}`, err);
  }
  log?.info({ file, ms: Date.now() - started }, 'scene encoded');
  return { file, width: meta.width, height: meta.height, fps: meta.fps, cached: false };
}

/** Reads a prepared scene into memory, cut into frames. */
export async function loadScene(scene: PreparedScene): Promise<SceneFrames> {
  const data = await readFile(scene.file);
  return buildSceneFrames(data, scene);
}
