import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION, type DetectionSettings } from '@argus/contracts';
import { MotionDetector, sensitivityParams } from './motion-detector.js';
import type { MotionResult } from './motion-types.js';
import { seededRandom } from '@argus/core';

/**
 * Synthetic frames: a static textured background with temporal sensor
 * noise (seeded, so every run sees the same pixels), filled rectangles as
 * objects, and a global light (gain and offset, applied to objects too:
 * they are lit by the same light). Frames come at 5 fps: frame n at n*200 ms.
 */
const W = 128;
const H = 72;
const FRAME_MS = 200;


interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly level: number;
}

interface Light {
  readonly gain?: number;
  readonly offset?: number;
}

class Scene {
  private readonly texture = new Float32Array(W * H);
  private readonly noise: () => number;

  constructor(seed = 1, private readonly noiseLevel = 3) {
    const r = seededRandom(seed);
    const [fx, fy, px, py] = [0.15 + 0.15 * r(), 0.1 + 0.15 * r(), 6 * r(), 6 * r()];
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        this.texture[y * W + x] = 110 + 35 * Math.sin(x * fx + px) * Math.cos(y * fy + py) + 20 * (r() - 0.5);
      }
    }
    this.noise = seededRandom(seed + 99);
  }

  /** The background's level at (x, y), without noise. */
  levelAt(x: number, y: number): number {
    return Math.round(this.texture[y * W + x]!);
  }

  /** Replaces the background by another one (what an IR switch does to foliage and fabrics). */
  other(seed: number): Scene {
    return new Scene(seed, this.noiseLevel);
  }

  frame(rects: readonly Rect[] = [], light: Light = {}): Uint8Array {
    const gain = light.gain ?? 1;
    const offset = light.offset ?? 0;
    const out = new Uint8Array(W * H);
    for (let i = 0; i < W * H; i++) {
      const y = (i / W) | 0;
      const x = i - y * W;
      let v = this.texture[i]!;
      for (const r of rects) if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) v = r.level;
      // Roughly Gaussian noise: the sum of three uniforms.
      const n = (this.noise() + this.noise() + this.noise() - 1.5) * 2 * this.noiseLevel;
      out[i] = Math.max(0, Math.min(255, Math.round(v * gain + offset + n)));
    }
    return out;
  }
}

function detector(settings: Partial<DetectionSettings> = {}): MotionDetector {
  return new MotionDetector({ width: W, height: H, settings: { ...DEFAULT_DETECTION, ...settings } });
}

/** Runs frames through a detector; `frames(n)` gives frame n. */
function run(d: MotionDetector, count: number, frames: (n: number) => Uint8Array, from = 0): MotionResult[] {
  const results: MotionResult[] = [];
  for (let n = from; n < from + count; n++) results.push(d.detect({ data: frames(n), width: W, height: H, at: n * FRAME_MS }));
  return results;
}

/** A dark box 12x12 walking right at `speed` px per frame from x0, starting at frame `from`. */
function walker(n: number, from: number, x0 = 4, speed = 3, level = 20): Rect[] {
  return n < from ? [] : [{ x: x0 + (n - from) * speed, y: 30, w: 12, h: 12, level }];
}

describe('MotionDetector on a still scene', () => {
  it('reports nothing on a still, noisy picture', () => {
    const scene = new Scene(1, 4);
    const results = run(detector(), 75, () => scene.frame());
    expect(results.filter((r) => r.motion)).toEqual([]);
  });

  it('takes the first frame as the background and reports motion from the second one', () => {
    const scene = new Scene(2);
    const d = detector();
    expect(d.detect({ data: scene.frame([{ x: 10, y: 10, w: 12, h: 12, level: 240 }]), width: W, height: H, at: 0 })).toMatchObject({ motion: false, recalibrated: false });
    // The box has gone: where it was now differs from the background (a restarted decoder may join mid-walk).
    expect(d.detect({ data: scene.frame([{ x: 40, y: 10, w: 12, h: 12, level: 240 }]), width: W, height: H, at: 200 }).motion).toBe(true);
  });
});

