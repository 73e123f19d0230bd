import { stat } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, ffmpegBinaries } from '@argus/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/index.js';
import { RawRtspClient } from '../helpers/raw-rtsp-client.js';
import { parseProbeStreams, probeArgs, ToolRunner } from '../helpers/tool-runner.js';
import { InterleavedClient } from '../rtsp/interleaved-client.js';

const SCENE = { kind: 'synthetic', seconds: 4, width: 320, height: 180 } as const;

/** Resolves once `predicate` holds, polling the simulator's state (no fixed sleeps). */
async function until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

describe('camera faults seen by real clients', () => {
  const { ffmpeg } = ffmpegBinaries();
  const ffprobe = ffmpegBinaries().ffprobe ?? 'ffprobe';
  const tools = new ToolRunner();
  const sockets: Array<{ destroy(): void }> = [];
  let sim: Simulator;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-sim-faults-'));
    sim = createSimulator({
      port: 0,
      cacheDir: join(dir, 'cache'),
      logger: createLogger({ name: 'faults-test', level: 'silent' }),
      cameras: [
        ...['cam-drop', 'cam-freeze', 'cam-reboot', 'cam-spike', 'cam-skew'].map((id) => ({ id, scene: SCENE })),
        { id: 'cam-creds', username: 'admin', password: 'old', scene: SCENE },
      ],
    });
    await sim.start();
  });
  afterEach(() => {
    tools.killAll();
    for (const s of sockets.splice(0)) s.destroy();
  });
  afterAll(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const probe = (url: string) => tools.run(ffprobe, probeArgs(url));
  const options = async (id: string) => {
    const client = await RawRtspClient.open(sim.port);
    sockets.push(client);
    client.send(`OPTIONS ${sim.cameraUrls(id).main} RTSP/1.0\r\nCSeq: 1\r\n\r\n`);
    return client;
  };

  it('drop-rtp stalls a playing client until its read timeout trips, while RTSP still answers', async () => {
    const url = sim.cameraUrls('cam-drop').main;
    const started = Date.now();
    // No -t: only a stall can end this ffmpeg (its 2 s socket timeout), or the test's kill.
    const run = tools.run(ffmpeg, ['-v', 'error', '-rtsp_transport', 'tcp', '-timeout', '2000000', '-i', url, '-c', 'copy', '-f', 'null', '-'], 30_000);
    expect(await until(() => sim.playingSessions('cam-drop') > 0, 10_000)).toBe(true);
    sim.setFault('cam-drop', { kind: 'drop-rtp' });
    const result = await run;
    expect(result.signal).toBeNull(); // it gave up by itself, it was not killed
    expect(Date.now() - started).toBeLessThan(20_000);
    const client = await options('cam-drop');
    expect((await client.responses(1)).map((r) => r.status)).toEqual([200]);
    sim.clearFault('cam-drop', 'drop-rtp');
    const after = await probe(url);
    expect(after.code, after.stderr).toBe(0);
  });

  it('freeze keeps frames coming but every decoded picture is the same', async () => {
    const url = sim.cameraUrls('cam-freeze').main;
    const hashes = async (): Promise<string[]> => {
      const r = await tools.run(ffmpeg, ['-v', 'error', '-rtsp_transport', 'tcp', '-i', url, '-t', '3', '-an', '-f', 'framemd5', '-'], 30_000);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.split('\n').filter((l) => /^0,/.test(l)).map((l) => l.split(',').at(-1)!.trim());
    };
    const moving = await hashes();
    expect(new Set(moving).size).toBeGreaterThan(10); // the synthetic scene moves
    sim.setFault('cam-freeze', { kind: 'freeze' });
    const frozen = await hashes();
    expect(frozen.length).toBeGreaterThanOrEqual(3 * 25 - 10);
    expect(new Set(frozen).size).toBe(1);
  });

  it('reboot drops the camera for its downtime, then it serves again by itself', async () => {
    const url = sim.cameraUrls('cam-reboot').main;
    sim.setFault('cam-reboot', { kind: 'reboot', durationMs: 3000 });
    const rebooted = Date.now();
    expect(sim.isCameraOnline('cam-reboot')).toBe(false);
    const client = await options('cam-reboot');
    expect(await client.closedWithin(2_000)).toBe(true);
    expect(await client.responses(1, 100)).toEqual([]);
    expect(await until(() => sim.isCameraOnline('cam-reboot'), 6_000)).toBe(true);
    expect(Date.now() - rebooted).toBeGreaterThanOrEqual(2_900);
    expect(sim.faults('cam-reboot')).toEqual([]);
    const after = await probe(url);
    expect(after.code, after.stderr).toBe(0);
  });

  it('new credentials refuse the old ones, accept the new ones, and keep running sessions going', async () => {
    const url = sim.cameraUrls('cam-creds').main;
    const withCreds = (user: string, password: string) => url.replace(/\/\/[^@]*@/, `//${user}:${password}@`);
    const out = join(dir, 'creds.ts');
    const running = tools.run(ffmpeg, ['-v', 'error', '-rtsp_transport', 'tcp', '-i', url, '-t', '4', '-c', 'copy', '-y', out], 30_000);
    expect(await until(() => sim.playingSessions('cam-creds') > 0, 10_000)).toBe(true);
    sim.setFault('cam-creds', { kind: 'credentials', username: 'admin', password: 'new' });
    const [old, fresh] = await Promise.all([probe(withCreds('admin', 'old')), probe(withCreds('admin', 'new'))]);
    expect(old.code).not.toBe(0);
    expect(old.stderr).toMatch(/401/);
    expect(fresh.code, fresh.stderr).toBe(0);
    const recorded = await running;
    expect(recorded.code, recorded.stderr).toBe(0);
    sim.clearFault('cam-creds', 'credentials');
    const restored = await probe(withCreds('admin', 'old'));
    expect(restored.code, restored.stderr).toBe(0);
  });

  it('a bitrate spike multiplies the bytes a -c copy client receives, and the stream still decodes', async () => {
    const url = sim.cameraUrls('cam-spike').main;
    const record = async (name: string): Promise<number> => {
      const out = join(dir, name);
      const r = await tools.run(ffmpeg, ['-v', 'error', '-rtsp_transport', 'tcp', '-i', url, '-t', '3', '-c', 'copy', '-f', 'mpegts', '-y', out], 30_000);
      expect(r.code, r.stderr).toBe(0);
      return (await stat(out)).size;
    };
    const normal = await record('normal.ts');
    sim.setFault('cam-spike', { kind: 'bitrate-spike', factor: 6, durationMs: 60_000 });
    const spiked = await record('spike.ts');
    sim.clearFault('cam-spike', 'bitrate-spike');
    expect(spiked / normal).toBeGreaterThanOrEqual(3);
    const decode = await tools.run(ffmpeg, ['-v', 'error', '-i', join(dir, 'spike.ts'), '-f', 'null', '-']);
    expect(decode.code).toBe(0);
    expect(decode.stderr).toBe('');
  });

  it('clock skew shows in the RTCP sender reports and the camera clock', async () => {
    const hour = 3_600_000;
    sim.setFault('cam-skew', { kind: 'clock-skew', offsetMs: hour });
    expect(Math.abs(sim.camera('cam-skew').nowMs() - (Date.now() + hour))).toBeLessThan(1000);
    const client = await InterleavedClient.open(sim.port);
    sockets.push(client);
    await client.play(sim.cameraUrls('cam-skew').main);
    expect(await client.until(() => client.reports.length > 0, 5_000)).toBe(true);
    expect(Math.abs(client.reports[0]!.ntpMs - (Date.now() + hour))).toBeLessThan(2_000);
    sim.clearFault('cam-skew', 'clock-skew');
    expect(Math.abs(sim.camera('cam-skew').nowMs() - Date.now())).toBeLessThan(1000);
  });

  it('streams of cameras without faults are unaffected', async () => {
    const result = await probe(sim.cameraUrls('cam-skew').sub);
    expect(result.code, result.stderr).toBe(0);
    expect(parseProbeStreams(result.stdout)).toEqual([{ codec_name: 'h264', width: 640, height: 360 }]);
  });
});
