import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegBinaries } from '@argus/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotDecoder } from '../../src/onvif/snapshot-decoder.js';
import { loadScene, prepareScene } from '../../src/scene/prepare-scene.js';
import type { SceneFrames } from '../../src/scene/scene-frames.js';

describe('SnapshotDecoder with real ffmpeg', () => {
  let dir: string;
  let scene: SceneFrames;
  const decoders: SnapshotDecoder[] = [];
  const home = { pan: 0, tilt: 0, zoom: 0 };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-snapshot-test-'));
    scene = await loadScene(await prepareScene({ input: { kind: 'synthetic', seconds: 2, width: 320, height: 180, fps: 10 }, cacheDir: dir }));
  });
  afterAll(async () => {
    for (const d of decoders) d.close();
    await rm(dir, { recursive: true, force: true });
  });

  const decoder = (): SnapshotDecoder => {
    const d = new SnapshotDecoder({ ffmpeg: ffmpegBinaries().ffmpeg });
    decoders.push(d);
    return d;
  };

  it('decodes a burst of requests for one view and second with one ffmpeg', async () => {
    const d = decoder();
    const jpegs = await Promise.all(Array.from({ length: 10 }, () => d.snapshot({ viewKey: 'cam-1/main', scene, sceneTimeSec: 1.4, position: home })));
    expect(d.decodes).toBe(1);
    for (const jpeg of jpegs) expect(jpeg).toBe(jpegs[0]);
    expect([...jpegs[0]!.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    // Same second, same view: still cached.
    await d.snapshot({ viewKey: 'cam-1/main', scene, sceneTimeSec: 1.9, position: home });
    expect(d.decodes).toBe(1);
  });

  it('decodes again for another second or another PTZ view, and the pictures differ', async () => {
    const d = decoder();
    const a = await d.snapshot({ viewKey: 'cam-1/main', scene, sceneTimeSec: 0, position: home });
    const b = await d.snapshot({ viewKey: 'cam-1/main', scene, sceneTimeSec: 0, position: { pan: 0, tilt: 0, zoom: 1 } });
    const c = await d.snapshot({ viewKey: 'cam-1/main', scene, sceneTimeSec: 1, position: home });
    expect(d.decodes).toBe(3);
    expect(a.equals(b)).toBe(false);
    expect(a.equals(c)).toBe(false);
  });
});
