import { describe, expect, it } from 'vitest';
import { chooseLane, splitLanes, type DrainCandidate } from './drain-plan.js';

const T0 = Date.UTC(2026, 0, 1);
const seg = (cameraId: string, startSec: number, id = `${cameraId}@${startSec}`): DrainCandidate => ({
  id, cameraId, startsAt: T0 + startSec * 1000, endsAt: T0 + (startSec + 4) * 1000, bytes: 1000,
});

describe('splitLanes', () => {
  it('puts the newest fresh segment of each camera in the live lane and the rest oldest first in the backlog', () => {
    const entries = [seg('a', 8), seg('b', 4), seg('a', 0), seg('a', 100), seg('b', 100), seg('b', 0)];
    const { live, backlog } = splitLanes(entries, T0 + 105_000, 12_000);
    expect(live.map((e) => e.id).sort()).toEqual(['a@100', 'b@100']);
    expect(backlog.map((e) => e.id)).toEqual(['a@0', 'b@0', 'b@4', 'a@8']);
  });

  it('leaves a camera out of the live lane when its newest pending segment is stale', () => {
    const { live, backlog } = splitLanes([seg('a', 0), seg('a', 4)], T0 + 60_000, 12_000);
    expect(live).toEqual([]);
    expect(backlog.map((e) => e.id)).toEqual(['a@0', 'a@4']);
  });
});

describe('chooseLane', () => {
  it('serves whichever lane has work when only one has', () => {
    expect(chooseLane({ live: true, backlog: false }, { liveBytes: 0, backlogBytes: 1e9 }, 0.5)).toBe('live');
    expect(chooseLane({ live: false, backlog: true }, { liveBytes: 1e9, backlogBytes: 0 }, 0.5)).toBe('backlog');
    expect(chooseLane({ live: false, backlog: false }, { liveBytes: 0, backlogBytes: 0 }, 0.5)).toBeUndefined();
  });

  it('interleaves so the backlog gets its share of the bytes when both lanes wait', () => {
    let liveBytes = 0;
    let backlogBytes = 0;
    const picks: string[] = [];
    for (let i = 0; i < 100; i++) {
      const lane = chooseLane({ live: true, backlog: true }, { liveBytes, backlogBytes }, 0.25);
      picks.push(lane!);
      if (lane === 'live') liveBytes += 1000;
      else backlogBytes += 1000;
    }
    expect(backlogBytes / (liveBytes + backlogBytes)).toBeCloseTo(0.25, 1);
    expect(picks[0]).toBe('live');
  });

  it('sends the backlog only when nothing is live at share 0, and always first at share 1', () => {
    expect(chooseLane({ live: true, backlog: true }, { liveBytes: 10, backlogBytes: 0 }, 0)).toBe('live');
    expect(chooseLane({ live: true, backlog: true }, { liveBytes: 0, backlogBytes: 10 }, 1)).toBe('backlog');
  });
});
