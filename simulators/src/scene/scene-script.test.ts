import { describe, expect, it } from 'vitest';
import { parseSceneScript, scaleSceneScript } from './scene-script.js';

const valid = {
  name: 'tiny',
  width: 320, height: 180, fps: 10, durationSec: 5,
  background: { color: '#404040' },
  objects: [{ id: 'p-1', label: 'person', color: '#ffffff', width: 10, height: 30, path: [{ t: 1, x: 0, y: 10 }, { t: 4, x: 300, y: 10 }] }],
  light: [{ kind: 'ir-on', atSec: 2 }],
};

describe('parseSceneScript', () => {
  it('accepts a valid script and keeps its fields', () => {
    const script = parseSceneScript(valid, 'tiny.json');
    expect(script).toMatchObject({ name: 'tiny', width: 320, fps: 10, objects: [{ id: 'p-1', path: [{ t: 1 }, { t: 4 }] }], light: [{ kind: 'ir-on', atSec: 2 }] });
  });

  it.each([
    [{ ...valid, width: 321 }, /even/],
    [{ ...valid, fps: 0 }, /fps/],
    [{ ...valid, background: { color: 'grey' } }, /background.color/],
    [{ ...valid, objects: [{ ...valid.objects[0], path: [{ t: 1, x: 0, y: 0 }] }] }, /at least two waypoints/],
    [{ ...valid, objects: [{ ...valid.objects[0], path: [{ t: 3, x: 0, y: 0 }, { t: 1, x: 0, y: 0 }] }] }, /must not decrease/],
    [{ ...valid, objects: [valid.objects[0], valid.objects[0]] }, /used twice/],
    [{ ...valid, light: [{ kind: 'strobe', atSec: 1 }] }, /ir-on, ir-off, dim or switch/],
    [{ ...valid, light: [{ kind: 'switch', atSec: 1, brightness: 2 }] }, /light\[0\]\.brightness/],
    [{ ...valid, light: [{ kind: 'switch', atSec: 1, brightness: 0, gamma: 0 }] }, /light\[0\]\.gamma/],
    [{ ...valid, light: [{ kind: 'dim', fromSec: 1, toSec: 2, brightness: -0.2, contrast: 5 }] }, /light\[0\]\.contrast/],
    [{ ...valid, objects: [{ ...valid.objects[0], path: [{ t: 1, x: 0, y: 0 }, { t: 9, x: 0, y: 0 }] }] }, /path\[1\]\.t/],
  ])('rejects a bad script with SIM_ERR_SCENE_INVALID naming the field (%#)', (script, message) => {
    expect(() => parseSceneScript(script, 'bad.json')).toThrow(message);
    expect(() => parseSceneScript(script, 'bad.json')).toThrow(expect.objectContaining({ code: 'SIM_ERR_SCENE_INVALID' }));
  });
});

describe('parseSceneScript light changes', () => {
  it('takes light switches with brightness, contrast and gamma, and a dim with a contrast ramp', () => {
    const script = parseSceneScript(
      {
        ...valid,
        light: [
          { kind: 'switch', atSec: 1, brightness: -0.3, contrast: 0.5, gamma: 0.8 },
          { kind: 'switch', atSec: 2, brightness: 0 },
          { kind: 'dim', fromSec: 3, toSec: 4, brightness: -0.2, contrast: 0.6 },
        ],
      },
      'lights.json',
    );
    expect(script.light).toEqual([
      { kind: 'switch', atSec: 1, brightness: -0.3, contrast: 0.5, gamma: 0.8 },
      { kind: 'switch', atSec: 2, brightness: 0 },
      { kind: 'dim', fromSec: 3, toSec: 4, brightness: -0.2, contrast: 0.6 },
    ]);
  });
});

describe('scaleSceneScript', () => {
  const script = parseSceneScript(valid, 'tiny.json');

  it('scales positions and sizes with the canvas, keeps times, changes the rate', () => {
    const half = scaleSceneScript(script, { width: 160, height: 90, fps: 5 });
    expect(half).toMatchObject({ width: 160, height: 90, fps: 5 });
    expect(half.objects[0]).toMatchObject({ width: 6, height: 16, path: [{ t: 1, x: 0, y: 5 }, { t: 4, x: 150, y: 5 }] });
  });

  it('returns the script itself without overrides', () => {
    expect(scaleSceneScript(script, {})).toBe(script);
  });
});
