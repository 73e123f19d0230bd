import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { adminHeaders, edgeHeaders, enrollAgent, startTestCloud, userSession, type TestCloud } from '../support/test-cloud.js';

describe('control channel (cloud side)', () => {
  let cloud: TestCloud;
  let base: string;
  const sockets: WebSocket[] = [];
  beforeAll(async () => {
    cloud = await startTestCloud({ env: { ARGUS_COMMAND_TIMEOUT_SECONDS: '1' } });
    await cloud.app.listen({ port: 0, host: '127.0.0.1' });
    const address = cloud.app.server.address();
    base = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.terminate();
    await cloud?.close();
  });

  /** A raw agent: answers commands with `answer`, or stays silent when it returns undefined. */
  async function connect(headers: Record<string, string>, answer: (cmd: { id: string; command: string; args: unknown }) => object | undefined): Promise<{ socket: WebSocket; hello: { agentId: string; serverTime: number } }> {
    const socket = new WebSocket(`${base}/api/agents/control`, { headers });
    sockets.push(socket);
    const [data] = (await once(socket, 'message')) as [Buffer];
    socket.on('message', (raw: Buffer) => {
      const cmd = JSON.parse(raw.toString()) as { id: string; command: string; args: unknown };
      const reply = answer(cmd);
      if (reply) socket.send(JSON.stringify({ type: 'ack', id: cmd.id, ...reply }));
    });
    return { socket, hello: JSON.parse(data.toString()) };
  }
  const command = (agentId: string, payload: object, headers: Record<string, string> = adminHeaders) =>
    cloud.app.inject({ method: 'POST', url: `/api/agents/${agentId}/commands`, headers, payload });

  it('refuses an unauthenticated upgrade with 401', async () => {
    const socket = new WebSocket(`${base}/api/agents/control`, { headers: { authorization: 'Bearer wrong' } });
    const [, response] = (await once(socket, 'unexpected-response')) as [unknown, { statusCode: number }];
    expect(response.statusCode).toBe(401);
    socket.on('error', () => undefined); // terminating a refused handshake reports "closed before established"
    socket.terminate();
  });

  it('round-trips a command to the agent and returns its ack', async () => {
    const agent = await enrollAgent(cloud.app, 'hq');
    const { hello } = await connect(agent.headers, (cmd) => ({ ok: true, result: { echo: cmd.command, args: cmd.args } }));
    expect(hello).toMatchObject({ type: 'hello', agentId: agent.agentId });
    expect(hello.serverTime).toBe(cloud.clock.now);
    const res = await command(agent.agentId, { type: 'discover', args: { timeoutMs: 100 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, result: { echo: 'discover', args: { timeoutMs: 100 } } });
    expect(res.json().id).toMatch(/^[0-9a-f-]{36}$/);
    const health = (await cloud.app.inject({ method: 'GET', url: '/api/sites/hq/health', headers: adminHeaders })).json<{ agents: Array<{ id: string; controlConnected: boolean }> }>();
    expect(health.agents.find((a) => a.id === agent.agentId)?.controlConnected).toBe(true);
  });

  it('passes an agent error through the ack', async () => {
    await connect(edgeHeaders, () => ({ ok: false, error: { code: 'EDGE_ERR_UNKNOWN_CAMERA', message: 'no camera cam-9' } }));
    const res = await command('legacy', { type: 'snapshot', args: { cameraId: 'cam-9' } });
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'EDGE_ERR_UNKNOWN_CAMERA' } });
  });

  it('answers 504 when the agent does not acknowledge in time', async () => {
    const agent = await enrollAgent(cloud.app, 'hq', 'silent');
    await connect(agent.headers, () => undefined);
    const started = Date.now();
    const res = await command(agent.agentId, { type: 'snapshot', args: { cameraId: 'x' }, timeoutMs: 300 });
    expect(res.json()).toMatchObject({ statusCode: 504, code: 'CLD_ERR_COMMAND_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers 409 for a known agent that is not connected, 404 for an unknown one', async () => {
    const agent = await enrollAgent(cloud.app, 'hq', 'offline');
    const snapshot = { type: 'snapshot', args: { cameraId: 'cam-1' } };
    expect((await command(agent.agentId, snapshot)).json()).toMatchObject({ statusCode: 409, code: 'CLD_ERR_AGENT_NOT_CONNECTED' });
    expect((await command('agent-nobody', snapshot)).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_AGENT_NOT_FOUND' });
  });

  it('asks each command for its permission, checks its arguments and refuses the cloud-only ones', async () => {
    const snapshot = { type: 'snapshot', args: { cameraId: 'cam-1' } };
    expect((await command('legacy', snapshot, {})).statusCode).toBe(401);
    expect((await command('legacy', snapshot, edgeHeaders)).json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_FORBIDDEN' });
    const viewer = await userSession(cloud.app, { email: 'viewer@control.test', role: 'viewer' });
    expect((await command('legacy', snapshot, viewer.headers)).json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_FORBIDDEN' });
    const operator = await userSession(cloud.app, { email: 'operator@control.test', role: 'operator' });
    const discover = await command('legacy', { type: 'discover', args: {} }, operator.headers);
    expect(discover.json()).toMatchObject({ statusCode: 403, code: 'CLD_ERR_FORBIDDEN', message: expect.stringContaining('camera.configure') });
    expect((await command('legacy', { type: 'live-start', args: { cameraId: 'cam-1', url: 'rtmp://x/y' } })).json()).toMatchObject({ statusCode: 403, field: 'type' });
    expect((await command('legacy', { type: 'reboot' })).json()).toMatchObject({ statusCode: 400, code: 'CLD_ERR_VALIDATION' });
    const badArgs = await command('legacy', { type: 'ptz', args: { cameraId: 'cam-1', x: 3 } });
    expect(badArgs.json()).toMatchObject({ statusCode: 400, code: 'CLD_ERR_VALIDATION', message: expect.stringContaining('args.x') });
  });

  it('keeps only the newest channel of an agent', async () => {
    const agent = await enrollAgent(cloud.app, 'hq', 'twice');
    const first = await connect(agent.headers, () => ({ ok: true, result: 'first' }));
    const closed = once(first.socket, 'close');
    await connect(agent.headers, () => ({ ok: true, result: 'second' }));
    const [code] = (await closed) as [number];
    expect(code).toBe(4000);
    expect((await command(agent.agentId, { type: 'discover', args: {} })).json()).toMatchObject({ result: 'second' });
  });
});
