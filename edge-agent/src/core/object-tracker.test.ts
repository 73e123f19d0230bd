import { describe, expect, it } from 'vitest';
import type { Box } from '@argus/core';
import { iou, ObjectTracker, thin } from './object-tracker.js';
import type { InferenceObservation, ObjectDetection, ObjectEventPhase } from './object-types.js';

const WHOLE: Box = { x: 0, y: 0, width: 1, height: 1 };
const box = (x: number, y: number, width = 0.1, height = 0.2): Box => ({ x, y, width, height });
const det = (label: string, b: Box, score = 0.8): ObjectDetection => ({ label, score, box: b });
const obs = (at: number, detections: ObjectDetection[], region: Box = WHOLE): InferenceObservation => ({ at, region, detections });

function tracker(tuning = {}, zonesAt?: (x: number, y: number) => readonly string[]): ObjectTracker {
  let n = 0;
  return new ObjectTracker({ newId: () => `o${++n}`, tuning, ...(zonesAt ? { zonesAt } : {}) });
}

/** Feeds observations and collects every phase. */
function run(t: ObjectTracker, observations: InferenceObservation[]): ObjectEventPhase[] {
  return observations.flatMap((o) => t.observe(o).phases);
}

describe('ObjectTracker', () => {
  it('confirms an object after two consistent sightings, dated at the first, and keeps its id while it walks', () => {
    const t = tracker();
    expect(t.observe(obs(1000, [det('person', box(0.1, 0.4))]))).toEqual({ phases: [], best: [] });
    expect(t.candidates).toBe(1);
    const step = t.observe(obs(2000, [det('person', box(0.15, 0.4), 0.9)]));
    expect(step.phases).toHaveLength(1);
    expect(step.phases[0]).toMatchObject({ phase: 'start', id: 'o1', label: 'person', startedAt: 1000, maxScore: 0.9, stationary: false });
    expect(step.best.map((b) => b.id)).toEqual(['o1']);
    // Walking right one box-width a second: the same object.
    const phases = run(t, [2, 3, 4, 5].map((k) => obs(1000 * (k + 1), [det('person', box(0.1 + 0.1 * k, 0.4))])));
    expect(phases.every((p) => p.id === 'o1')).toBe(true);
    expect(phases.filter((p) => p.phase === 'update').length).toBeGreaterThanOrEqual(1);
    expect(t.confirmed).toBe(1);
  });

  it('drops a single false sighting without an event', () => {
    const t = tracker();
    const phases = run(t, [obs(0, [det('dog', box(0.5, 0.5))]), obs(1000, []), obs(2000, []), obs(9000, [])]);
    expect(phases).toEqual([]);
    expect(t.candidates).toBe(0);
  });

  it('ends a confirmed object after three looks at its place over 4 s that do not find it, at its last sighting', () => {
    const t = tracker();
    run(t, [obs(0, [det('car', box(0.4, 0.4))]), obs(1000, [det('car', box(0.42, 0.4))])]);
    // A look elsewhere, or at half of it, is no miss.
    expect(run(t, [obs(2000, [], { x: 0, y: 0, width: 0.3, height: 0.3 })])).toEqual([]);
    expect(run(t, [obs(2500, [], { x: 0.4, y: 0.4, width: 0.2, height: 0.1 })])).toEqual([]);
    expect(run(t, [obs(3000, []), obs(4000, [])])).toEqual([]);
    // Three misses, but seen 4 s ago only at the third: a half-hidden object is missed now and then.
    expect(run(t, [obs(4500, [])])).toEqual([]);
    const end = run(t, [obs(5000, [])]);
    expect(end).toHaveLength(1);
    expect(end[0]).toMatchObject({ phase: 'end', id: 'o1', startedAt: 0, endedAt: 1000, dwellMs: 1000 });
  });

  it('keeps two objects apart and matches each to its own, even when one is missed once', () => {
    const t = tracker();
    const a = (x: number) => det('person', box(x, 0.3));
    const b = (x: number) => det('person', box(x, 0.6));
    const phases = run(t, [
      obs(0, [a(0.1), b(0.8)]),
      obs(1000, [a(0.15), b(0.75)]),
      obs(2000, [b(0.7)]),
      obs(3000, [a(0.25), b(0.65)]),
    ]);
    const starts = phases.filter((p) => p.phase === 'start');
    expect(starts.map((p) => p.id).sort()).toEqual(['o1', 'o2']);
    expect(phases.filter((p) => p.phase === 'end')).toEqual([]);
    const o1 = phases.filter((p) => p.id === 'o1').at(-1)!;
    expect(o1.box.y).toBe(0.3);
  });

  it('follows a car the model once calls a truck, under the label it was confirmed with', () => {
    const t = tracker();
    const phases = run(t, [
      obs(0, [det('car', box(0.1, 0.5, 0.2, 0.1))]),
      obs(1000, [det('car', box(0.2, 0.5, 0.2, 0.1))]),
      obs(2000, [det('truck', box(0.3, 0.5, 0.2, 0.1), 0.6)]),
      obs(3000, [det('car', box(0.4, 0.5, 0.2, 0.1))]),
    ]);
    expect(new Set(phases.map((p) => p.id))).toEqual(new Set(['o1']));
    expect(phases.every((p) => p.label === 'car')).toBe(true);
  });

  it('marks an object that stays put as stationary (once), and moving again clears it', () => {
    const t = tracker();
    const still = [0, 1000, 2000, 4000, 6000, 8000].map((at) => obs(at, [det('person', box(0.5, 0.3))]));
    const phases = run(t, still);
    const flagged = phases.filter((p) => p.stationary);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.phase).toBe('update');
    expect(t.stationaryBoxes()).toHaveLength(1);
    expect(t.movingBoxes()).toHaveLength(0);
    // Still there: no more updates.
    expect(run(t, [obs(12_000, [det('person', box(0.5, 0.3))])])).toEqual([]);
    // It walks off.
    const moved = run(t, [obs(13_000, [det('person', box(0.56, 0.3))])]);
    expect(moved).toEqual([expect.objectContaining({ phase: 'update', stationary: false })]);
  });

  it('stays with a stationary object nobody looks at, and ends a moving one that looks no longer find', () => {
    const t = tracker({ unseenMs: 10_000 });
    run(t, [0, 1000, 3000, 6000].map((at) => obs(at, [det('car', box(0.1, 0.1))])));
    const right: Box = { x: 0.5, y: 0.3, width: 0.5, height: 0.7 }; // looks that leave the car out
    run(t, [obs(6000, [det('person', box(0.6, 0.5))], right), obs(7000, [det('person', box(0.65, 0.5))], right)]);
    // One look at its place found nothing (once is no end: the model misses a half-hidden person now and then).
    run(t, [obs(8000, [], right)]);
    expect(t.expire(16_000)).toEqual([]);
    const ended = t.expire(17_001);
    expect(ended).toEqual([expect.objectContaining({ phase: 'end', label: 'person', endedAt: 7000 })]);
    expect(t.stationaryBoxes()).toHaveLength(1);
    expect(t.finish()).toEqual([expect.objectContaining({ phase: 'end', label: 'car', endedAt: 6000 })]);
  });

  it('takes an object nobody saw or looked at for a while (nothing moved there) for one standing still', () => {
    const t = tracker({ unseenMs: 10_000 });
    run(t, [obs(0, [det('person', box(0.4, 0.3))]), obs(1000, [det('person', box(0.45, 0.3))])]);
    expect(t.expire(11_001)).toEqual([expect.objectContaining({ phase: 'update', stationary: true })]);
    expect(t.stationaryBoxes()).toHaveLength(1);
    expect(t.expire(60_000)).toEqual([]);
  });

  it('reports zones by where the object stands (bottom centre), entered zones at once', () => {
    const t = tracker({}, (x, y) => (x > 0.5 && y > 0.8 ? ['door'] : []));
    const phases = run(t, [
      obs(0, [det('person', box(0.2, 0.5, 0.1, 0.2))]),
      obs(1000, [det('person', box(0.3, 0.5, 0.1, 0.2))]),
      obs(1500, [det('person', box(0.5, 0.65, 0.1, 0.2))]),
    ]);
    expect(phases.map((p) => [p.phase, p.zones])).toEqual([
      ['start', []],
      ['update', ['door']],
    ]);
  });

  it('names a new best when the score rises, and ignores detections under the minimum score', () => {
    const t = tracker();
    expect(t.observe(obs(0, [det('person', box(0.1, 0.1), 0.3)])).best).toEqual([]);
    expect(t.candidates).toBe(0);
    t.observe(obs(0, [det('person', box(0.1, 0.1), 0.5)]));
    expect(t.observe(obs(1000, [det('person', box(0.1, 0.1), 0.6)])).best).toEqual([{ id: 'o1', box: box(0.1, 0.1), score: 0.6 }]);
    expect(t.observe(obs(2000, [det('person', box(0.1, 0.1), 0.55)])).best).toEqual([]);
    expect(t.observe(obs(3000, [det('person', box(0.1, 0.1), 0.9)])).best.map((b) => b.score)).toEqual([0.9]);
  });

  it('keeps the path bounded and evenly thinned', () => {
    const t = tracker({ pathPoints: 8 });
    const phases = run(t, Array.from({ length: 100 }, (_, k) => obs(k * 3000, [det('person', box(0.005 * k, 0.3))])));
    const last = phases.at(-1)!;
    expect(last.path.length).toBeLessThanOrEqual(8);
    expect(last.path[0]!.at).toBe(0);
    expect(thin([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([1, 5, 9]);
  });
});

describe('iou', () => {
  it('is 1 for the same box, 0 apart, and the overlap share between', () => {
    expect(iou(box(0, 0), box(0, 0))).toBe(1);
    expect(iou(box(0, 0), box(0.5, 0.5))).toBe(0);
    expect(iou(box(0, 0, 0.2, 0.2), box(0.1, 0, 0.2, 0.2))).toBeCloseTo(1 / 3, 6);
  });
});
