import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, ffmpegBinaries } from '@argus/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isMotionAt } from '../../src/ground-truth/ground-truth.js';
import { createSimulator, type Simulator } from '../../src/index.js';
import { monotonicEpochMs } from '../../src/scene/scene-timeline.js';
import { parseProbeStreams, probeArgs, ToolRunner } from '../helpers/tool-runner.js';

describe('a named synthetic scene served over RTSP', () => {
  const ffprobe = ffmpegBinaries().ffprobe ?? 'ffprobe';
  const tools = new ToolRunner();
  let sim: Simulator;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-sim-named-'));
    sim = createSimulator({
      port: 0,
      cacheDir: join(dir, 'cache'),
      logger: createLogger({ name: 'argus-sim-test', level: 'silent' }),
      cameras: [
        // A small canvas keeps the encode short; the CLI passes the bare name ('corridor').
        { id: 'cam-corridor', scene: { kind: 'named', name: 'corridor', width: 640, height: 360, fps: 10 } },
      ],
    });
    await sim.start();
  }, 60_000);
  afterEach(() => tools.killAll());
  afterAll(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is read by ffprobe over TCP at the scene size', async () => {
    const result = await tools.run(ffprobe, probeArgs(sim.cameraUrls('cam-corridor').main, { tcp: true }));
    expect(result.code, result.stderr).toBe(0);
    expect(parseProbeStreams(result.stdout)).toEqual([{ codec_name: 'h264', width: 640, height: 360 }]);
  });

  it('exposes the scene ground truth, a running timeline and a motion source on the camera', () => {
    const camera = sim.camera('cam-corridor');
    const truth = camera.groundTruth!;
    expect(truth).toMatchObject({ scene: 'corridor', derived: false, width: 640, height: 360, frames: 300, durationSec: 30 });
    expect(truth.objects.map((o) => o.label)).toEqual(['person', 'person', 'person']);
    // The timeline runs whether or not anyone watches; positions wrap at the loop length.
    const now = monotonicEpochMs();
    const t0 = camera.sceneTimeSec(now);
    expect(t0).toBeGreaterThanOrEqual(0);
    expect(t0).toBeLessThan(30);
    expect((camera.sceneTimeSec(now + 2_500) - t0 + 30) % 30).toBeCloseTo(2.5, 1);
    expect(camera.sceneTimeSec(now + 30_000)).toBeCloseTo(t0, 9);
    // Motion follows the truth's intervals through the loop: ~4 s in a person walks, at ~10 s nobody is there.
    const at = (sec: number): number => now + (((sec - t0 + 30) % 30) * 1000) + 50;
    expect(camera.motionSource.isMotion(at(4))).toBe(true);
    expect(camera.motionSource.isMotion(at(10))).toBe(false);
    for (let s = 0; s < 30; s += 0.5) expect(camera.motionSource.isMotion(at(s))).toBe(isMotionAt(truth, camera.sceneTimeSec(at(s))));
  });
});
