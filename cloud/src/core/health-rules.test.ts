import { describe, expect, it } from 'vitest';
import { agentOutage, cameraOutage, decideHealth, outageEventId, type CameraObservation, type HealthInput } from './health-rules.js';

const GRACE = 30_000;
const NOW = 1_000_000_000;
const config = { cameraGraceMs: GRACE, agentGraceMs: GRACE };

const camera = (over: Partial<CameraObservation> = {}): CameraObservation => ({
  id: 'cam-1', siteId: 'hq', lastSegmentAt: NOW - 1000, state: 'recording', stateSince: NOW - 600_000, createdAt: NOW - 3_600_000, ...over,
});

describe('cameraOutage', () => {
  it.each([
    ['a fresh segment and recording', camera(), undefined],
    ['a segment exactly at the grace limit', camera({ lastSegmentAt: NOW - GRACE }), undefined],
    ['no segment for longer than the grace', camera({ lastSegmentAt: NOW - GRACE - 1 }), { since: NOW - GRACE - 1, reason: 'no-recent-segment' }],
    ['never a segment, created long ago', camera({ lastSegmentAt: null }), { since: NOW - 3_600_000, reason: 'no-segment-yet' }],
    ['never a segment, created just now', camera({ lastSegmentAt: null, createdAt: NOW - 5000 }), undefined],
    ['fresh segments but a bad state past the grace', camera({ state: 'offline', stateSince: NOW - GRACE - 5 }), { since: NOW - GRACE - 5, reason: 'state-offline' }],
    ['a bad state within the grace', camera({ state: 'connecting', stateSince: NOW - 1000 }), undefined],
    ['no state reported (legacy edge) and a fresh segment', camera({ state: null, stateSince: null }), undefined],
  ])('%s', (_name, input, expected) => {
    expect(cameraOutage(input, NOW, GRACE)).toEqual(expected);
  });

  it('holds no silence from before the cloud was watching against a camera', () => {
    const stale = camera({ lastSegmentAt: NOW - 3_600_000 });
    expect(cameraOutage(stale, NOW, GRACE, NOW - 10_000)).toBeUndefined();
    expect(cameraOutage(stale, NOW, GRACE, NOW - GRACE - 1)).toEqual({ since: NOW - 3_600_000, reason: 'no-recent-segment' });
  });
});

describe('agentOutage', () => {
  const agent = { id: 'agent-1', siteId: 'hq', lastSeenAt: NOW - 1000, createdAt: NOW - 3_600_000 };
  it('is online within the grace, offline past it, and offline when never seen long after enrolment', () => {
    expect(agentOutage(agent, NOW, GRACE)).toBeUndefined();
    expect(agentOutage({ ...agent, lastSeenAt: NOW - 40_000 }, NOW, GRACE)).toEqual({ since: NOW - 40_000, reason: 'no-heartbeat' });
    expect(agentOutage({ ...agent, lastSeenAt: null }, NOW, GRACE)).toEqual({ since: NOW - 3_600_000, reason: 'never-seen' });
  });
});

describe('decideHealth', () => {
  const input = (over: Partial<HealthInput>): HealthInput => ({ now: NOW, watchingSince: 0, config, cameras: [], agents: [], open: [], ...over });

  it('starts one outage per offline subject, with an id stable for that outage', () => {
    const actions = decideHealth(input({
      cameras: [camera({ lastSegmentAt: NOW - 60_000 }), camera({ id: 'cam-2' })],
      agents: [{ id: 'agent-1', siteId: 'hq', lastSeenAt: NOW - 45_000, createdAt: 0 }],
    }));
    expect(actions).toEqual([
      { type: 'start', eventId: outageEventId('camera-offline', 'cam-1', NOW - 60_000), kind: 'camera-offline', subjectId: 'cam-1', siteId: 'hq', since: NOW - 60_000, reason: 'no-recent-segment' },
      { type: 'start', eventId: outageEventId('agent-offline', 'agent-1', NOW - 45_000), kind: 'agent-offline', subjectId: 'agent-1', siteId: 'hq', since: NOW - 45_000, reason: 'no-heartbeat' },
    ]);
    // A later pass over the same outage computes the same id (two replicas write one row).
    const later = decideHealth(input({ now: NOW + 5000, cameras: [camera({ lastSegmentAt: NOW - 60_000 })] }));
    expect(later[0]).toMatchObject({ eventId: outageEventId('camera-offline', 'cam-1', NOW - 60_000) });
    expect(outageEventId('camera-offline', 'cam-1', 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(outageEventId('camera-offline', 'cam-1', 1)).not.toBe(outageEventId('camera-offline', 'cam-1', 2));
  });

  it('does nothing while an outage is open and the subject still offline', () => {
    const open = [{ eventId: 'e-1', kind: 'camera-offline' as const, subjectId: 'cam-1' }];
    expect(decideHealth(input({ cameras: [camera({ lastSegmentAt: NOW - 60_000 })], open }))).toEqual([]);
  });

  it('ends an open outage once the subject is back', () => {
    const open = [
      { eventId: 'e-1', kind: 'camera-offline' as const, subjectId: 'cam-1' },
      { eventId: 'e-2', kind: 'agent-offline' as const, subjectId: 'agent-1' },
    ];
    const actions = decideHealth(input({ cameras: [camera()], agents: [{ id: 'agent-1', siteId: 'hq', lastSeenAt: NOW - 2000, createdAt: 0 }], open }));
    expect(actions).toEqual([
      { type: 'end', outage: open[0], endedAt: NOW },
      { type: 'end', outage: open[1], endedAt: NOW },
    ]);
  });

  it('keeps cameras and agents apart even with the same id', () => {
    const open = [{ eventId: 'e-1', kind: 'agent-offline' as const, subjectId: 'x' }];
    const actions = decideHealth(input({ cameras: [camera({ id: 'x', lastSegmentAt: NOW - 60_000 })], open }));
    expect(actions.map((a) => a.type)).toEqual(['start']);
  });
});
