import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ffmpegBinaries } from '@argus/runtime';
import type { CloudApp } from '../../src/app.js';
import { adminHeaders, enrollAgent, putCamera } from '../support/test-cloud.js';
import { startTwoClouds, type TwoClouds } from './two-clouds.js';

interface Command {
  readonly id: string;
  readonly command: string;
  readonly args: Record<string, unknown>;
}

/** A WebSocket agent speaking the control protocol; `answer` returns the ack's fields, or undefined to stay silent. */
class TestAgent {
  readonly received: Command[] = [];
  private waiters: Array<() => void> = [];
  private constructor(readonly socket: WebSocket, readonly agentId: string) {}

  static async connect(base: string, headers: Record<string, string>, answer: (cmd: Command) => Promise<object | undefined> | object | undefined): Promise<TestAgent> {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/agents/control`, { headers });
    const [hello] = (await once(socket, 'message')) as [Buffer];
    const agent = new TestAgent(socket, (JSON.parse(hello.toString()) as { agentId: string }).agentId);
    socket.on('message', (raw: Buffer) => {
      const cmd = JSON.parse(raw.toString()) as Command;
      agent.received.push(cmd);
      for (const wake of agent.waiters.splice(0)) wake();
      void Promise.resolve(answer(cmd)).then((reply) => {
        if (reply) socket.send(JSON.stringify({ type: 'ack', id: cmd.id, ...reply }));
      });
    });
    return agent;
  }

  /** The first received command named `name` (waiting for it). */
  async command(name: string, timeoutMs = 10_000): Promise<Command> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((c) => c.command === name);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${name} command within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** Resolves once `app` sees the agent's channel as open (or closed) anywhere in the cluster: on its presence news, not by polling. */
async function presence(app: CloudApp, agentId: string, connected: boolean, timeoutMs = 5000): Promise<void> {
  if (app.argus.controlHub.isConnected(agentId) === connected) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`agent ${agentId} still ${connected ? 'unknown' : 'connected'} after ${timeoutMs} ms`));
    }, timeoutMs);
    // The hub subscribed first, so by the time this handler runs it has taken the news in.
    const unsubscribe = app.argus.bus.subscribe((m) => {
      if (m.kind === 'presence' && app.argus.controlHub.isConnected(agentId) === connected) {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
  });
}

/**
 * Control channels across replicas: an agent connected to replica B is
 * reachable from replica A, for commands people send, for the commands the
 * cloud sends itself (detection settings, live view), and for revocation.
 */
describe('control channels across replicas', () => {
  let clouds: TwoClouds;
  const agents: TestAgent[] = [];
  const pushes: ChildProcess[] = [];
  beforeAll(async () => {
    clouds = await startTwoClouds({ ARGUS_LIVE_IDLE_SECONDS: '1', ARGUS_RTMP_PUBLIC_HOST: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const push of pushes) push.kill('SIGKILL');
    for (const agent of agents) agent.socket.terminate();
    await clouds?.close();
  });
  const connect = async (base: string, headers: Record<string, string>, answer: Parameters<typeof TestAgent.connect>[2]): Promise<TestAgent> => {
    const agent = await TestAgent.connect(base, headers, answer);
    agents.push(agent);
    return agent;
  };
  const command = (app: CloudApp, agentId: string, payload: object) =>
    app.inject({ method: 'POST', url: `/api/agents/${agentId}/commands`, headers: adminHeaders, payload });

  it('carries a command sent to replica A to the agent connected to replica B, and its result back', async () => {
    const enrolled = await enrollAgent(clouds.a.app, 'east');
    const agent = await connect(clouds.b.url, enrolled.headers, (cmd) => ({ ok: true, result: { echo: cmd.command, args: cmd.args } }));
    await presence(clouds.a.app, enrolled.agentId, true);
    expect(clouds.a.app.argus.controlHub.connectedAgents()).not.toContain(enrolled.agentId); // not through a channel of A's own
    const started = performance.now();
    const res = await command(clouds.a.app, enrolled.agentId, { type: 'discover', args: { timeoutMs: 100 } });
    const roundTripMs = performance.now() - started;
    expect(res.json()).toMatchObject({ ok: true, result: { echo: 'discover', args: { timeoutMs: 100 } } });
    expect(res.json().id).toBe(agent.received[0]!.id);
    process.stdout.write(`control: command via A to an agent on B and back in ${roundTripMs.toFixed(1)} ms\n`);
    const health = (await clouds.a.app.inject({ method: 'GET', url: '/api/sites/east/health', headers: adminHeaders })).json<{ agents: Array<{ id: string; controlConnected: boolean }> }>();
    expect(health.agents.find((a) => a.id === enrolled.agentId)?.controlConnected).toBe(true);
  });

  it('passes the agent\'s refusal through, and answers 504 when it stays silent', async () => {
    const refusing = await enrollAgent(clouds.a.app, 'east', 'refusing');
    await connect(clouds.b.url, refusing.headers, () => ({ ok: false, error: { code: 'EDGE_ERR_UNKNOWN_CAMERA', message: 'no camera cam-9' } }));
    await presence(clouds.a.app, refusing.agentId, true);
    expect((await command(clouds.a.app, refusing.agentId, { type: 'snapshot', args: { cameraId: 'cam-9' } })).json()).toMatchObject({ ok: false, error: { code: 'EDGE_ERR_UNKNOWN_CAMERA' } });

    const silent = await enrollAgent(clouds.a.app, 'east', 'silent');
    await connect(clouds.b.url, silent.headers, () => undefined);
    await presence(clouds.a.app, silent.agentId, true);
    const started = Date.now();
    const res = await command(clouds.a.app, silent.agentId, { type: 'snapshot', args: { cameraId: 'x' }, timeoutMs: 300 });
    expect(res.json()).toMatchObject({ statusCode: 504, code: 'CLD_ERR_COMMAND_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('closes the channel on B when A revokes the agent, and A then knows it is gone', async () => {
    const enrolled = await enrollAgent(clouds.a.app, 'east', 'revoked');
    const agent = await connect(clouds.b.url, enrolled.headers, () => ({ ok: true }));
    await presence(clouds.a.app, enrolled.agentId, true);
    const closed = once(agent.socket, 'close');
    expect((await clouds.a.app.inject({ method: 'DELETE', url: `/api/agents/${enrolled.agentId}/credential`, headers: adminHeaders })).statusCode).toBe(200);
    const [code] = (await closed) as [number];
    expect(code).toBe(4001);
    await presence(clouds.a.app, enrolled.agentId, false);
  });

  it('keeps only the newest channel of an agent across replicas, and uses A\'s own channel directly', async () => {
    const enrolled = await enrollAgent(clouds.a.app, 'east', 'moving');
    const onB = await connect(clouds.b.url, enrolled.headers, () => ({ ok: true, result: 'B' }));
    await presence(clouds.a.app, enrolled.agentId, true);
    const replaced = once(onB.socket, 'close');
    await connect(clouds.a.url, enrolled.headers, () => ({ ok: true, result: 'A' }));
    const [code] = (await replaced) as [number];
    expect(code).toBe(4000);
    expect((await command(clouds.a.app, enrolled.agentId, { type: 'discover', args: {} })).json()).toMatchObject({ result: 'A' });
    await presence(clouds.b.app, enrolled.agentId, true);
    expect((await command(clouds.b.app, enrolled.agentId, { type: 'discover', args: {} })).json()).toMatchObject({ result: 'A' });
  });

  it('applies detection settings saved on A through the camera\'s agent on B', async () => {
    const enrolled = await enrollAgent(clouds.a.app, 'west');
    await putCamera(clouds.a.app, 'west-gate', ['main', 'sub'], enrolled.headers, 'west');
    const agent = await connect(clouds.b.url, enrolled.headers, (cmd) => ({ ok: true, result: { cameraId: cmd.args.cameraId, stream: 'sub' } }));
    await presence(clouds.a.app, enrolled.agentId, true);
    const res = await clouds.a.app.inject({ method: 'PUT', url: '/api/cameras/west-gate/detection', headers: adminHeaders, payload: { sensitivity: 0.8 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ stream: 'sub', detection: { sensitivity: 0.8 } });
    expect((await agent.command('configure-detection')).args).toMatchObject({ cameraId: 'west-gate', detection: { sensitivity: 0.8 } });
  });

  it('opens live view on A from a camera whose agent is connected to B, and stops it through B', async () => {
    const enrolled = await enrollAgent(clouds.a.app, 'live');
    await putCamera(clouds.a.app, 'live-cam', ['main'], enrolled.headers, 'live');
    const pushErrors: string[] = [];
    const agent = await connect(clouds.b.url, enrolled.headers, (cmd) => {
      if (cmd.command === 'live-start') {
        // What the edge does, with a test pattern for the camera: push H.264 in FLV to the relay's URL.
        const push = spawn(ffmpegBinaries().ffmpeg, [
          '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=10',
          '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '10', '-pix_fmt', 'yuv420p', '-f', 'flv', String(cmd.args.url),
        ], { stdio: ['ignore', 'ignore', 'pipe'] });
        push.stderr!.on('data', (chunk: Buffer) => pushErrors.push(chunk.toString()));
        pushes.push(push);
        return { ok: true, result: { cameraId: cmd.args.cameraId, pushing: true } };
      }
      if (cmd.command === 'live-stop') {
        for (const push of pushes) push.kill('SIGTERM');
        return { ok: true, result: { cameraId: cmd.args.cameraId, stopped: true } };
      }
      return { ok: false, error: { code: 'EDGE_ERR_COMMAND_UNKNOWN', message: cmd.command } };
    });
    await presence(clouds.a.app, enrolled.agentId, true);
    const playlist = await fetch(`${clouds.a.url}/api/cameras/live-cam/live-now.m3u8`, { headers: adminHeaders });
    const body = await playlist.text();
    expect(playlist.status, `${body} ${pushErrors.join('')}`).toBe(200);
    expect(body).toContain('/api/live/live-cam/seg-');
    const start = (await agent.command('live-start')).args;
    expect(start).toMatchObject({ cameraId: 'live-cam', url: expect.stringMatching(/^rtmp:\/\/127\.0\.0\.1:\d+\/live\/live-cam\?key=/), relay: expect.any(String) });
    expect(clouds.a.app.argus.live.active()).toEqual(['default/live-cam']);
    // The low-latency transport on A too: the init segment, then a fragment, over A's socket.
    const ws = new WebSocket(`${clouds.a.url.replace(/^http/, 'ws')}/api/cameras/live-cam/live.ws`, { headers: adminHeaders });
    const messages: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer) => { if (messages.push(data) >= 2) resolve(); });
      ws.once('close', (code) => reject(new Error(`socket closed (${code}) after ${messages.length} messages`)));
      ws.once('error', reject);
    });
    expect(messages[0]!.subarray(4, 8).toString()).toBe('ftyp');
    expect(['moof', 'styp']).toContain(messages[1]!.subarray(4, 8).toString());
    ws.close();
    // Unwatched for a second: A's sweep sends live-stop naming A's relay, which reaches the agent through B.
    expect((await agent.command('live-stop')).args).toEqual({ cameraId: 'live-cam', relay: start.relay });
  }, 30_000);
});
