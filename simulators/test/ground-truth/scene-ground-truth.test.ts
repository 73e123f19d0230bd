import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegBinaries, readRawFrames } from '@argus/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveMotionGroundTruth } from '../../src/ground-truth/derive-motion.js';
import type { SceneGroundTruth } from '../../src/ground-truth/ground-truth.js';
import { groundTruthPath, prepareGroundTruth } from '../../src/ground-truth/ground-truth-store.js';
import { prepareScene, type PreparedScene } from '../../src/scene/prepare-scene.js';
import { builtinSceneNames, loadSceneScript } from '../../src/scene/scene-library.js';
import { DEFAULT_SCENE_FILE, type SceneInput } from '../../src/scene/scene-spec.js';

/**
 * The acceptance check: the ground truth written beside a generated
 * scene must match what the decoded video actually shows. Presence is
 * re-derived from pixels (difference against the empty first frame, inside
 * each object's region), independently of how the scene was rendered.
 */

/** Decodes a prepared scene into grey frames at its own size (small scenes only: all frames stay in memory). */
async function decodeGrey(prepared: PreparedScene): Promise<Uint8Array[]> {
  const frames: Uint8Array[] = [];
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'h264', '-i', prepared.file, '-vf', 'format=gray', '-vsync', 'passthrough', '-f', 'rawvideo', 'pipe:1'];
  await readRawFrames(ffmpegBinaries().ffmpeg, args, prepared.width * prepared.height, (f) => frames.push(Uint8Array.from(f)), 60_000);
  return frames;
}

/** Fraction of the region's pixels that differ from the reference by more than `threshold`. */
function regionChange(frame: Uint8Array, reference: Uint8Array, width: number, box: { x: number; y: number; w: number; h: number }, threshold = 30): number {
  let changed = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      const i = y * width + x;
      if (Math.abs(frame[i]! - reference[i]!) > threshold) changed++;
    }
  }
  return changed / (box.w * box.h);
}

function meanLuma(frame: Uint8Array): number {
  let sum = 0;
  for (const v of frame) sum += v;
  return sum / frame.length;
}