describe('MotionDetector on moving objects', () => {
  it('finds a box moving across, with a box around it and its share of the picture', () => {
    const scene = new Scene(3);
    const d = detector();
    const results = run(d, 40, (n) => scene.frame(walker(n, 10)));
    expect(results.slice(0, 10).some((r) => r.motion)).toBe(false);
    expect(results.slice(11, 40).every((r) => r.motion)).toBe(true);
    const at20 = results[20]!;
    // Frame 20: the box is at x = 4 + 30 = 34..46, y = 30..42 (in normalised units: 0.27..0.36, 0.42..0.58).
    expect(at20.box!.x).toBeLessThanOrEqual(34 / W);
    expect(at20.box!.x + at20.box!.width).toBeGreaterThanOrEqual(46 / W);
    expect(at20.box!.y).toBeLessThanOrEqual(30 / H);
    expect(at20.box!.y + at20.box!.height).toBeGreaterThanOrEqual(42 / H);
    expect(at20.box!.width).toBeLessThan(0.3); // not the whole picture
    expect(at20.area).toBeGreaterThan(0.01);
    expect(at20.area).toBeLessThan(0.06);
    expect(at20.regions).toBe(1);
  });

  it('finds a bright object on the brightest part of the picture and a dark one on the darkest', () => {
    const scene = new Scene(4);
    const bright = run(detector(), 30, (n) => scene.frame(n < 10 ? [] : [{ x: 4 + (n - 10) * 3, y: 2, w: 10, h: 10, level: 255 }]));
    const dark = run(detector(), 30, (n) => scene.frame(n < 10 ? [] : [{ x: 4 + (n - 10) * 3, y: 2, w: 10, h: 10, level: 0 }]));
    expect(bright.slice(12).every((r) => r.motion)).toBe(true);
    expect(dark.slice(12).every((r) => r.motion)).toBe(true);
  });

  it('ignores regions under the minimum area, which shrinks as sensitivity rises', () => {
    const scene = new Scene(5);
    // A box jumping between two places every frame from frame 10, `delta` levels brighter than the background there.
    const jumping = (size: number, delta: number) => (n: number) =>
      scene.frame(n < 10 ? [] : [{ x: 20 + (n % 2) * 40, y: 20, w: size, h: size, level: scene.levelAt(20 + (n % 2) * 40, 20) + delta }]);
    const runs = (sensitivity: number, size: number, delta: number): MotionResult[] => run(detector({ sensitivity }), 30, jumping(size, delta)).slice(12);
    // 128x72 = 9216 px: the minimum area is 0.1 % at sensitivity 0.5 (9 px after dilation), 0.4 % at 0 (37 px). The
    // blur spreads a bright pixel over 3x3, which the dilation grows to 5x5 = 25 px.
    expect(runs(0.5, 1, 25).some((r) => r.motion)).toBe(false); // a faint pixel: noise
    expect(runs(0.5, 1, 120).every((r) => r.motion)).toBe(true);
    expect(runs(0, 1, 120).some((r) => r.motion)).toBe(false);
    expect(runs(0, 5, 120).every((r) => r.motion)).toBe(true);
  });

  it('stops reporting an object that stopped, and reports it again when it leaves', () => {
    const scene = new Scene(6);
    const parked = (n: number): Rect[] => {
      if (n < 10) return [];
      const x = n < 20 ? 4 + (n - 10) * 4 : n < 60 ? 44 : 44 + (n - 60) * 4;
      return [{ x, y: 30, w: 16, h: 10, level: 230 }];
    };
    const results = run(detector(), 75, (n) => scene.frame(parked(n)));
    expect(results.slice(11, 20).every((r) => r.motion)).toBe(true);
    // Parked from frame 20: within a few seconds it is no longer motion.
    expect(results.slice(40, 60).some((r) => r.motion)).toBe(false);
    expect(results.slice(61, 70).every((r) => r.motion)).toBe(true);
  });

  it('never looks inside a mask', () => {
    const scene = new Scene(7);
    const masks: DetectionSettings['masks'] = [[[0, 0], [0.6, 0], [0.6, 1], [0, 1]]];
    // Moves inside the left 60 % only.
    const inside = run(detector({ masks }), 40, (n) => scene.frame(n < 10 ? [] : [{ x: 4 + (n - 10) * 2, y: 30, w: 10, h: 10, level: 20 }]));
    expect(inside.some((r) => r.motion)).toBe(false);
    // The same walk continued into the unmasked part is found there, and only there.
    const across = run(detector({ masks }), 50, (n) => scene.frame(walker(n, 10, 4, 3)));
    const found = across.filter((r) => r.motion);
    expect(found.length).toBeGreaterThan(0);
    for (const r of found) expect(r.box!.x).toBeGreaterThanOrEqual(0.59);
  });

  it('reports the zones a moving region overlaps, and no zone before it enters one', () => {
    const scene = new Scene(8);
    const zones: DetectionSettings['zones'] = [
      { name: 'door', polygon: [[0.7, 0], [1, 0], [1, 1], [0.7, 1]] },
      { name: 'sky', polygon: [[0, 0], [1, 0], [1, 0.2], [0, 0.2]] },
    ];
    const results = run(detector({ zones }), 45, (n) => scene.frame(walker(n, 10, 4, 3)));
    expect(results[15]).toMatchObject({ motion: true, zones: [] });
    // By frame 40 the box spans x = 94..106, inside the door zone (x >= 89.6); it never reaches the sky.
    expect(results[40]).toMatchObject({ motion: true, zones: ['door'] });
    expect(results.some((r) => r.zones.includes('sky'))).toBe(false);
  });
});

