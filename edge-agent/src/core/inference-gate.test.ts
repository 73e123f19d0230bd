import { describe, expect, it } from 'vitest';
import type { Box } from '@argus/core';
import { FULL_PICTURE, InferenceGate, toPicture } from './inference-gate.js';
import type { MotionResult } from './motion-types.js';

const motion = (box: Box | undefined): MotionResult => ({ motion: box !== undefined, box, regions: box ? 1 : 0, area: 0.01, zones: [], recalibrated: false });
const NONE = { candidates: 0, movingBoxes: [], stationaryBoxes: [] };
const small: Box = { x: 0.45, y: 0.45, width: 0.1, height: 0.1 };

describe('InferenceGate', () => {
  it('sends nothing without motion', () => {
    expect(new InferenceGate().decide(motion(undefined), 0, NONE)).toBeUndefined();
  });

  it('sends the motion region grown to at least 40 % of the picture, within it, at most once a second while something may be new', () => {
    const gate = new InferenceGate();
    const region = gate.decide(motion(small), 0, NONE)!;
    expect(region.width).toBeCloseTo(0.4, 6);
    expect(region.height).toBeCloseTo(0.4, 6);
    expect(region.x + region.width / 2).toBeCloseTo(0.5, 6);
    gate.sent(0);
    expect(gate.decide(motion(small), 999, NONE)).toBeUndefined();
    expect(gate.decide(motion(small), 1000, NONE)).toBeDefined();
    // In a corner: kept inside the picture.
    const corner = gate.region({ x: 0.95, y: 0, width: 0.05, height: 0.05 });
    expect(corner.x + corner.width).toBeCloseTo(1, 9);
    expect(corner.y).toBe(0);
  });

  it('sends the whole picture when the region would cover most of it', () => {
    const gate = new InferenceGate();
    expect(gate.decide(motion({ x: 0.2, y: 0.2, width: 0.4, height: 0.4 }), 0, NONE)).toEqual(FULL_PICTURE);
  });

  it('costs nothing for motion inside a stationary object, and samples every 3 s when moving tracked objects explain it', () => {
    const gate = new InferenceGate();
    const stationary = { ...NONE, stationaryBoxes: [{ x: 0.4, y: 0.4, width: 0.2, height: 0.2 }] };
    expect(gate.decide(motion(small), 0, stationary)).toBeUndefined();
    const tracked = { ...NONE, movingBoxes: [{ x: 0.44, y: 0.44, width: 0.12, height: 0.12 }] };
    gate.sent(0);
    expect(gate.decide(motion(small), 1500, tracked)).toBeUndefined();
    expect(gate.decide(motion(small), 3000, tracked)).toBeDefined();
    // A candidate to confirm: back to once a second.
    expect(gate.decide(motion(small), 1500, { ...tracked, candidates: 1 })).toBeDefined();
  });

  it('maps a box found in a region back onto the picture', () => {
    expect(toPicture({ x: 0.5, y: 0.25, width: 0.5, height: 0.5 }, { x: 0.5, y: 0.5, width: 0.5, height: 0.5 })).toEqual({ x: 0.75, y: 0.5, width: 0.25, height: 0.25 });
  });
});
