import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, edgeHeaders, enrollAgent, putCamera, startTestCloud, testSegment, uploadAndRegister, type TestCloud } from '../support/test-cloud.js';

describe('heartbeat, health and offline detection', () => {
  let cloud: TestCloud;
  let agent: Awaited<ReturnType<typeof enrollAgent>>;
  beforeAll(async () => {
    // Short graces keep the clock arithmetic readable; the checker's clock is the test's.
    cloud = await startTestCloud({ env: { ARGUS_CAMERA_OFFLINE_SECONDS: '30', ARGUS_AGENT_OFFLINE_SECONDS: '30' } });
    agent = await enrollAgent(cloud.app, 'hq');
    await putCamera(cloud.app, 'door', ['main'], agent.headers);
  });
  afterAll(() => cloud?.close());

  const heartbeat = (cameras: object[], headers = agent.headers, extra: object = {}) =>
    cloud.app.inject({
      method: 'POST', url: '/api/agents/heartbeat', headers,
      payload: { version: '0.2.0', sentAt: new Date(cloud.clock.now).toISOString(), clockSkewMs: 120, cameras, spool: { segments: 3, bytes: 4096 }, disk: { freeBytes: 10_000_000 }, ...extra },
    });
  const health = async () => (await cloud.app.inject({ method: 'GET', url: '/api/sites/hq/health', headers: adminHeaders })).json<{
    agents: Array<Record<string, unknown>>; cameras: Array<Record<string, unknown>>;
  }>();
  const healthEvents = async () =>
    (await cloud.app.inject({ method: 'GET', url: '/api/events?limit=100', headers: adminHeaders })).json<{ events: Array<Record<string, unknown>> }>().events.filter((e) => e.source === 'cloud');

  it('answers a heartbeat with the cloud time and stores it', async () => {
    const res = await heartbeat([{ id: 'door', state: 'recording', fps: 25, bitrateKbps: 2048, lastSegmentAt: new Date(cloud.clock.now - 1000).toISOString() }]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ serverTime: new Date(cloud.clock.now).toISOString(), agentId: agent.agentId, orgId: 'default' });
    const h = await health();
    expect(h.agents).toEqual([expect.objectContaining({
      id: agent.agentId, siteId: 'hq', version: '0.2.0', online: true, controlConnected: false, clockSkewMs: 120,
      lastSeenAt: new Date(cloud.clock.now).toISOString(), spool: { segments: 3, bytes: 4096 }, diskFreeBytes: 10_000_000,
    })]);
    expect(h.cameras).toEqual([{ id: 'door', name: 'Camera door', state: 'recording', online: true, fps: 25, bitrateKbps: 2048, lastSegmentAt: new Date(cloud.clock.now - 1000).toISOString() }]);
    const cameras = (await cloud.app.inject({ method: 'GET', url: '/api/cameras', headers: adminHeaders })).json<{ cameras: Array<Record<string, unknown>> }>().cameras;
    expect(cameras.find((c) => c.id === 'door')).toMatchObject({ online: true, state: 'recording' });
    const sites = (await cloud.app.inject({ method: 'GET', url: '/api/sites', headers: adminHeaders })).json<{ sites: unknown[] }>().sites;
    expect(sites).toContainEqual({ id: 'hq', name: 'Site hq', cameras: 1, camerasOnline: 1, agents: 1, agentsOnline: 1 });
  });

  it('skips cameras of other sites in a heartbeat', async () => {
    await putCamera(cloud.app, 'elsewhere', ['main'], edgeHeaders, 'depot');
    await heartbeat([{ id: 'elsewhere', state: 'offline' }, { id: 'door', state: 'recording' }]);
    const { rows } = await cloud.pool.query('select camera_id from camera_health order by camera_id');
    expect(rows).toEqual([{ camera_id: 'door' }]);
  });

  it('raises camera-offline and agent-offline after the grace, then ends them when back', async () => {
    const checker = cloud.app.argus.healthChecker;
    // The checker was built at the clock's start: the grace runs from there at the earliest.
    cloud.clock.now += 31_000;
    await checker.checkOnce();
    const started = await healthEvents();
    const camEvent = started.find((e) => e.label === 'camera-offline' && e.cameraId === 'door');
    const agentEvent = started.find((e) => e.label === 'agent-offline' && e.agentId === agent.agentId);
    expect(camEvent).toMatchObject({ phase: 'start', siteId: 'hq', attributes: { reason: 'no-recent-segment' }, endedAt: null });
    expect(agentEvent).toMatchObject({ phase: 'start', siteId: 'hq', cameraId: null, attributes: { reason: 'no-heartbeat' } });
    expect((await health()).cameras[0]).toMatchObject({ online: false });
    expect((await health()).agents[0]).toMatchObject({ online: false });

    // A second pass while still offline changes nothing.
    expect(await checker.checkOnce()).toEqual([]);

    // Back: a heartbeat and a fresh segment.
    await heartbeat([{ id: 'door', state: 'recording', lastSegmentAt: new Date(cloud.clock.now).toISOString() }]);
    await uploadAndRegister(cloud.app, testSegment({ cameraId: 'door', startsAt: cloud.clock.now - 4000 }), agent.headers);
    await checker.checkOnce();
    const ended = await healthEvents();
    expect(ended.find((e) => e.id === camEvent!.id)).toMatchObject({ phase: 'end', endedAt: new Date(cloud.clock.now).toISOString() });
    expect(ended.find((e) => e.id === agentEvent!.id)).toMatchObject({ phase: 'end' });
  });

  it('raises camera-offline when the recorder reports a bad state for longer than the grace, even with fresh segments', async () => {
    const checker = cloud.app.argus.healthChecker;
    await heartbeat([{ id: 'door', state: 'connecting', lastSegmentAt: new Date(cloud.clock.now).toISOString() }]);
    cloud.clock.now += 20_000;
    await heartbeat([{ id: 'door', state: 'connecting', lastSegmentAt: new Date(cloud.clock.now).toISOString() }]);
    // Only the door is watched here ('elsewhere', with no segment at all, has its own outage whenever its grace ends).
    const doorStarts = (actions: Array<{ type: string; subjectId?: string }>) => actions.filter((a) => a.type === 'start' && a.subjectId === 'door');
    expect(doorStarts(await checker.checkOnce())).toEqual([]);
    cloud.clock.now += 11_000;
    await heartbeat([{ id: 'door', state: 'connecting', lastSegmentAt: new Date(cloud.clock.now).toISOString() }]);
    expect(doorStarts(await checker.checkOnce())).toEqual([expect.objectContaining({ type: 'start', kind: 'camera-offline', subjectId: 'door', reason: 'state-connecting' })]);
  });

  it('accepts the legacy token, keeping its heartbeats under agent id "legacy"', async () => {
    const res = await heartbeat([{ id: 'elsewhere', state: 'recording' }], edgeHeaders);
    expect(res.json()).toMatchObject({ agentId: 'legacy' });
    const depot = (await cloud.app.inject({ method: 'GET', url: '/api/sites/depot/health', headers: adminHeaders })).json<{ agents: Array<{ id: string }> }>();
    expect(depot.agents.map((a) => a.id)).toEqual(['legacy']);
  });

  it('validates heartbeats and requires a credential', async () => {
    expect((await heartbeat([{ id: 'door' }])).json()).toMatchObject({ statusCode: 400, code: 'CLD_ERR_VALIDATION' });
    expect((await heartbeat([], { authorization: 'Bearer nope' })).statusCode).toBe(401);
    expect((await cloud.app.inject({ method: 'GET', url: '/api/sites/nowhere/health', headers: adminHeaders })).statusCode).toBe(404);
  });
});
