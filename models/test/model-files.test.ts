import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjectDetector, humanModelsDir, ModelIntegrityError, SHIPPED_MODELS } from '../src/index.js';

describe('shipped model files', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'argus-models-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function copyModel(into: string): Promise<void> {
    for (const file of Object.keys(SHIPPED_MODELS['mb3-centernet'].sha256)) await copyFile(path.join(humanModelsDir(), file), path.join(into, file));
  }

  it('loads a verified copy from any folder, leaving the process error handlers as they were', async () => {
    const good = await mkdtemp(path.join(dir, 'good-'));
    await copyModel(good);
    const handlers = () => [process.listeners('uncaughtException'), process.listeners('unhandledRejection')];
    const before = handlers();
    const detector = await createObjectDetector({ mode: 'inline', modelDir: good });
    expect(detector.modelVersion).toBe('mb3-centernet-512@human-models-3.0.4');
    // The wasm backend's Emscripten glue adds rethrowing ones; tf-runtime removes them.
    expect(handlers()).toEqual(before);
    await detector.close();
  });

  it('refuses weights whose sha256 differs from the recorded one, naming the file, inline and in a worker', async () => {
    const bad = await mkdtemp(path.join(dir, 'bad-'));
    await copyModel(bad);
    const weights = path.join(bad, 'centernet.bin');
    const bytes = await readFile(weights);
    bytes[1000] = bytes[1000]! ^ 0xff;
    await writeFile(weights, bytes);

    const inline = createObjectDetector({ mode: 'inline', modelDir: bad });
    await expect(inline).rejects.toBeInstanceOf(ModelIntegrityError);
    await expect(inline).rejects.toThrow(/centernet\.bin has sha256 [0-9a-f]{64}, expected 1b635a15/);
    await expect(createObjectDetector({ mode: 'worker', modelDir: bad })).rejects.toBeInstanceOf(ModelIntegrityError);
  });

  it('refuses a folder without the model', async () => {
    await expect(createObjectDetector({ mode: 'inline', modelDir: path.join(dir, 'nothing-here') })).rejects.toThrow(
      /centernet\.json cannot be read/,
    );
  });
});
