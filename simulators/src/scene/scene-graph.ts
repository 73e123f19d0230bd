import { drawnFrames, frameOfSec, frameWaypoints, objectSize, positionExpression } from './scene-path.js';
import type { LightChange, SceneScript } from './scene-script.js';

/**
 * Builds the lavfi filter graph that renders a scene script (pure; the graph
 * ends in `[out0]`, which the lavfi input device reads):
 *
 * 1. background: a small grid of pseudo-random luma cells (a hash of X and
 *    Y, no T, so it is static) scaled up bicubically into a mottled surface
 *    in the base colour, then static scenery boxes (`drawbox`);
 * 2. one `color` source per object, `overlay`ed with x/y as piecewise-linear
 *    expressions of the frame number and `enable` on its drawn frames;
 * 3. light changes over the whole picture (`hue`+`eq` for IR, `eq` with a
 *    per-frame brightness ramp for dimming);
 * 4. mild temporal sensor noise on luma (fixed seed: deterministic).
 *
 * The frame number is written `round(t*fps)`: overlay's own `n` counts
 * frames pulled by its frame sync, which runs ahead of the output, while
 * `t` is the main input's timestamp, exactly n/fps.
 */
export function sceneScriptGraph(script: SceneScript): string {
  const { width, height, fps } = script;
  const frame = `round(t*${fps})`;
  const esc = (expr: string): string => expr.replace(/,/g, '\\,');
  const parts: string[] = [];

  const bg = script.background;
  const { y, u, v } = rgbToYuv(bg.color);
  const texture = bg.texture ?? 30; // used here: luma spread of the texture, 0..100
  const grain = bg.grain ?? 48; // used here: texture cells across
  const cellsX = Math.max(2, Math.round(grain / 2) * 2);
  const cellsY = Math.max(2, Math.round((grain * height) / width / 2) * 2);
  const spread = (texture / 100) * 128;
  const lum = `clip(${(y - spread / 2).toFixed(2)}+${spread.toFixed(2)}*mod(abs(sin(X*12.9898+Y*78.233))*43758.5453,1),16,235)`;
  const scenery = (script.scenery ?? []).map(
    (r) => `drawbox=x=${Math.round(r.x)}:y=${Math.round(r.y)}:w=${Math.round(r.w)}:h=${Math.round(r.h)}:color=${hex(r.color)}:t=fill`,
  );
  parts.push(
    [
      `color=c=black:s=${cellsX}x${cellsY}:r=${fps}`,
      'format=yuv420p',
      `geq=lum=${esc(lum)}:cb=${u}:cr=${v}`,
      `scale=${width}x${height}:flags=bicubic`,
      ...scenery,
    ].join(',') + '[bg]',
  );

  let current = 'bg';
  script.objects.forEach((object, i) => {
    const { w, h } = objectSize(object);
    const waypoints = frameWaypoints(object, fps);
    const { first, end } = drawnFrames(waypoints);
    if (end <= first) return;
    const next = `v${i}`;
    parts.push(`color=c=${hex(object.color)}:s=${w}x${h}:r=${fps}[o${i}]`);
    parts.push(
      `[${current}][o${i}]overlay=eval=frame` +
        `:x=${esc(positionExpression(waypoints, 'x', frame))}` +
        `:y=${esc(positionExpression(waypoints, 'y', frame))}` +
        `:enable=${esc(`between(${frame},${first},${end - 1})`)}[${next}]`,
    );
    current = next;
  });

  const light = lightFilters(script.light ?? [], fps, frame).map(esc);
  const noise = bg.noise ?? 3; // used here: temporal luma noise strength
  const tail = [...light, ...(noise > 0 ? [`noise=c0s=${noise}:c0f=t:all_seed=12345`] : []), 'format=yuv420p'];
  parts.push(`[${current}]${tail.join(',')}[out0]`);
  return parts.join(';');
}

