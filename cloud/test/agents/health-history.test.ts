import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, edgeHeaders, enrollAgent, putCamera, startTestCloud, userSession, type TestCloud } from '../support/test-cloud.js';

const HOUR = 3_600_000;

describe('site health history', () => {
  let cloud: TestCloud;
  let agent: Awaited<ReturnType<typeof enrollAgent>>;
  let start: number;
  beforeAll(async () => {
    cloud = await startTestCloud({ env: { ARGUS_CAMERA_OFFLINE_SECONDS: '30', ARGUS_AGENT_OFFLINE_SECONDS: '30' } });
    start = cloud.clock.now;
    agent = await enrollAgent(cloud.app, 'hq');
    await putCamera(cloud.app, 'door', ['main'], agent.headers, 'hq');
    await putCamera(cloud.app, 'gate', ['main'], agent.headers, 'hq');
    await putCamera(cloud.app, 'depot-cam', ['main'], edgeHeaders, 'depot');
  });
  afterAll(() => cloud?.close());

  const history = (site: string, query = '', headers: Record<string, string> = adminHeaders) =>
    cloud.app.inject({ method: 'GET', url: `/api/sites/${site}/health/history${query}`, headers });
  const heartbeat = () =>
    cloud.app.inject({
      method: 'POST', url: '/api/agents/heartbeat', headers: agent.headers,
      payload: { version: '0.2.0', sentAt: new Date(cloud.clock.now).toISOString(), cameras: [{ id: 'door', state: 'recording', lastSegmentAt: new Date(cloud.clock.now).toISOString() }] },
    });
  const edgeEvent = (label: string, cameraId: string, phase: 'start' | 'end', id: string, startedAt: number, endedAt?: number) =>
    cloud.app.inject({
      method: 'POST', url: '/api/events', headers: agent.headers,
      payload: { events: [{ id, phase, cameraId, label, startedAt: new Date(startedAt).toISOString(), ...(endedAt === undefined ? {} : { endedAt: new Date(endedAt).toISOString() }), attributes: { reason: 'test' } }] },
    });

  it('lists every camera and agent of the site, online all along before any health event', async () => {
    const res = await history('hq');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      from: new Date(cloud.clock.now - 24 * HOUR).toISOString(),
      to: new Date(cloud.clock.now).toISOString(),
      cameras: [{ id: 'door', periods: [] }, { id: 'gate', periods: [] }],
      agents: [{ id: agent.agentId, periods: [] }],
      truncated: false,
    });
  });

  it('returns the cloud and edge health events of the window as state periods, per subject', async () => {
    await heartbeat();
    // Stalled for a minute an hour ago (the edge), then everything silent past the grace (the cloud's checker).
    const stalled = randomUUID();
    expect((await edgeEvent('camera-stalled', 'gate', 'end', stalled, cloud.clock.now - HOUR, cloud.clock.now - HOUR + 60_000)).statusCode).toBe(200);
    cloud.clock.now += 31_000;
    await cloud.app.argus.healthChecker.checkOnce();

    const body = (await history('hq')).json<{ cameras: Array<{ id: string; periods: Array<Record<string, unknown>> }>; agents: Array<{ id: string; periods: Array<Record<string, unknown>> }> }>();
    const gate = body.cameras.find((c) => c.id === 'gate')!;
    expect(gate.periods[0]).toEqual({
      eventId: stalled, label: 'camera-stalled', state: 'stalled', source: 'edge', reason: 'test',
      from: new Date(cloud.clock.now - 31_000 - HOUR).toISOString(), to: new Date(cloud.clock.now - 31_000 - HOUR + 60_000).toISOString(),
    });
    expect(body.cameras.find((c) => c.id === 'door')!.periods).toEqual([
      expect.objectContaining({ label: 'camera-offline', state: 'offline', source: 'cloud', reason: 'no-recent-segment', to: null }),
    ]);
    expect(body.agents).toEqual([{ id: agent.agentId, periods: [expect.objectContaining({ label: 'agent-offline', state: 'offline', reason: 'no-heartbeat', to: null })] }]);
    // Nothing of the other site.
    expect(JSON.stringify(body)).not.toContain('depot-cam');

    // Back: the agent's period ends.
    await heartbeat();
    await cloud.app.argus.healthChecker.checkOnce();
    const back = (await history('hq')).json<{ agents: Array<{ periods: Array<{ to: string | null }> }> }>();
    expect(back.agents[0]!.periods[0]!.to).toBe(new Date(cloud.clock.now).toISOString());
  });

  it('leaves out periods that ended before the window and clips those that began before it', async () => {
    const old = randomUUID();
    const long = randomUUID();
    await edgeEvent('camera-frozen', 'gate', 'end', old, cloud.clock.now - 30 * HOUR, cloud.clock.now - 26 * HOUR);
    await edgeEvent('camera-frozen', 'gate', 'end', long, cloud.clock.now - 30 * HOUR, cloud.clock.now - 20 * HOUR);
    const day = (await history('hq')).json<{ from: string; cameras: Array<{ id: string; periods: Array<{ eventId: string; from: string }> }> }>();
    const gate = day.cameras.find((c) => c.id === 'gate')!.periods;
    expect(gate.map((p) => p.eventId)).not.toContain(old);
    expect(gate.find((p) => p.eventId === long)).toMatchObject({ from: day.from });
    const threeDays = (await history('hq', '?hours=72')).json<{ cameras: Array<{ id: string; periods: Array<{ eventId: string }> }> }>();
    expect(threeDays.cameras.find((c) => c.id === 'gate')!.periods.map((p) => p.eventId)).toContain(old);
  });

  it('refuses a bad window, naming the field', async () => {
    for (const query of ['?hours=0', '?hours=73', '?hours=soon', '?hours=1.5']) {
      const res = await history('hq', query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toMatchObject({ code: 'CLD_ERR_VALIDATION', field: 'hours' });
    }
  });

  it('is for camera viewers of the site: others get 404, anonymous callers 401, agents 403', async () => {
    const viewer = await userSession(cloud.app, { email: 'viewer-hq@history.test', role: 'viewer', siteIds: ['hq'] });
    expect((await history('hq', '', viewer.headers)).statusCode).toBe(200);
    expect((await history('depot', '', viewer.headers)).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_SITE_NOT_FOUND' });
    expect((await history('nowhere')).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_SITE_NOT_FOUND' });
    expect((await history('hq', '', {})).statusCode).toBe(401);
    expect((await history('hq', '', agent.headers)).statusCode).toBe(403);
    expect(start).toBeLessThanOrEqual(cloud.clock.now);
  });
});
