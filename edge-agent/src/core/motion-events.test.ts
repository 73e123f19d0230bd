import { describe, expect, it } from 'vitest';
import type { Box } from '@argus/core';
import { MotionEventTracker, type MotionStep } from './motion-events.js';
import type { MotionEventPhase, MotionResult } from './motion-types.js';

/** Frames at 5 fps from t = 10 s (fixed clock): frame n at 10 000 + 200 n ms. */
const T0 = 10_000;
const at = (n: number): number => T0 + n * 200;

const still: MotionResult = { motion: false, box: undefined, regions: 0, area: 0, zones: [], recalibrated: false };
const recalibrating: MotionResult = { ...still, recalibrated: true };

function moving(box: Partial<Box> = {}, area = 0.02, zones: string[] = []): MotionResult {
  return { motion: true, box: { x: 0.4, y: 0.4, width: 0.1, height: 0.1, ...box }, regions: 1, area, zones, recalibrated: false };
}

function tracker(minEventMs = 400, hangMs = 3000): MotionEventTracker {
  let n = 0;
  return new MotionEventTracker({ settings: { minEventMs, hangMs }, newId: () => `ev-${++n}` });
}

/** Feeds `results` from frame `from` on; returns every step with its frame number. */
function feed(t: MotionEventTracker, results: readonly MotionResult[], from = 0): Array<MotionStep & { n: number }> {
  return results.map((r, i) => ({ ...t.push(r, at(from + i)), n: from + i }));
}

const phases = (steps: ReadonlyArray<MotionStep & { n: number }>): MotionEventPhase[] => steps.flatMap((s) => (s.phase ? [s.phase] : []));

describe('MotionEventTracker', () => {
  it('starts an event once motion has lasted minEventMs, dated at its first motion frame', () => {
    const t = tracker(400);
    const steps = feed(t, [still, moving(), moving(), moving(), moving()]);
    expect(steps.map((s) => s.phase?.phase)).toEqual([undefined, undefined, undefined, 'start', undefined]);
    expect(steps[3]!.phase).toMatchObject({ id: 'ev-1', startedAt: at(1), peakArea: 0.02, zones: [] });
    expect(steps[3]!.peak).toBe(true);
    expect(t.active).toBe(true);
  });

  it('starts at the first motion frame when minEventMs is 0', () => {
    expect(feed(tracker(0), [moving()])[0]!.phase).toMatchObject({ phase: 'start', startedAt: at(0) });
  });

  it('drops a blip shorter than minEventMs', () => {
    const t = tracker(400);
    const steps = feed(t, [moving(), moving(), still, still, still, still, moving(), still, still, still, still]);
    expect(phases(steps)).toEqual([]);
    expect(t.active).toBe(false);
  });

  it('keeps one walk past with short pauses as one event, ended hangMs after the last motion and dated at it', () => {
    const t = tracker(400, 3000);
    const walk = [...Array(10).fill(moving()), still, still, still, ...Array(5).fill(moving()), ...Array(20).fill(still)];
    const steps = feed(t, walk);
    const ps = phases(steps);
    expect(ps.map((p) => p.phase)).toEqual(['start', 'end']);
    expect(ps[1]).toMatchObject({ id: 'ev-1', startedAt: at(0), endedAt: at(17) });
    // Ended on the first frame at least hangMs after the last motion frame (17): 17 + 15 = 32.
    expect(steps.find((s) => s.phase?.phase === 'end')!.n).toBe(32);
  });

  it('makes a new event, with a new id, for motion after the hang time', () => {
    const t = tracker(400, 1000);
    const ps = phases(feed(t, [...Array(5).fill(moving()), ...Array(10).fill(still), ...Array(5).fill(moving()), ...Array(10).fill(still)]));
    expect(ps.map((p) => `${p.phase}:${p.id}`)).toEqual(['start:ev-1', 'end:ev-1', 'start:ev-2', 'end:ev-2']);
  });

  it('counts recalibration frames as no motion', () => {
    const t = tracker(400, 1000);
    const ps = phases(feed(t, [...Array(5).fill(moving()), ...Array(10).fill(recalibrating)]));
    expect(ps.map((p) => p.phase)).toEqual(['start', 'end']);
  });

  it('sends an update at once when a new zone is entered', () => {
    const t = tracker(0);
    const steps = feed(t, [moving(), moving(), moving({}, 0.02, ['door']), moving({}, 0.02, ['door']), moving({}, 0.02, ['door', 'yard'])]);
    expect(steps.map((s) => s.phase?.phase)).toEqual(['start', undefined, 'update', undefined, 'update']);
    expect(steps[2]!.phase!.zones).toEqual(['door']);
    expect(steps[4]!.phase!.zones).toEqual(['door', 'yard']);
  });

  it('updates a growing box or a rising peak at most every updateIntervalMs, not every frame', () => {
    const t = tracker(0);
    // The box's right edge moves 0.05 per frame (every frame would qualify), over 30 frames = 6 s.
    const walk = Array.from({ length: 30 }, (_, i) => moving({ x: 0.05 * i, width: 0.1 }));
    const updates = feed(t, walk).filter((s) => s.phase?.phase === 'update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < updates.length; i++) expect(at(updates[i]!.n) - at(updates[i - 1]!.n)).toBeGreaterThanOrEqual(2000);
    // The last update carries the union box so far.
    const last = updates.at(-1)!.phase!;
    expect(last.box.x).toBe(0);
    expect(last.box.x + last.box.width).toBeCloseTo(0.05 * updates.at(-1)!.n + 0.1, 6);
  });

  it('sends no update while nothing changes meaningfully', () => {
    const t = tracker(0);
    const steps = feed(t, Array.from({ length: 40 }, (_, i) => moving({}, 0.02 + (i % 2) * 0.001)));
    expect(steps.filter((s) => s.phase?.phase === 'update')).toEqual([]);
  });

  it('flags each new peak and reports when it happened', () => {
    const t = tracker(0);
    const steps = feed(t, [moving({}, 0.01), moving({}, 0.03), moving({}, 0.02), moving({}, 0.05), moving({}, 0.04)]);
    expect(steps.map((s) => s.peak)).toEqual([true, true, false, true, false]);
    const end = t.finish()!;
    expect(end).toMatchObject({ phase: 'end', peakArea: 0.05, peakAt: at(3), endedAt: at(4) });
  });

  it('finish ends the open event at its last motion frame, and does nothing without one', () => {
    const t = tracker(0);
    expect(t.finish()).toBeUndefined();
    feed(t, [moving(), moving(), still]);
    expect(t.finish()).toMatchObject({ phase: 'end', id: 'ev-1', startedAt: at(0), endedAt: at(1) });
    expect(t.active).toBe(false);
    expect(t.finish()).toBeUndefined();
  });

  it('forgets an open event on reset without ending it', () => {
    const t = tracker(0);
    feed(t, [moving()]);
    t.reset();
    expect(t.active).toBe(false);
    expect(t.finish()).toBeUndefined();
  });
});
