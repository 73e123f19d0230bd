import { describe, expect, it } from 'vitest';
import { parseSceneScript } from '../scene/scene-script.js';
import { groundTruthFromScript, isMotionAt, runsOf } from './ground-truth.js';

const script = parseSceneScript(
  {
    name: 'gt', width: 100, height: 50, fps: 10, durationSec: 6,
    background: { color: '#404040' },
    objects: [
      // Enters from the left edge, stops 1 s, leaves through the right edge.
      { id: 'car', label: 'car', color: '#ffffff', width: 20, height: 10, path: [{ t: 1, x: -20, y: 10 }, { t: 2, x: 40, y: 10 }, { t: 3, x: 40, y: 10 }, { t: 4, x: 100, y: 10 }] },
      // Pops up inside the picture.
      { id: 'person', label: 'person', color: '#000000', width: 4, height: 10, path: [{ t: 4.5, x: 10, y: 30 }, { t: 5.5, x: 30, y: 30 }] },
      // Never inside the picture.
      { id: 'ghost', label: 'person', color: '#000000', width: 4, height: 10, path: [{ t: 0, x: -50, y: 0 }, { t: 2, x: -40, y: 0 }] },
    ],
    light: [{ kind: 'ir-on', atSec: 2.5 }, { kind: 'ir-off', atSec: 3.5 }, { kind: 'dim', fromSec: 5, toSec: 6, brightness: -0.2 }],
  },
  'gt',
);

describe('groundTruthFromScript', () => {
  const truth = groundTruthFromScript(script);

  it('describes the canvas, rate and frame count', () => {
    expect(truth).toMatchObject({ version: 1, scene: 'gt', derived: false, width: 100, height: 50, fps: { num: 10, den: 1 }, durationSec: 6, frames: 60 });
  });

  it('times each object from its first to after its last visible frame, with a clipped box at every frame', () => {
    const car = truth.objects.find((o) => o.id === 'car')!;
    // Drawn from frame 10 at x=-20 (invisible), visible from frame 11 (x=-14); its last drawn frame is 39 (x=94).
    expect(car).toMatchObject({ appearFrame: 11, disappearFrame: 40, appearSec: 1.1, disappearSec: 4 });
    expect(car.boxes[0]).toEqual({ tSec: 1.1, frame: 11, x: 0, y: 10, w: 6, h: 10 });
    expect(car.boxes.at(-1)).toEqual({ tSec: 3.9, frame: 39, x: 94, y: 10, w: 6, h: 10 });
    expect(car.boxes).toHaveLength(29);
    expect(car.stopped).toEqual([{ fromSec: 2, toSec: 3 }]);
    const person = truth.objects.find((o) => o.id === 'person')!;
    expect(person).toMatchObject({ appearSec: 4.5, disappearSec: 5.5, stopped: [] });
    expect(truth.objects.map((o) => o.id)).toEqual(['car', 'person']);
  });

  it('counts visible moving objects as motion, not stops', () => {
    expect(truth.motion).toEqual([
      { startSec: 1.1, endSec: 2 },
      { startSec: 3, endSec: 4 },
      { startSec: 4.5, endSec: 5.5 },
    ]);
    expect([1.0, 1.1, 2.5, 3.0, 3.95, 4.2, 5.49, 5.5].map((t) => isMotionAt(truth, t))).toEqual([false, true, false, true, true, false, true, false]);
  });

  it('lists light changes on their first affected frame', () => {
    expect(truth.lightChanges).toEqual([
      { kind: 'ir-on', atSec: 2.5, frame: 25 },
      { kind: 'ir-off', atSec: 3.5, frame: 35 },
      { kind: 'dim', atSec: 5, frame: 50, endSec: 6 },
    ]);
  });
});

describe('groundTruthFromScript with light switches', () => {
  it('lists each switch as a light change and finds no motion in a scene without objects', () => {
    const truth = groundTruthFromScript(
      parseSceneScript(
        {
          name: 'switches', width: 100, height: 50, fps: 10, durationSec: 6,
          background: { color: '#404040' },
          objects: [],
          light: [{ kind: 'switch', atSec: 4, brightness: 0 }, { kind: 'switch', atSec: 1.5, brightness: -0.3, contrast: 0.5 }],
        },
        'switches',
      ),
    );
    expect(truth.motion).toEqual([]);
    expect(truth.lightChanges).toEqual([
      { kind: 'switch', atSec: 1.5, frame: 15 },
      { kind: 'switch', atSec: 4, frame: 40 },
    ]);
  });
});

describe('runsOf', () => {
  it('turns flags into half-open runs', () => {
    expect(runsOf([true, true, false, true])).toEqual([{ from: 0, to: 2 }, { from: 3, to: 4 }]);
  });
});