describe('MotionDetector under light changes', () => {
  it('raises no motion when the whole picture brightens or darkens at once', () => {
    const scene = new Scene(9);
    const light = (n: number): Light => (n < 20 ? {} : n < 40 ? { offset: 40 } : n < 60 ? { gain: 0.55, offset: -10 } : {});
    const results = run(detector(), 80, (n) => scene.frame([], light(n)));
    expect(results.filter((r) => r.motion)).toEqual([]);
  });

  it('raises no motion while the picture dims slowly to a third and comes back', () => {
    const scene = new Scene(10);
    // Over 10 s (50 frames) down to a third of the light, then back over 10 s.
    const gain = (n: number): number => (n < 10 ? 1 : n < 60 ? 1 - ((n - 10) / 50) * 0.67 : n < 110 ? 0.33 + ((n - 60) / 50) * 0.67 : 1);
    const results = run(detector(), 120, (n) => scene.frame([], { gain: gain(n) }));
    expect(results.filter((r) => r.motion)).toEqual([]);
  });

  it('re-learns the background when the picture changes as a whole in a way no tone map explains, then finds motion again', () => {
    const scene = new Scene(11);
    const infrared = scene.other(12);
    const d = detector();
    const before = run(d, 20, () => scene.frame());
    const switched = run(d, 20, (n) => infrared.frame(), 20);
    expect(before.some((r) => r.motion)).toBe(false);
    expect(switched[0]).toMatchObject({ motion: false, recalibrated: true });
    expect(switched.some((r) => r.motion)).toBe(false);
    const after = run(d, 25, (n) => infrared.frame(walker(n, 45)), 40);
    expect(after.slice(8).every((r) => r.motion)).toBe(true);
  });

  it('keeps finding a moving object across a light step, after a short quiet moment', () => {
    const scene = new Scene(13);
    const results = run(detector(), 50, (n) => scene.frame(walker(n, 10, 4, 2), n < 25 ? {} : { offset: 45 }));
    expect(results.slice(12, 25).every((r) => r.motion)).toBe(true);
    // The step's frame and the next couple are quiet (flagged as recalibration), then the object is found again.
    expect(results[25]).toMatchObject({ motion: false, recalibrated: true });
    expect(results.slice(29, 50).every((r) => r.motion)).toBe(true);
  });

  it('raises no motion when lights go off and crush the darkest third of the picture to black', () => {
    const scene = new Scene(14);
    const results = run(detector(), 60, (n) => scene.frame([], n < 20 || n >= 40 ? {} : { gain: 0.8, offset: -75 }));
    expect(results.filter((r) => r.motion)).toEqual([]);
  });
});

describe('MotionDetector lifecycle and settings', () => {
  it('maps sensitivity around Frigate defaults: threshold 30 and a 0.1 % area at 0.5', () => {
    expect(sensitivityParams(0.5)).toEqual({ threshold: 30, minAreaShare: 0.001 });
    expect(sensitivityParams(0)).toEqual({ threshold: 60, minAreaShare: 0.004 });
    expect(sensitivityParams(1)).toEqual({ threshold: 15, minAreaShare: 0.00025 });
    expect(sensitivityParams(2)).toEqual(sensitivityParams(1));
  });

  it('finds the same regions whether rows are whole 32-bit words or not', () => {
    // 128 px rows are dilated four pixels at a time; 130 px rows byte by byte. Pad each frame with two still columns.
    const scene = new Scene(16);
    const wide = new MotionDetector({ width: W + 2, height: H, settings: DEFAULT_DETECTION });
    const narrow = detector();
    for (let n = 0; n < 30; n++) {
      const frame = scene.frame(walker(n, 10, 4, 3));
      const padded = new Uint8Array((W + 2) * H);
      for (let y = 0; y < H; y++) {
        padded.set(frame.subarray(y * W, y * W + W), y * (W + 2));
        padded[y * (W + 2) + W] = padded[y * (W + 2) + W + 1] = scene.levelAt(W - 1, y);
      }
      const a = narrow.detect({ data: frame, width: W, height: H, at: n * FRAME_MS });
      const b = wide.detect({ data: padded, width: W + 2, height: H, at: n * FRAME_MS });
      expect(b.motion, `frame ${n}`).toBe(a.motion);
      expect(b.regions).toBe(a.regions);
      if (a.box && b.box) {
        expect(Math.round(b.box.x * (W + 2))).toBe(Math.round(a.box.x * W));
        expect(Math.round(b.box.width * (W + 2))).toBe(Math.round(a.box.width * W));
      }
    }
  });

  it('refuses frames of another size', () => {
    const d = detector();
    expect(() => d.detect({ data: new Uint8Array(10), width: 5, height: 2, at: 0 })).toThrow(RangeError);
  });

  it('forgets its background on reset', () => {
    const scene = new Scene(15);
    const d = detector();
    run(d, 5, () => scene.frame());
    d.reset();
    // After a reset the next frame is the new background, whatever it shows.
    expect(d.detect({ data: scene.frame([{ x: 0, y: 0, w: 60, h: 30, level: 250 }]), width: W, height: H, at: 2000 })).toMatchObject({ motion: false, recalibrated: false });
  });
});
