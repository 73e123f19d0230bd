import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Logger } from '@argus/runtime';
import type { PreparedScene } from '../scene/prepare-scene.js';
import type { SceneInput } from '../scene/scene-spec.js';
import { deriveMotionGroundTruth } from './derive-motion.js';
import { GROUND_TRUTH_VERSION, groundTruthFromScript, type SceneGroundTruth } from './ground-truth.js';

/** The ground-truth file of a prepared scene: beside the video, same cache key, versioned. */
export function groundTruthPath(sceneFile: string): string {
  return sceneFile.replace(/\.h264$/, '') + `.truth-v${GROUND_TRUTH_VERSION}.json`;
}

/** A readable scene name for a derived truth: the file's base name, or `synthetic`. */
export function sceneNameOf(input: SceneInput): string {
  switch (input.kind) {
    case 'file':
      return basename(input.path);
    case 'named':
      return input.name;
    case 'script':
      return typeof input.source === 'string' ? basename(input.source) : input.source.name;
    case 'synthetic':
      return 'synthetic';
  }
}

const inflight = new Map<string, Promise<SceneGroundTruth>>();

/**
 * The ground truth of a prepared scene, computed once and cached beside it:
 * from the script for scripted scenes (exact), by frame differencing of the
 * decoded stream otherwise (`derived: true`). Written to a unique temporary
 * name and renamed into place, like the video.
 */
export async function prepareGroundTruth(options: {
  readonly input: SceneInput;
  readonly prepared: PreparedScene;
  readonly log?: Logger;
}): Promise<SceneGroundTruth> {
  const file = groundTruthPath(options.prepared.file);
  const cached = await readTruth(file);
  if (cached) return cached;
  const running = inflight.get(file);
  if (running) return running;
  const job = (async () => {
    const started = Date.now();
    const truth = options.prepared.script
      ? groundTruthFromScript(options.prepared.script)
      : await deriveMotionGroundTruth(options.prepared, sceneNameOf(options.input));
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(truth));
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    options.log?.info({ file, derived: truth.derived, motionIntervals: truth.motion.length, ms: Date.now() - started }, 'scene ground truth ready');
    return truth;
  })().finally(() => inflight.delete(file));
  inflight.set(file, job);
  return job;
}

/** Reads a cached ground truth; anything missing or malformed is a miss (recomputed). */
export async function readTruth(file: string): Promise<SceneGroundTruth | undefined> {
  try {
    const truth = JSON.parse(await readFile(file, 'utf8')) as SceneGroundTruth;
    return truth.version === GROUND_TRUTH_VERSION && Array.isArray(truth.motion) && truth.frames > 0 ? truth : undefined;
  } catch {
    // Missing or unreadable: computed again.
    return undefined;
  }
}
