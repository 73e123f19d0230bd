import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRecord, RuleRecord } from '@argus/contracts';
import { adminHeaders, edgeHeaders, putCamera, startTestCloud, userSession, type TestCloud } from '../support/test-cloud.js';

const T0 = Date.now() - 60_000;
let n = 0;
const eventId = (): string => `7a1c2d3e-0000-4000-8000-${String(++n).padStart(12, '0')}`;

/**
 * Alert rules and alerts through the API, against the real cloud and
 * PostgreSQL: rules are checked and scoped; event phases posted by the edge
 * open alerts per rule and tracked object, with the cooldown; alerts move
 * open → acknowledged → resolved by people who may handle them, audited.
 */
describe('alerts', () => {
  let cloud: TestCloud;
  let operator: Record<string, string>;
  let viewer: Record<string, string>;
  let integrator: Record<string, string>;

  beforeAll(async () => {
    cloud = await startTestCloud();
    await putCamera(cloud.app, 'gate-3');
    await putCamera(cloud.app, 'yard-1');
    operator = (await userSession(cloud.app, { email: 'op@alerts.test', role: 'operator' })).headers;
    viewer = (await userSession(cloud.app, { email: 'viewer@alerts.test', role: 'viewer' })).headers;
    integrator = (await userSession(cloud.app, { email: 'int@alerts.test', role: 'integrator' })).headers;
  });
  afterAll(() => cloud?.close());

  const createRule = async (body: object, headers: Record<string, string> = adminHeaders) => cloud.app.inject({ method: 'POST', url: '/api/rules', headers, payload: body });
  const post = async (events: object[]) => {
    const res = await cloud.app.inject({ method: 'POST', url: '/api/events', headers: edgeHeaders, payload: { events } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const alerts = async (query = ''): Promise<AlertRecord[]> => {
    const res = await cloud.app.inject({ method: 'GET', url: `/api/alerts${query}`, headers: adminHeaders });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ alerts: AlertRecord[] }>().alerts;
  };
  const person = (id: string, phase: string, extra: object = {}) => ({
    id, phase, cameraId: 'gate-3', label: 'person', score: 0.8, zones: ['gate'], startedAt: new Date(T0).toISOString(), ...extra,
  });

  it('creates, lists, changes and deletes rules, checked and audited; only those who set the system up may', async () => {
    const body = { name: 'Person at gate 3 at night', cameraIds: ['gate-3'], labels: ['person'], zones: ['gate'], schedule: { timeZone: 'Europe/Paris', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00' }] }, severity: 'high' };
    const created = await createRule(body, integrator);
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json<RuleRecord>();
    expect(rule).toMatchObject({ name: body.name, cameraIds: ['gate-3'], labels: ['person'], zones: ['gate'], severity: 'high', cooldownSeconds: 60, enabled: true, minScore: null });
    expect((await createRule(body, operator)).statusCode).toBe(403);
    expect((await createRule(body, viewer)).statusCode).toBe(403);
    // Bad input names its field.
    const badZone = await createRule({ ...body, schedule: { timeZone: 'Mars/Olympus', windows: body.schedule.windows } });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json<{ field?: string }>().field).toBe('schedule.timeZone');
    const badCamera = await createRule({ ...body, cameraIds: ['nowhere'] });
    expect(badCamera.statusCode).toBe(400);
    expect(badCamera.json<{ field?: string }>().field).toBe('cameraIds');
    expect((await createRule({ ...body, severity: 'apocalyptic' })).statusCode).toBe(400);
    expect((await createRule({ ...body, labels: [] })).statusCode).toBe(400);

    const listed = await cloud.app.inject({ method: 'GET', url: '/api/rules', headers: viewer });
    expect(listed.json<{ rules: RuleRecord[] }>().rules.map((r) => r.id)).toContain(rule.id);
    const patched = await cloud.app.inject({ method: 'PATCH', url: `/api/rules/${rule.id}`, headers: adminHeaders, payload: { minScore: 0.9, enabled: false } });
    expect(patched.json<RuleRecord>()).toMatchObject({ minScore: 0.9, enabled: false, name: body.name });
    expect((await cloud.app.inject({ method: 'DELETE', url: `/api/rules/${rule.id}`, headers: adminHeaders })).statusCode).toBe(204);
    expect((await cloud.app.inject({ method: 'DELETE', url: `/api/rules/${rule.id}`, headers: adminHeaders })).statusCode).toBe(404);
    const audit = await cloud.app.inject({ method: 'GET', url: '/api/audit?limit=50', headers: adminHeaders });
    const actions = audit.json<{ entries: Array<{ action: string }> }>().entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['rule.create', 'rule.update', 'rule.delete']));
  });

  it('clears each optional condition of a rule with null, audited, and then matches without it', async () => {
    // A whole day that is not the event's (UTC), so the schedule keeps it out.
    const otherDay = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[(new Date(T0).getUTCDay() + 3) % 7]!;
    const created = await createRule({
      name: 'Narrow', siteIds: ['site-1'], cameraIds: ['gate-3'], labels: ['person'], zones: ['gate'], minScore: 0.95, minDwellSeconds: 3600,
      schedule: { timeZone: 'UTC', windows: [{ days: [otherDay], from: '00:00', to: '24:00' }] }, severity: 'low', cooldownSeconds: 0,
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json<RuleRecord>();
    // Fails every condition but the site and the label: another camera, another zone, a low score, a short stay, outside the schedule.
    const outsider = () => person(eventId(), 'start', { cameraId: 'yard-1', zones: ['road'], score: 0.5 });
    const opened = async () => (await alerts()).filter((a) => a.ruleId === rule.id);
    const steps: Array<[field: string, cleared: unknown]> = [
      ['schedule', null], ['minScore', null], ['minDwellSeconds', null], ['zones', []], ['siteIds', []], ['cameraIds', []],
    ];
    for (const [i, [field, cleared]] of steps.entries()) {
      await post([outsider()]);
      expect(await opened(), `before clearing ${field}`).toHaveLength(0);
      const res = await cloud.app.inject({ method: 'PATCH', url: `/api/rules/${rule.id}`, headers: adminHeaders, payload: { [field]: null } });
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json<RuleRecord>() as unknown as Record<string, unknown>)[field]).toEqual(cleared);
      // Only that condition went: the ones not yet cleared are as created.
      for (const [later] of steps.slice(i + 1)) expect((res.json<RuleRecord>() as unknown as Record<string, unknown>)[later]).toEqual((rule as unknown as Record<string, unknown>)[later]);
    }
    const matching = outsider();
    await post([matching]);
    expect((await opened()).map((a) => a.eventId)).toEqual([matching.id]);
    const audit = await cloud.app.inject({ method: 'GET', url: '/api/audit?limit=50', headers: adminHeaders });
    const targets = audit.json<{ entries: Array<{ action: string; target: string }> }>().entries.filter((e) => e.action === 'rule.update' && e.target.startsWith(`rule:${rule.id} `)).map((e) => e.target);
    expect(targets.sort()).toEqual(steps.map(([field]) => `rule:${rule.id} Narrow (${field})`).sort());
    await cloud.app.inject({ method: 'DELETE', url: `/api/rules/${rule.id}`, headers: adminHeaders });
  });

  it('refuses null for a rule\'s name, labels and severity, keeps a 0 threshold as 0, and lets no site-scoped caller clear its sites', async () => {
    const rule = (await createRule({ name: 'Site one', siteIds: ['site-1'], labels: ['person'], severity: 'low' })).json<RuleRecord>();
    const patch = (payload: object, headers: Record<string, string> = adminHeaders) => cloud.app.inject({ method: 'PATCH', url: `/api/rules/${rule.id}`, headers, payload });
    for (const field of ['name', 'labels', 'severity']) {
      expect((await patch({ [field]: null })).statusCode, field).toBe(400);
    }
    expect((await patch({ minScore: 2 })).statusCode).toBe(400);
    expect((await patch({ minScore: 0 })).json<RuleRecord>().minScore).toBe(0);
    // Clearing its sites would make the rule watch every site, beyond the caller's.
    const siteAdmin = (await userSession(cloud.app, { email: 'site-admin@alerts.test', role: 'admin', siteIds: ['site-1'] })).headers;
    const refused = await patch({ siteIds: null }, siteAdmin);
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ field?: string }>().field).toBe('siteIds');
    const kept = await patch({ minScore: null, cameraIds: null }, siteAdmin);
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json<RuleRecord>()).toMatchObject({ siteIds: ['site-1'], cameraIds: [], minScore: null });
    await cloud.app.inject({ method: 'DELETE', url: `/api/rules/${rule.id}`, headers: adminHeaders });
  });

  it('opens one alert per rule and tracked object when an event matches, with its snapshot and playback; not on other cameras, labels or zones', async () => {
    const rule = (await createRule({ name: 'Person at the gate', cameraIds: ['gate-3'], labels: ['person'], zones: ['gate'], severity: 'high', cooldownSeconds: 0 })).json<RuleRecord>();
    const first = eventId();
    const snapshotKey = 'org/default/cam/gate-3/2026/11/30/21/1.jpg';
    await post([person(first, 'start', { snapshotKey })]);
    // Each phase carries the event's whole state, the snapshot's key included (docs/api.md, Events).
    await post([person(first, 'update', { score: 0.9, snapshotKey })]);
    await post([person(eventId(), 'start', { cameraId: 'yard-1' })]);
    await post([person(eventId(), 'start', { zones: ['road'] })]);
    await post([person(eventId(), 'start', { label: 'car' })]);
    const opened = (await alerts()).filter((a) => a.ruleId === rule.id);
    expect(opened).toHaveLength(1);
    const alert = opened[0]!;
    expect(alert).toMatchObject({ state: 'open', eventId: first, label: 'person', cameraId: 'gate-3', severity: 'high', ruleName: 'Person at the gate' });
    expect(alert.snapshotUrl).toBe('/api/media/org/default/cam/gate-3/2026/11/30/21/1.jpg');
    // Playback from 5 s before the event.
    const from = new URL(`http://x${alert.playbackUrl!}`).searchParams.get('from');
    expect(Date.parse(from!)).toBe(T0 - 5000);
    expect(alert.playbackUrl).toMatch(/^\/api\/cameras\/gate-3\/playback\.m3u8\?/);
    await cloud.app.inject({ method: 'DELETE', url: `/api/rules/${rule.id}`, headers: adminHeaders });
  });

  it('opens on the update that makes the dwell long enough, and keeps quiet on the camera during the cooldown', async () => {
    const rule = (await createRule({ name: 'Loitering', labels: ['person'], minDwellSeconds: 10, severity: 'medium', cooldownSeconds: 3600 })).json<RuleRecord>();
    const loiterer = eventId();
    await post([person(loiterer, 'start', { attributes: { dwellSeconds: '2.0' } })]);
    expect((await alerts()).filter((a) => a.ruleId === rule.id)).toHaveLength(0);
    await post([person(loiterer, 'update', { attributes: { dwellSeconds: '12.0' } })]);
    expect((await alerts()).filter((a) => a.ruleId === rule.id).map((a) => a.eventId)).toEqual([loiterer]);
    // Another person lingering at the same camera within the hour: no second alert.
    const second = eventId();
    await post([person(second, 'start', { attributes: { dwellSeconds: '15.0' } })]);
    expect((await alerts()).filter((a) => a.ruleId === rule.id)).toHaveLength(1);
    await cloud.app.inject({ method: 'DELETE', url: `/api/rules/${rule.id}`, headers: adminHeaders });
  });

  it('moves an alert open → acknowledged → resolved for those who handle alerts, audited; a viewer may not, a resolved alert stays resolved', async () => {
    const rule = (await createRule({ name: 'Any person', labels: ['person'], severity: 'low', cooldownSeconds: 0 })).json<RuleRecord>();
    await post([person(eventId(), 'start')]);
    const alert = (await alerts('?state=open')).find((a) => a.ruleId === rule.id)!;
    const act = (verb: string, headers: Record<string, string>, payload: object = {}) =>
      cloud.app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/${verb}`, headers, payload });
    expect((await act('ack', viewer)).statusCode).toBe(403);
    const acked = await act('ack', operator);
    expect(acked.statusCode, acked.body).toBe(200);
    expect(acked.json<AlertRecord>()).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'user:op@alerts.test' });
    expect((await act('ack', operator)).statusCode).toBe(409);
    const assigned = await act('assign', operator, { assignee: 'op@alerts.test' });
    expect(assigned.json<AlertRecord>().assignee).toBe('op@alerts.test');
    const resolved = await act('resolve', operator, { note: 'a delivery, expected' });
    expect(resolved.json<AlertRecord>()).toMatchObject({ state: 'resolved', resolvedBy: 'user:op@alerts.test', note: 'a delivery, expected' });
    expect((await act('resolve', operator)).statusCode).toBe(409);
    expect((await act('assign', operator, { assignee: null })).statusCode).toBe(409);
    expect((await alerts('?state=resolved')).map((a) => a.id)).toContain(alert.id);
    expect((await alerts('?state=open')).map((a) => a.id)).not.toContain(alert.id);
    const audit = await cloud.app.inject({ method: 'GET', url: '/api/audit?limit=100', headers: adminHeaders });
    const entries = audit.json<{ entries: Array<{ action: string; target: string | null; result: string }> }>().entries.filter((e) => e.target?.startsWith(`alert:${alert.id}`));
    expect(entries.map((e) => `${e.action}:${e.result}`)).toEqual(expect.arrayContaining(['alert.ack:ok', 'alert.assign:ok', 'alert.resolve:ok', 'alert.ack:denied']));
    expect((await cloud.app.inject({ method: 'POST', url: '/api/alerts/alr_nothing/ack', headers: operator, payload: {} })).statusCode).toBe(404);
    await cloud.app.inject({ method: 'DELETE', url: `/api/rules/${rule.id}`, headers: adminHeaders });
  });

  it('alerts on health kinds too: a camera that went offline', async () => {
    const rule = (await createRule({ name: 'Camera down', labels: ['camera-offline'], severity: 'critical' })).json<RuleRecord>();
    const down = eventId();
    await post([{ id: down, phase: 'start', cameraId: 'yard-1', label: 'camera-offline', attributes: { reason: 'connection-refused' }, startedAt: new Date(T0).toISOString() }]);
    expect((await alerts('?cameraId=yard-1')).filter((a) => a.ruleId === rule.id).map((a) => [a.label, a.severity])).toEqual([['camera-offline', 'critical']]);
  });
});
