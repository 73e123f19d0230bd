import { describe, expect, it } from 'vitest';
import { irIntervals, rgbToYuv, sceneScriptGraph, switchIntervals } from './scene-graph.js';
import { parseSceneScript } from './scene-script.js';

const script = parseSceneScript(
  {
    name: 'g', width: 320, height: 180, fps: 10, durationSec: 6,
    background: { color: '#808080', noise: 0 },
    scenery: [{ x: 0, y: 100, w: 320, h: 4, color: '#ffffff' }],
    objects: [{ id: 'car', label: 'car', color: '#ff0000', width: 40, height: 20, path: [{ t: 1, x: -40, y: 50 }, { t: 5, x: 320, y: 50 }] }],
    light: [{ kind: 'ir-on', atSec: 2 }, { kind: 'ir-off', atSec: 3 }, { kind: 'dim', fromSec: 4, toSec: 5, brightness: -0.3 }],
  },
  'g',
);

describe('sceneScriptGraph', () => {
  const graph = sceneScriptGraph(script);

  it('renders a static textured background with scenery, ending in [out0]', () => {
    expect(graph).toMatch(/^color=c=black:s=\d+x\d+:r=10,format=yuv420p,geq=lum=/);
    expect(graph).not.toMatch(/geq=lum=[^:]*\bT\b/); // no time term: the texture is static
    expect(graph).toContain('scale=320x180:flags=bicubic,drawbox=x=0:y=100:w=320:h=4:color=0xffffff:t=fill[bg]');
    expect(graph.endsWith('[out0]')).toBe(true);
  });

  it('overlays each object on its drawn frames with frame-number expressions, commas escaped', () => {
    expect(graph).toContain('color=c=0xff0000:s=40x20:r=10[o0]');
    expect(graph).toContain('[bg][o0]overlay=eval=frame:x=2*floor((if(lt(round(t*10)\\,50)\\,-40+(360)*(round(t*10)-10)/(40)\\,320))/2)');
    expect(graph).toContain(':enable=between(round(t*10)\\,10\\,49)[v0]');
  });

  it('switches IR on its frames and ramps the dimming, without sensor noise when it is 0', () => {
    expect(graph).toContain('hue=s=0:enable=between(round(t*10)\\,20\\,29)');
    expect(graph).toContain('eq=eval=frame:brightness=-0.3*clip((round(t*10)-40)/10\\,0\\,1)');
    expect(graph).not.toContain('noise=');
  });
});

describe('sceneScriptGraph light switches and contrast dimming', () => {
  const lights = parseSceneScript(
    {
      name: 'l', width: 320, height: 180, fps: 10, durationSec: 6,
      background: { color: '#808080', noise: 0 },
      objects: [],
      light: [
        { kind: 'switch', atSec: 1, brightness: -0.25, contrast: 0.55 },
        { kind: 'switch', atSec: 2, brightness: 0 },
        { kind: 'switch', atSec: 4, brightness: 0.1, gamma: 1.2 },
        { kind: 'dim', fromSec: 3, toSec: 5, brightness: -0.2, contrast: 0.6 },
      ],
    },
    'l',
  );
  const graph = sceneScriptGraph(lights);

  it('switches the light abruptly on its frames, each switch lasting until the next, the original light drawing nothing', () => {
    expect(graph).toContain('eq=brightness=-0.25:contrast=0.55:gamma=1:enable=between(round(t*10)\\,10\\,19)');
    expect(graph).toContain('eq=brightness=0.1:contrast=1:gamma=1.2:enable=gte(round(t*10)\\,40)');
    expect(graph).not.toContain('eq=brightness=0:');
  });

  it('ramps contrast with brightness while dimming', () => {
    expect(graph).toContain('eq=eval=frame:brightness=-0.2*clip((round(t*10)-30)/20\\,0\\,1):contrast=1+(-0.4)*clip((round(t*10)-30)/20\\,0\\,1)');
  });

  it('orders switches in time and cuts the last one at the end', () => {
    expect(switchIntervals([{ kind: 'switch', atSec: 3, brightness: 0 }, { kind: 'switch', atSec: 1, brightness: -0.5 }], 10, 50).map((s) => [s.from, s.to])).toEqual([
      [10, 30],
      [30, 50],
    ]);
  });
});

describe('irIntervals', () => {
  it('pairs switches in time order and runs an unmatched ir-on to the end', () => {
    expect(irIntervals([{ kind: 'ir-off', atSec: 3 }, { kind: 'ir-on', atSec: 1 }, { kind: 'ir-on', atSec: 5 }], 10, 80)).toEqual([
      { from: 10, to: 30 },
      { from: 50, to: 80 },
    ]);
  });
});

describe('rgbToYuv', () => {
  it('gives BT.601 limited-range values', () => {
    expect(rgbToYuv('#000000')).toEqual({ y: 16, u: 128, v: 128 });
    expect(rgbToYuv('#ffffff')).toEqual({ y: 235, u: 128, v: 128 });
  });
});
