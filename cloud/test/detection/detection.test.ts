import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { segmentKey } from '@argus/core';
import { DEFAULT_DETECTION, type DetectionResponse } from '@argus/contracts';
import { createOrgWithAdmin } from '../../src/auth/bootstrap.js';
import {
  adminHeaders, edgeHeaders, enrollAgent, login, putCamera, sha256, startTestCloud, userSession, type TestCloud,
} from '../support/test-cloud.js';

interface Command {
  readonly id: string;
  readonly command: string;
  readonly args: Record<string, unknown>;
}
type Answer = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } } | undefined;

/** A JPEG's first bytes are enough for the media route (it serves by extension). */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

describe('detection settings and snapshots', () => {
  let cloud: TestCloud;
  let base: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    cloud = await startTestCloud({ env: { ARGUS_COMMAND_TIMEOUT_SECONDS: '1' } });
    await cloud.app.listen({ port: 0, host: '127.0.0.1' });
    const address = cloud.app.server.address();
    base = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // cam-1 in site-1 (announced by the legacy agent); cam-hq in site hq, recorded by an enrolled agent.
    await putCamera(cloud.app, 'cam-1', ['main', 'sub']);
    await putCamera(cloud.app, 'cam-2', ['main']);
  });
  afterEach(() => {
    // Each test connects the agents it needs: none carries over.
    for (const s of sockets.splice(0)) s.terminate();
  });
  afterAll(async () => {
    await cloud?.close();
  });

  /** A raw agent on the control channel: records what it was sent, answers with `answer`. */
  async function agent(headers: Record<string, string>, answer: (cmd: Command) => Answer | Promise<Answer>): Promise<{ received: Command[]; socket: WebSocket }> {
    const socket = new WebSocket(`${base}/api/agents/control`, { headers });
    sockets.push(socket);
    await once(socket, 'message'); // hello
    const received: Command[] = [];
    socket.on('message', (raw: Buffer) => {
      const cmd = JSON.parse(raw.toString()) as Command;
      received.push(cmd);
      void Promise.resolve(answer(cmd)).then((reply) => {
        if (reply) socket.send(JSON.stringify({ type: 'ack', id: cmd.id, ...reply }));
      });
    });
    return { received, socket };
  }
  /** Ends the sockets and waits until the hub has seen them go, so the next test starts with no agent connected. */
  const disconnected = async (...gone: WebSocket[]) => {
    for (const socket of gone) socket.terminate();
    await expect.poll(() => cloud.app.argus.controlHub.connectedAgents().length).toBe(0);
  };

  const getDetection = (cameraId: string, headers: Record<string, string> = adminHeaders) =>
    cloud.app.inject({ method: 'GET', url: `/api/cameras/${cameraId}/detection`, headers });
  const putDetection = (cameraId: string, payload: object, headers: Record<string, string> = adminHeaders) =>
    cloud.app.inject({ method: 'PUT', url: `/api/cameras/${cameraId}/detection`, headers, payload });
  const snapshot = (cameraId: string, headers: Record<string, string> = adminHeaders) =>
    cloud.app.inject({ method: 'POST', url: `/api/cameras/${cameraId}/snapshot`, headers });
  const auditActions = async (action: string) =>
    (await cloud.app.inject({ method: 'GET', url: `/api/audit?action=${action}`, headers: adminHeaders })).json<{ entries: Array<{ target: string; result: string }> }>().entries;

  const zone = { name: 'Gate', polygon: [[0.1, 0.1], [0.5, 0.1], [0.5, 0.6]] };
  const mask = [[0.8, 0], [1, 0], [1, 0.2], [0.8, 0.2]];

  it('answers the defaults for a camera whose settings were never saved', async () => {
    const res = await getDetection('cam-1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ cameraId: 'cam-1', detection: DEFAULT_DETECTION, stream: null, appliedAt: null });
  });

  it('refuses with 409 and stores nothing while no agent of the camera is connected', async () => {
    const res = await putDetection('cam-1', { zones: [zone] });
    expect(res.json()).toMatchObject({ statusCode: 409, code: 'CLD_ERR_AGENT_NOT_CONNECTED' });
    expect((await getDetection('cam-1')).json<DetectionResponse>()).toMatchObject({ detection: { zones: [] }, appliedAt: null });
  });

  it('sends the merged settings to the agent and stores them once it acknowledges', async () => {
    const { received, socket } = await agent(edgeHeaders, () => ({ ok: true, result: { cameraId: 'cam-1', stream: 'sub' } }));
    cloud.clock.now = Date.parse('2026-11-30T09:00:00.000Z');
    const first = await putDetection('cam-1', { zones: [zone], masks: [mask], sensitivity: 0.7 });
    expect(first.statusCode).toBe(200);
    const applied = { ...DEFAULT_DETECTION, zones: [zone], masks: [mask], sensitivity: 0.7 };
    expect(first.json()).toEqual({ cameraId: 'cam-1', detection: applied, stream: 'sub', appliedAt: '2026-11-30T09:00:00.000Z' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ command: 'configure-detection', args: { cameraId: 'cam-1', detection: applied } });

    // A patch changes what it names and keeps the rest.
    cloud.clock.now += 60_000;
    const second = await putDetection('cam-1', { enabled: false });
    expect(second.json<DetectionResponse>()).toMatchObject({ detection: { ...applied, enabled: false }, appliedAt: '2026-11-30T09:01:00.000Z' });
    expect(received[1]?.args).toEqual({ cameraId: 'cam-1', detection: { ...applied, enabled: false } });
    expect((await getDetection('cam-1')).json()).toEqual(second.json());

    const [entry] = await auditActions('camera.detection');
    expect(entry).toMatchObject({ result: 'ok', target: expect.stringContaining('camera:cam-1 agent:legacy off sensitivity=0.7') });
    expect(entry?.target).toContain('zones=Gate masks=1');
    await disconnected(socket);
  });

  it('answers 502 with the agent\'s error when it refuses, and keeps the stored settings', async () => {
    const before = (await getDetection('cam-1')).json<DetectionResponse>();
    const { socket } = await agent(edgeHeaders, () => ({ ok: false, error: { code: 'EDGE_ERR_UNKNOWN_CAMERA', message: 'no camera cam-1 on this agent' } }));
    const res = await putDetection('cam-1', { sensitivity: 0.2 });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ code: 'CLD_ERR_AGENT_REFUSED', message: expect.stringContaining('EDGE_ERR_UNKNOWN_CAMERA: no camera cam-1 on this agent') });
    expect((await getDetection('cam-1')).json()).toEqual(before);
    expect((await auditActions('camera.detection'))[0]).toMatchObject({ result: 'failed' });
    await disconnected(socket);
  });

  it('answers 504 when the agent does not acknowledge in time, storing nothing', async () => {
    const before = (await getDetection('cam-1')).json<DetectionResponse>();
    const { socket } = await agent(edgeHeaders, () => undefined);
    const res = await putDetection('cam-1', { sensitivity: 0.3 });
    expect(res.json()).toMatchObject({ statusCode: 504, code: 'CLD_ERR_COMMAND_TIMEOUT' });
    expect((await getDetection('cam-1')).json()).toEqual(before);
    await disconnected(socket);
  });

  it.each([
    [{ zones: [{ name: 'Gate', polygon: [[0, 0], [1, 1]] }] }, 'zones.0.polygon'],
    [{ masks: [[[0, 0], [1.5, 0], [1, 1]]] }, 'masks.0.1.0'],
    [{ zones: [{ name: '<script>', polygon: zone.polygon }] }, 'zones.0.name'],
    [{ sensitivity: 2 }, 'sensitivity'],
    [{ fps: 0.5 }, 'fps'],
  ])('refuses the malformed patch %j', async (patch, field) => {
    const res = await putDetection('cam-1', patch);
    expect(res.json()).toMatchObject({ statusCode: 400, code: 'CLD_ERR_VALIDATION', field });
  });

  it('sends the command to an agent of the camera\'s site rather than another connected one', async () => {
    const hq = await enrollAgent(cloud.app, 'hq');
    await putCamera(cloud.app, 'cam-hq', ['main'], hq.headers, 'hq');
    const legacy = await agent(edgeHeaders, () => ({ ok: true, result: { cameraId: 'cam-hq', stream: 'sub' } }));
    const site = await agent(hq.headers, () => ({ ok: true, result: { cameraId: 'cam-hq', stream: 'main' } }));
    const res = await putDetection('cam-hq', { hangMs: 5000 });
    expect(res.json<DetectionResponse>()).toMatchObject({ stream: 'main', detection: { hangMs: 5000 } });
    expect(site.received).toHaveLength(1);
    expect(legacy.received).toHaveLength(0);
    await disconnected(legacy.socket, site.socket);
  });

  it('lets roles with camera.configure save, others only read, and keeps other sites and organisations out', async () => {
    const { socket } = await agent(edgeHeaders, () => ({ ok: true, result: { cameraId: 'cam-2', stream: 'main' } }));
    const integrator = await userSession(cloud.app, { email: 'integrator@detection.test', role: 'integrator' });
    const operator = await userSession(cloud.app, { email: 'operator@detection.test', role: 'operator' });
    const viewer = await userSession(cloud.app, { email: 'viewer@detection.test', role: 'viewer' });
    expect((await putDetection('cam-2', { sensitivity: 0.9 }, integrator.headers)).statusCode).toBe(200);
    expect((await getDetection('cam-2', viewer.headers)).json<DetectionResponse>().detection.sensitivity).toBe(0.9);
    for (const refused of [operator, viewer]) {
      expect((await putDetection('cam-2', { sensitivity: 0.1 }, refused.headers)).json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_FORBIDDEN' });
    }
    expect((await putDetection('cam-2', { sensitivity: 0.1 }, {})).statusCode).toBe(401);
    expect((await putDetection('cam-2', { sensitivity: 0.1 }, edgeHeaders)).statusCode).toBe(403);

    // An integrator of another site, and another organisation, see no such camera.
    const elsewhere = await userSession(cloud.app, { email: 'integrator-hq@detection.test', role: 'integrator', siteIds: ['hq'] });
    await createOrgWithAdmin(cloud.pool, { id: 'acme', name: 'Acme' }, { email: 'admin@acme.test', password: 'acme-admin-password' });
    const acme = await login(cloud.app, 'admin@acme.test', 'acme-admin-password');
    for (const outsider of [elsewhere.headers, acme]) {
      expect((await getDetection('cam-2', outsider)).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_CAMERA_NOT_FOUND' });
      expect((await putDetection('cam-2', { sensitivity: 0.1 }, outsider)).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_CAMERA_NOT_FOUND' });
      expect((await snapshot('cam-2', outsider)).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_CAMERA_NOT_FOUND' });
    }
    expect((await getDetection('cam-2')).json<DetectionResponse>().detection.sensitivity).toBe(0.9);
    expect((await getDetection('cam-nobody')).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_CAMERA_NOT_FOUND' });
    await disconnected(socket);
  });

  it('takes a snapshot through the agent and answers its media URL, which serves the JPEG', async () => {
    const key = segmentKey({ orgId: 'default', cameraId: 'cam-1', stream: 'main', startsAt: Date.parse('2026-11-30T09:05:00.000Z'), ext: 'jpg' });
    // The agent uploads the JPEG the way the edge does (upload URL, PUT), then acks with its key.
    const { received, socket } = await agent(edgeHeaders, async () => {
      const target = await cloud.app.inject({ method: 'POST', url: '/api/uploads', headers: edgeHeaders, payload: { key, bytes: JPEG.length, sha256: sha256(JPEG) } });
      const url = new URL(target.json<{ url: string }>().url);
      await cloud.app.inject({ method: 'PUT', url: `${url.pathname}${url.search}`, headers: { 'content-type': 'image/jpeg' }, payload: JPEG });
      return { ok: true, result: { key, bytes: JPEG.length, sha256: sha256(JPEG), contentType: 'image/jpeg' } };
    });
    cloud.clock.now = Date.parse('2026-11-30T09:05:01.000Z');
    const operator = await userSession(cloud.app, { email: 'operator-snap@detection.test', role: 'operator' });
    const res = await snapshot('cam-1', operator.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ key, url: `/api/media/${key}`, takenAt: '2026-11-30T09:05:01.000Z' });
    expect(received[0]).toMatchObject({ command: 'snapshot', args: { cameraId: 'cam-1' } });
    const image = await cloud.app.inject({ method: 'GET', url: res.json<{ url: string }>().url, headers: operator.headers });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.rawPayload.equals(JPEG)).toBe(true);
    expect((await auditActions('camera.snapshot'))[0]).toMatchObject({ result: 'ok', target: `camera:cam-1 ${key}` });

    const viewer = await userSession(cloud.app, { email: 'viewer-snap@detection.test', role: 'viewer' });
    expect((await snapshot('cam-1', viewer.headers)).json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_FORBIDDEN' });
    await disconnected(socket);
  });

  it('refuses a snapshot without an agent (409), one the agent refuses, and one whose key names another camera (502)', async () => {
    expect((await snapshot('cam-1')).json()).toMatchObject({ statusCode: 409, code: 'CLD_ERR_AGENT_NOT_CONNECTED' });
    const refusing = await agent(edgeHeaders, () => ({ ok: false, error: { code: 'EDGE_ERR_SNAPSHOT', message: 'ffmpeg grabbed no frame' } }));
    expect((await snapshot('cam-1')).json()).toMatchObject({ statusCode: 502, code: 'CLD_ERR_AGENT_REFUSED', message: expect.stringContaining('EDGE_ERR_SNAPSHOT') });
    await disconnected(refusing.socket);
    const otherKey = segmentKey({ orgId: 'default', cameraId: 'cam-2', stream: 'main', startsAt: 1_796_029_200_000, ext: 'jpg' });
    const lying = await agent(edgeHeaders, () => ({ ok: true, result: { key: otherKey, bytes: 1, sha256: 'a'.repeat(64), contentType: 'image/jpeg' } }));
    expect((await snapshot('cam-1')).json()).toMatchObject({ statusCode: 502, code: 'CLD_ERR_AGENT_REFUSED' });
    expect((await auditActions('camera.snapshot'))[0]).toMatchObject({ result: 'failed' });
    await disconnected(lying.socket);
  });
});
