import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ffmpegBinaries } from '@argus/runtime';
import { adminHeaders, enrollAgent, putCamera, userSession } from '../support/test-cloud.js';
import { startTwoClouds, type TwoClouds } from '../stream/two-clouds.js';

interface Command { readonly id: string; readonly command: string; readonly args: Record<string, unknown> }

/**
 * The low-latency live route: fMP4 over a WebSocket. The agent is a test
 * double on replica B that answers live-start by pushing a test pattern the
 * way the edge does (copy of H.264 in FLV over RTMP); the viewer is on A.
 */
describe('GET /api/cameras/:id/live.ws', () => {
  let clouds: TwoClouds;
  const pushes: ChildProcess[] = [];
  const commands: Command[] = [];

  beforeAll(async () => {
    clouds = await startTwoClouds({ ARGUS_LIVE_IDLE_SECONDS: '1' });
    const enrolled = await enrollAgent(clouds.a.app, 'north');
    await putCamera(clouds.a.app, 'gate', ['main', 'sub'], enrolled.headers, 'north');
    const socket = new WebSocket(`${clouds.b.url.replace(/^http/, 'ws')}/api/agents/control`, { headers: enrolled.headers });
    await once(socket, 'message'); // hello
    socket.on('message', (raw: Buffer) => {
      const cmd = JSON.parse(raw.toString()) as Command;
      commands.push(cmd);
      if (cmd.command === 'live-start') {
        pushes.push(spawn(ffmpegBinaries().ffmpeg, [
          '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=10',
          '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '10', '-pix_fmt', 'yuv420p', '-f', 'flv', String(cmd.args.url),
        ], { stdio: 'ignore' }));
        socket.send(JSON.stringify({ type: 'ack', id: cmd.id, ok: true, result: { cameraId: cmd.args.cameraId, pushing: true } }));
      } else if (cmd.command === 'live-stop') {
        for (const push of pushes.splice(0)) push.kill('SIGTERM');
        socket.send(JSON.stringify({ type: 'ack', id: cmd.id, ok: true, result: { cameraId: cmd.args.cameraId, stopped: true } }));
      }
    });
    for (const deadline = Date.now() + 5000; !clouds.a.app.argus.controlHub.isConnected(enrolled.agentId);) {
      if (Date.now() > deadline) throw new Error('agent not seen by A');
      await new Promise((resolve) => setTimeout(resolve, 50)); // presence news has no promise to await here
    }
  }, 30_000);
  afterAll(async () => {
    for (const push of pushes) push.kill('SIGKILL');
    await clouds?.close();
  });

  const wsUrl = (camera: string, stream?: string) => `${clouds.a.url.replace(/^http/, 'ws')}/api/cameras/${camera}/live.ws${stream ? `?stream=${stream}` : ''}`;
  const refused = (url: string, headers: Record<string, string> = {}): Promise<number> => new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
    ws.once('open', () => { ws.close(); reject(new Error('upgraded')); });
    ws.once('error', () => undefined);
  });

  it('refuses before the upgrade: no credential, unknown camera, a camera outside the caller\'s sites, a bad stream', async () => {
    expect(await refused(wsUrl('gate'))).toBe(401);
    expect(await refused(wsUrl('nowhere'), adminHeaders)).toBe(404);
    expect(await refused(wsUrl('gate', 'thermal'), adminHeaders)).toBe(400);
    await clouds.a.app.inject({ method: 'POST', url: '/api/sites', headers: adminHeaders, payload: { id: 'south', name: 'Site south' } });
    const southViewer = await userSession(clouds.a.app, { email: 'south@argus.test', role: 'viewer', siteIds: ['south'] });
    expect(await refused(wsUrl('gate'), southViewer.headers)).toBe(404);
    expect(commands.filter((c) => c.command === 'live-start')).toEqual([]);
  });

  it('sends the init segment then fragments from a keyframe, counts the viewer, and stops the push after the last one leaves', async () => {
    const openedAt = Date.now();
    const ws = new WebSocket(wsUrl('gate', 'sub'), { headers: adminHeaders });
    const messages: Buffer[] = [];
    const enough = new Promise<void>((resolve) => ws.on('message', (data: Buffer) => { messages.push(data); if (messages.length >= 4) resolve(); }));
    await enough;
    const firstFragmentMs = Date.now() - openedAt;
    expect(messages[0]!.toString('latin1', 4, 8)).toBe('ftyp');
    expect(messages[0]!.includes(Buffer.from('avcC'))).toBe(true);
    expect(messages.slice(1).every((m) => m.toString('latin1', 4, 8) === 'moof')).toBe(true);
    expect(firstFragmentMs).toBeLessThan(10_000);
    console.log(`first fragment after ${firstFragmentMs} ms`);
    expect(commands.find((c) => c.command === 'live-start')?.args).toMatchObject({ cameraId: 'gate', stream: 'sub' });

    const stats = await clouds.a.app.inject({ method: 'GET', url: '/api/live/sessions', headers: adminHeaders });
    expect(stats.json()).toEqual({ sessions: [{ cameraId: 'gate', stream: 'sub', viewers: 1, bytesPerSecond: expect.any(Number), openedAt: expect.any(String) }] });
    expect(stats.json<{ sessions: Array<{ bytesPerSecond: number }> }>().sessions[0]!.bytesPerSecond).toBeGreaterThan(0);
    const viewer = await userSession(clouds.a.app, { email: 'v@argus.test', role: 'viewer' });
    expect((await clouds.a.app.inject({ method: 'GET', url: '/api/live/sessions', headers: viewer.headers })).statusCode).toBe(403);

    // Watching keeps the session open past the idle time; leaving ends it after the grace period.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(clouds.a.app.argus.live.active()).toEqual(['default/gate/sub']);
    ws.close();
    await expect.poll(() => commands.some((c) => c.command === 'live-stop'), { timeout: 5000, interval: 100 }).toBe(true);
    // The stop names the relay the start named: another replica's push of the camera would keep running.
    const relay = commands.find((c) => c.command === 'live-start')?.args['relay'];
    expect(relay).toEqual(expect.any(String));
    expect(commands.find((c) => c.command === 'live-stop')?.args).toEqual({ cameraId: 'gate', stream: 'sub', relay });
    expect(clouds.a.app.argus.live.active()).toEqual([]);
  }, 30_000);
});
