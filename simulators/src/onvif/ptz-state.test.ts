import { describe, expect, it } from 'vitest';
import { DEFAULT_PTZ_PRESETS, MAX_PTZ_PRESETS, savePreset, absoluteMove, continuousMove, gotoHome, initialPtzState, positionAt, relativeMove, statusAt, stopMove } from './ptz-state.js';

const T0 = 1_000_000;

describe('ptz-state', () => {
  it('starts at home, still', () => {
    const s = initialPtzState(T0);
    expect(statusAt(s, T0 + 5_000)).toEqual({ position: { pan: 0, tilt: 0, zoom: 0 }, panTiltMoving: false, zoomMoving: false });
  });

  it('integrates a continuous move over time (1 unit/s pan/tilt, 0.5/s zoom at full speed)', () => {
    const s = continuousMove(initialPtzState(T0), { pan: 0.5, tilt: -0.25, zoom: 1 }, T0);
    expect(positionAt(s, T0 + 1_000)).toEqual({ pan: 0.5, tilt: -0.25, zoom: 0.5 });
    expect(statusAt(s, T0 + 1_000)).toMatchObject({ panTiltMoving: true, zoomMoving: true });
  });

  it('clamps at the limits and reports IDLE once pinned', () => {
    const s = continuousMove(initialPtzState(T0), { pan: 1, tilt: 0, zoom: -1 }, T0);
    expect(statusAt(s, T0 + 3_000)).toEqual({ position: { pan: 1, tilt: 0, zoom: 0 }, panTiltMoving: false, zoomMoving: false });
  });

  it('stops by itself at the timeout', () => {
    const s = continuousMove(initialPtzState(T0), { pan: 0.2 }, T0, 500);
    expect(positionAt(s, T0 + 10_000).pan).toBeCloseTo(0.1);
    expect(statusAt(s, T0 + 10_000).panTiltMoving).toBe(false);
  });

  it('Stop freezes the chosen axes where they are', () => {
    let s = continuousMove(initialPtzState(T0), { pan: 0.5, tilt: 0, zoom: 0.5 }, T0);
    s = stopMove(s, T0 + 1_000, { panTilt: true, zoom: false });
    expect(positionAt(s, T0 + 2_000)).toEqual({ pan: 0.5, tilt: 0, zoom: 0.5 });
    s = stopMove(s, T0 + 2_000);
    expect(statusAt(s, T0 + 9_000)).toEqual({ position: { pan: 0.5, tilt: 0, zoom: 0.5 }, panTiltMoving: false, zoomMoving: false });
  });

  it('keeps the motion of an axis a new ContinuousMove leaves out', () => {
    let s = continuousMove(initialPtzState(T0), { zoom: 1 }, T0);
    s = continuousMove(s, { pan: 1, tilt: 0 }, T0 + 1_000);
    expect(positionAt(s, T0 + 1_500)).toEqual({ pan: 0.5, tilt: 0, zoom: 0.75 });
  });

  it('moves absolutely, relatively (clamped) and home at once', () => {
    let s = absoluteMove(initialPtzState(T0), { pan: -0.5, zoom: 0.3 }, T0);
    expect(positionAt(s, T0)).toEqual({ pan: -0.5, tilt: 0, zoom: 0.3 });
    s = relativeMove(s, { pan: -1, tilt: 0.25, zoom: 2 }, T0 + 1);
    expect(positionAt(s, T0 + 1)).toEqual({ pan: -1, tilt: 0.25, zoom: 1 });
    expect(positionAt(gotoHome(s, T0 + 2), T0 + 2)).toEqual({ pan: 0, tilt: 0, zoom: 0 });
  });

  it('treats non-numbers as zero rather than poisoning the state', () => {
    const s = absoluteMove(initialPtzState(T0), { pan: Number.NaN, tilt: Infinity }, T0);
    expect(positionAt(s, T0)).toEqual({ pan: 0, tilt: 0, zoom: 0 });
  });

  it('saves a preset under the next free token, or renames and moves one given by token', () => {
    const here = { pan: 0.1, tilt: 0.2, zoom: 0.3 };
    const added = savePreset(DEFAULT_PTZ_PRESETS, here, 'Door', undefined)!;
    expect(added.token).toBe('preset-3');
    expect(added.presets.at(-1)).toEqual({ token: 'preset-3', name: 'Door', position: here });
    const moved = savePreset(added.presets, { pan: 0, tilt: 0, zoom: 0 }, undefined, 'preset-1')!;
    expect(moved.presets[0]).toEqual({ token: 'preset-1', name: 'Entrance', position: { pan: 0, tilt: 0, zoom: 0 } });
    const full = Array.from({ length: MAX_PTZ_PRESETS }, (_, i) => ({ token: `t${i}`, name: `p${i}`, position: here }));
    expect(savePreset(full, here, 'one more', undefined)).toBeUndefined();
  });
});
