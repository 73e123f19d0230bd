import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SIM_ERRORS, simError } from '../simulator-errors.js';
import { parseSceneScript, scaleSceneScript, type SceneScript } from './scene-script.js';
import { BUILTIN_SCENES_DIR, type SceneInput } from './scene-spec.js';

/** Names of the built-in scenes (the `*.json` files in `simulators/scenes/`), sorted. */
export async function builtinSceneNames(): Promise<string[]> {
  try {
    return (await readdir(BUILTIN_SCENES_DIR)).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort();
  } catch {
    // No scenes folder (a trimmed install): simply no built-in scenes.
    return [];
  }
}

async function readScriptFile(path: string, what: string): Promise<SceneScript> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw simError(SIM_ERRORS.sceneNotFound, `${what} cannot be read`, err);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw simError(SIM_ERRORS.sceneInvalid, `${what} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, err);
  }
  return parseSceneScript(json, what);
}

/**
 * The script behind a scripted input (named or script), validated and scaled
 * to the input's canvas overrides; undefined for file and synthetic inputs.
 * Unknown names fail with SIM_ERR_SCENE_NOT_FOUND listing the known ones.
 */
export async function loadSceneScript(input: SceneInput): Promise<SceneScript | undefined> {
  if (input.kind === 'named') {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(input.name) || !(await builtinSceneNames()).includes(input.name)) {
      const known = await builtinSceneNames();
      throw simError(SIM_ERRORS.sceneNotFound, `no built-in scene ${JSON.stringify(input.name)} (known: ${known.join(', ') || 'none'})`);
    }
    const script = await readScriptFile(`${BUILTIN_SCENES_DIR}${input.name}.json`, `scene ${input.name}`);
    return scaleSceneScript(script, input);
  }
  if (input.kind === 'script') {
    const script =
      typeof input.source === 'string'
        ? await readScriptFile(resolve(input.source), `scene script ${input.source}`)
        : parseSceneScript(input.source, `scene ${String((input.source as { name?: unknown }).name)}`);
    return scaleSceneScript(script, input);
  }
  return undefined;
}