/** Frame ranges [from, to) with the IR picture on, from the ir-on/ir-off switches in time order. */
export function irIntervals(light: readonly LightChange[], fps: number, frames = Number.POSITIVE_INFINITY): Array<{ from: number; to: number }> {
  const switches = light
    .filter((l): l is Extract<LightChange, { kind: 'ir-on' | 'ir-off' }> => l.kind === 'ir-on' || l.kind === 'ir-off')
    .map((l) => ({ on: l.kind === 'ir-on', frame: frameOfSec(l.atSec, fps) }))
    .sort((a, b) => a.frame - b.frame);
  const out: Array<{ from: number; to: number }> = [];
  let onSince: number | undefined;
  for (const s of switches) {
    if (s.on && onSince === undefined) onSince = s.frame;
    else if (!s.on && onSince !== undefined) {
      if (s.frame > onSince) out.push({ from: onSince, to: s.frame });
      onSince = undefined;
    }
  }
  if (onSince !== undefined && onSince < frames) out.push({ from: onSince, to: frames });
  return out;
}

type LightSwitch = Extract<LightChange, { kind: 'switch' }>;

/** Frame ranges [from, to) of each light switch's setting, in time order (a switch lasts until the next one). */
export function switchIntervals(light: readonly LightChange[], fps: number, frames = Number.POSITIVE_INFINITY): Array<{ from: number; to: number; light: LightSwitch }> {
  const switches = light
    .filter((l): l is LightSwitch => l.kind === 'switch')
    .map((l) => ({ frame: frameOfSec(l.atSec, fps), light: l }))
    .sort((a, b) => a.frame - b.frame);
  return switches
    .map((s, i) => ({ from: s.frame, to: Math.min(frames, switches[i + 1]?.frame ?? frames), light: s.light }))
    .filter((s) => s.to > s.from);
}

/**
 * Commas unescaped. IR: grey and brighter (hue s=0, eq brightness up),
 * abrupt; dim: brightness (and contrast) ramp; switch: eq with the
 * switch's brightness, contrast and gamma on its frames, abrupt.
 */
function lightFilters(light: readonly LightChange[], fps: number, frame: string): string[] {
  const filters: string[] = [];
  for (const ir of irIntervals(light, fps)) {
    const enable = Number.isFinite(ir.to) ? `between(${frame},${ir.from},${ir.to - 1})` : `gte(${frame},${ir.from})`;
    filters.push(`hue=s=0:enable=${enable}`, `eq=brightness=0.18:contrast=0.9:enable=${enable}`);
  }
  for (const dim of light) {
    if (dim.kind !== 'dim') continue;
    const from = frameOfSec(dim.fromSec, fps);
    const to = Math.max(from + 1, frameOfSec(dim.toSec, fps));
    const ramp = `clip((${frame}-${from})/${to - from},0,1)`;
    const contrast = dim.contrast === undefined || dim.contrast === 1 ? '' : `:contrast=1+(${dim.contrast - 1})*${ramp}`;
    filters.push(`eq=eval=frame:brightness=${dim.brightness}*${ramp}${contrast}`);
  }
  for (const s of switchIntervals(light, fps)) {
    const { brightness, contrast = 1, gamma = 1 } = s.light;
    if (brightness === 0 && contrast === 1 && gamma === 1) continue; // the original light
    const enable = Number.isFinite(s.to) ? `between(${frame},${s.from},${s.to - 1})` : `gte(${frame},${s.from})`;
    filters.push(`eq=brightness=${brightness}:contrast=${contrast}:gamma=${gamma}:enable=${enable}`);
  }
  return filters;
}

function hex(color: string): string {
  return `0x${color.slice(1).toLowerCase()}`;
}

/** BT.601 limited-range YUV of a `#rrggbb` colour, rounded. */
export function rgbToYuv(color: string): { y: number; u: number; v: number } {
  const r = parseInt(color.slice(1, 3), 16);
  const g = parseInt(color.slice(3, 5), 16);
  const b = parseInt(color.slice(5, 7), 16);
  return {
    y: Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255),
    u: Math.round(128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255),
    v: Math.round(128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255),
  };
}
