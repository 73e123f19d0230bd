import { describe, expect, it } from 'vitest';
import { planEviction, type RetainedFile } from './retention-policy.js';

const T0 = Date.UTC(2026, 0, 1);
const file = (cameraId: string, startSec: number, uploaded: boolean, bytes = 100): RetainedFile => ({
  id: `${cameraId}@${startSec}`, cameraId, startsAt: T0 + startSec * 1000, endsAt: T0 + (startSec + 4) * 1000, bytes, uploaded,
});
const roomy = { freeBytes: 1e12 };
const caps = { maxBytes: 1000, minFreeBytes: 0, headroomBytes: 0 };

describe('planEviction', () => {
  it('evicts nothing while under both caps', () => {
    const plan = planEviction([file('a', 0, false)], { usedBytes: 1000, ...roomy }, caps);
    expect(plan).toEqual({ evict: [], lost: [], shortBytes: 0 });
  });

  it('evicts already-uploaded files first, oldest first, and reports nothing lost', () => {
    const files = [file('a', 0, false), file('a', 4, true), file('b', 2, true), file('a', 8, true)];
    const plan = planEviction(files, { usedBytes: 1150, ...roomy }, caps);
    expect(plan.evict.map((f) => f.id)).toEqual(['b@2', 'a@4']);
    expect(plan.lost).toEqual([]);
  });

  it('then evicts not-yet-uploaded files oldest first across cameras, merging contiguous ones into lost spans', () => {
    const files = [file('a', 8, false), file('b', 0, false), file('a', 0, false), file('a', 4, false), file('a', 12, true)];
    const plan = planEviction(files, { usedBytes: 1350, ...roomy }, caps);
    expect(plan.evict.map((f) => f.id)).toEqual(['a@12', 'a@0', 'b@0', 'a@4']);
    expect(plan.lost).toEqual([
      { cameraId: 'a', from: T0, to: T0 + 8000, bytes: 200 },
      { cameraId: 'b', from: T0, to: T0 + 4000, bytes: 100 },
    ]);
  });

  it('frees down below the cap by the headroom', () => {
    const files = [0, 4, 8, 12, 16].map((s) => file('a', s, true));
    expect(planEviction(files, { usedBytes: 1010, ...roomy }, { ...caps, headroomBytes: 150 }).evict).toHaveLength(2);
  });

  it('obeys the filesystem free-space floor even when the byte cap is not reached', () => {
    const files = [0, 4, 8].map((s) => file('a', s, false));
    const plan = planEviction(files, { usedBytes: 300, freeBytes: 50 }, { maxBytes: 1e9, minFreeBytes: 200, headroomBytes: 0 });
    expect(plan.evict.map((f) => f.id)).toEqual(['a@0', 'a@4']);
  });

  it('says how much it could not free when the evictable files are not enough', () => {
    const plan = planEviction([file('a', 0, false)], { usedBytes: 1500, ...roomy }, caps);
    expect(plan.evict).toHaveLength(1);
    expect(plan.shortBytes).toBe(400);
  });
});
