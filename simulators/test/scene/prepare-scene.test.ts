import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAL_TYPE } from '../../src/h264/annexb.js';
import { loadScene, prepareScene } from '../../src/scene/prepare-scene.js';
import { DEFAULT_SCENE_FILE } from '../../src/scene/scene-spec.js';

describe('prepareScene', () => {
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'argus-sim-prepare-'));
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  const small = { kind: 'synthetic', seconds: 2, width: 320, height: 180, fps: 25 } as const;

  it('encodes once, atomically, and reuses the cache (also for concurrent preparers)', async () => {
    const [a, b] = await Promise.all([prepareScene({ input: small, cacheDir }), prepareScene({ input: small, cacheDir })]);
    expect(a.file).toBe(b.file);
    expect(a.cached).toBe(false);
    const again = await prepareScene({ input: small, cacheDir });
    expect(again).toMatchObject({ file: a.file, cached: true, width: 320, height: 180, fps: { num: 25, den: 1 } });
    const names = await readdir(cacheDir);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(names.filter((n) => n.endsWith('.h264'))).toHaveLength(1);
  });

  it('keys the cache by target size', async () => {
    const main = await prepareScene({ input: small, cacheDir });
    const sub = await prepareScene({ input: small, cacheDir, size: { width: 160, height: 90 } });
    expect(sub.file).not.toBe(main.file);
    expect(sub).toMatchObject({ width: 160, height: 90 });
  });

  it('produces frames a camera would send: IDR every second, SPS/PPS before each IDR, no B-frames', async () => {
    const scene = await loadScene(await prepareScene({ input: small, cacheDir }));
    expect(scene.frames).toHaveLength(50);
    expect(scene.frames.flatMap((f, i) => (f.idr ? [i] : []))).toEqual([0, 25]);
    for (const frame of scene.frames.filter((f) => f.idr)) {
      expect(frame.nals.slice(0, 2).map((n) => n[0]! & 0x1f)).toEqual([NAL_TYPE.sps, NAL_TYPE.pps]);
    }
    expect(scene.frames.every((f) => f.nals.every((n) => (n[0]! & 0x1f) !== NAL_TYPE.aud))).toBe(true);
    expect(scene.profileLevelId).toMatch(/^[0-9A-F]{6}$/);
    expect(scene.spropParameterSets.split(',')).toHaveLength(2);
  });

  it.skipIf(!existsSync(DEFAULT_SCENE_FILE))('probes a real file and keeps its frame rate', async () => {
    const prepared = await prepareScene({ input: { kind: 'file', path: DEFAULT_SCENE_FILE, seconds: 1 }, cacheDir });
    expect(prepared).toMatchObject({ width: 768, height: 432, fps: { num: 25, den: 2 } });
    const scene = await loadScene(prepared);
    expect(scene.frames.length).toBeGreaterThanOrEqual(12);
    expect(scene.frames.length).toBeLessThanOrEqual(14);
  });

  it('fails with SIM_ERR_SCENE_NOT_FOUND for a missing file', async () => {
    await expect(prepareScene({ input: { kind: 'file', path: join(cacheDir, 'nope.mp4') }, cacheDir })).rejects.toMatchObject({
      code: 'SIM_ERR_SCENE_NOT_FOUND',
    });
  });
});