describe('scene ground truth against the decoded video', () => {
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'argus-sim-truth-'));
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  describe('parking-lot (640x360, 10 fps)', () => {
    const input: SceneInput = { kind: 'named', name: 'parking-lot', width: 640, height: 360, fps: 10 };
    let prepared: PreparedScene;
    let truth: SceneGroundTruth;
    let frames: Uint8Array[];
    beforeAll(async () => {
      prepared = await prepareScene({ input, cacheDir });
      truth = await prepareGroundTruth({ input, prepared });
      frames = await decodeGrey(prepared);
    }, 60_000);

    it('writes the ground truth beside the video, with the video\'s size, rate and frame count', async () => {
      expect(existsSync(groundTruthPath(prepared.file))).toBe(true);
      expect(JSON.parse(await readFile(groundTruthPath(prepared.file), 'utf8'))).toEqual(truth);
      expect(truth).toMatchObject({ scene: 'parking-lot', derived: false, width: 640, height: 360, fps: { num: 10, den: 1 }, frames: 400, durationSec: 40 });
      expect(frames).toHaveLength(truth.frames);
      expect(truth.objects.map((o) => `${o.label}:${o.id}`)).toEqual(['car:car-1', 'car:car-2', 'person:person-1']);
      expect(truth.objects[0]!.stopped).toEqual([{ fromSec: 8, toSec: 14 }]);
    });

    it('finds every object appearing and disappearing in the decoded frames within one frame of the JSON', () => {
      const reference = frames[0]!; // the scene starts empty
      const results = truth.objects.map((object) => {
        const byFrame = new Map(object.boxes.map((b) => [b.frame, b]));
        const present = frames.map((frame, n) => {
          // Where to look: the object's box, or before/after its life the first/last box (so "absent" is checked on the spot).
          const box = byFrame.get(n) ?? (n < object.appearFrame ? object.boxes[0]! : object.boxes.at(-1)!);
          return regionChange(frame, reference, truth.width, box) > 0.5;
        });
        const appear = present.indexOf(true);
        const disappear = present.lastIndexOf(true) + 1;
        const visible = object.boxes.filter((b) => present[b.frame]).length / object.boxes.length;
        return { id: object.id, appear, disappear, expected: [object.appearFrame, object.disappearFrame], visible };
      });
      for (const r of results) {
        expect(Math.abs(r.appear - r.expected[0]!), `${r.id} appears at frame ${r.appear}, JSON says ${r.expected[0]}`).toBeLessThanOrEqual(1);
        expect(Math.abs(r.disappear - r.expected[1]!), `${r.id} disappears at frame ${r.disappear}, JSON says ${r.expected[1]}`).toBeLessThanOrEqual(1);
        // And it is found in its box on (nearly) every frame in between: the boxes follow the picture.
        expect(r.visible, r.id).toBeGreaterThan(0.97);
      }
    });

    it('shows no motion inside a stopped car\'s box while the JSON says it waits', () => {
      const car = truth.objects.find((o) => o.id === 'car-1')!;
      const stop = car.stopped[0]!;
      const box = car.boxes.find((b) => b.frame === Math.round(stop.fromSec * 10))!;
      for (let n = Math.round(stop.fromSec * 10) + 1; n < Math.round(stop.toSec * 10); n++) {
        expect(regionChange(frames[n]!, frames[n - 1]!, truth.width, box), `frame ${n}`).toBeLessThan(0.02);
      }
      // Before it stops, the same box changes from frame to frame.
      const before = Math.round(stop.fromSec * 10) - 1;
      expect(regionChange(frames[before]!, frames[before - 1]!, truth.width, box)).toBeGreaterThan(0.05);
    });

    it('agrees with motion derived from the same pixels by frame differencing', async () => {
      const derived = await deriveMotionGroundTruth({ ...prepared, script: undefined }, 'parking-lot', { mergeGapFrames: 0, minDurationFrames: 1 });
      expect(derived).toMatchObject({ derived: true, frames: 400, objects: [] });
      const flags = (t: SceneGroundTruth): boolean[] => Array.from({ length: 400 }, (_, n) => t.motion.some((m) => n / 10 >= m.startSec - 1e-9 && n / 10 < m.endSec - 1e-9));
      const a = flags(truth);
      const b = flags(derived);
      const agree = a.filter((v, n) => v === b[n]).length / a.length;
      expect(agree).toBeGreaterThan(0.97);
    });
  });

  it('puts every IR switch of night-ir on an abrupt global brightness change, within one frame', async () => {
    const input: SceneInput = { kind: 'named', name: 'night-ir', width: 320, height: 180, fps: 10 };
    const prepared = await prepareScene({ input, cacheDir });
    const truth = await prepareGroundTruth({ input, prepared });
    const means = (await decodeGrey(prepared)).map(meanLuma);
    const jumps = means.flatMap((m, n) => (n > 0 && Math.abs(m - means[n - 1]!) > 10 ? [n] : []));
    expect(truth.lightChanges.map((l) => [l.kind, l.atSec])).toEqual([
      ['ir-on', 10],
      ['ir-off', 20],
    ]);
    expect(jumps).toHaveLength(truth.lightChanges.length);
    truth.lightChanges.forEach((change, i) => expect(Math.abs(jumps[i]! - change.frame)).toBeLessThanOrEqual(1));
    expect(means[truth.lightChanges[0]!.frame + 5]! - means[truth.lightChanges[0]!.frame - 5]!).toBeGreaterThan(20); // brighter under IR
  }, 60_000);

  it('switches the light of light-switch abruptly on its switch frames, and nothing moves', async () => {
    const input: SceneInput = { kind: 'named', name: 'light-switch', width: 320, height: 180, fps: 10 };
    const prepared = await prepareScene({ input, cacheDir });
    const truth = await prepareGroundTruth({ input, prepared });
    expect(truth.motion).toEqual([]);
    expect(truth.lightChanges.map((l) => [l.kind, l.atSec])).toEqual([
      ['switch', 6],
      ['switch', 12],
      ['switch', 18],
      ['switch', 24],
      ['switch', 27],
    ]);
    const means = (await decodeGrey(prepared)).map(meanLuma);
    const jumps = means.flatMap((m, n) => (n > 0 && Math.abs(m - means[n - 1]!) > 8 ? [n] : []));
    expect(jumps).toHaveLength(truth.lightChanges.length);
    truth.lightChanges.forEach((change, i) => expect(Math.abs(jumps[i]! - change.frame)).toBeLessThanOrEqual(1));
    expect(means[65]!).toBeLessThan(means[55]! - 30); // lights off
    expect(Math.abs(means[125]! - means[55]!)).toBeLessThan(2); // back on: the original light
  }, 60_000);

  it('darkens dimming gradually, a little per frame, and brings it back', async () => {
    const input: SceneInput = { kind: 'named', name: 'dimming', width: 320, height: 180, fps: 10 };
    const prepared = await prepareScene({ input, cacheDir });
    const truth = await prepareGroundTruth({ input, prepared });
    expect(truth.motion).toEqual([]);
    expect(truth.lightChanges).toEqual([
      { kind: 'dim', atSec: 3, frame: 30, endSec: 11 },
      { kind: 'dim', atSec: 18, frame: 180, endSec: 26 },
    ]);
    const means = (await decodeGrey(prepared)).map(meanLuma);
    const steps = means.slice(1).map((m, n) => Math.abs(m - means[n]!));
    // No abrupt change anywhere: the encoder lets a slow global change through in small steps of a few levels (skipped
    // macroblocks until the difference grows), far from the switches' jumps of 30 levels and more.
    expect(Math.max(...steps)).toBeLessThan(6);
    expect(means[150]!).toBeLessThan(means[20]! - 25); // dark between the ramps
    expect(Math.abs(means[280]! - means[20]!)).toBeLessThan(4); // light again at the end
  }, 60_000);

  it('ships valid built-in scenes: parking-lot, corridor, night-ir, dimming and light-switch', async () => {
    const names = await builtinSceneNames();
    expect(names).toEqual(expect.arrayContaining(['parking-lot', 'corridor', 'night-ir', 'dimming', 'light-switch']));
    for (const name of names) expect((await loadSceneScript({ kind: 'named', name }))?.name).toBe(name);
    await expect(loadSceneScript({ kind: 'named', name: 'no-such-scene' })).rejects.toMatchObject({ code: 'SIM_ERR_SCENE_NOT_FOUND' });
  });

  it.skipIf(!existsSync(DEFAULT_SCENE_FILE))('derives motion intervals for a real clip once and caches them beside it', async () => {
    const input: SceneInput = { kind: 'file', path: DEFAULT_SCENE_FILE, seconds: 10 };
    const prepared = await prepareScene({ input, cacheDir });
    const started = Date.now();
    const truth = await prepareGroundTruth({ input, prepared });
    const coldMs = Date.now() - started;
    expect(truth).toMatchObject({ derived: true, scene: 'intel_car-detection.mp4', width: 768, height: 432, fps: { num: 25, den: 2 }, objects: [] });
    expect(truth.frames).toBeGreaterThanOrEqual(124);
    expect(truth.motion.length).toBeGreaterThan(0);
    for (const m of truth.motion) expect(m.endSec).toBeGreaterThan(m.startSec);
    const again = Date.now();
    expect(await prepareGroundTruth({ input, prepared })).toEqual(truth);
    expect(Date.now() - again).toBeLessThan(Math.max(200, coldMs));
  }, 60_000);
});
