import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, ffmpegBinaries } from '@argus/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../src/index.js';
import { DEFAULT_SCENE_FILE, type SceneInput } from '../src/scene/scene-spec.js';
import { parseProbeStreams, probeArgs, ToolRunner } from './helpers/tool-runner.js';

// A 3 s synthetic loop: short enough that reading 8 s crosses the loop point twice.
const SHORT_SCENE: SceneInput = { kind: 'synthetic', seconds: 3, width: 1280, height: 720, fps: 25 };
const REAL_CUT: SceneInput | undefined = existsSync(DEFAULT_SCENE_FILE) ? { kind: 'file', path: DEFAULT_SCENE_FILE, seconds: 4 } : undefined;

describe('argus-sim against real ffmpeg clients', () => {
  const { ffmpeg } = ffmpegBinaries();
  // Real ffprobe is a client under test here; the product itself does not need it.
  const ffprobe = ffmpegBinaries().ffprobe ?? 'ffprobe';
  const tools = new ToolRunner();
  let sim: Simulator;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-sim-test-'));
    sim = createSimulator({
      port: 0,
      cacheDir: join(dir, 'cache'),
      logger: createLogger({ name: 'argus-sim-test', level: 'silent' }),
      cameras: [
        { id: 'cam-a', username: 'admin', password: 'p@ss:word', scene: SHORT_SCENE },
        { id: 'cam-b', scene: SHORT_SCENE },
        { id: 'cam-digest', username: 'admin', password: 'secret', authScheme: 'digest', scene: SHORT_SCENE },
        { id: 'cam-basic', username: 'admin', password: 'secret', authScheme: 'basic', scene: SHORT_SCENE },
        ...(REAL_CUT ? [{ id: 'cam-real', scene: REAL_CUT }] : []),
      ],
    });
    await sim.start();
  });
  afterEach(() => tools.killAll());
  afterAll(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const probe = (url: string, options: { tcp?: boolean } = {}) => tools.run(ffprobe, probeArgs(url, options));
  const withCredentials = (url: string, user: string, password: string): string =>
    url.replace(/^rtsp:\/\/([^@/]*@)?/, `rtsp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@`);
  const withoutCredentials = (url: string): string => url.replace(/^rtsp:\/\/[^@/]*@/, 'rtsp://');

  describe('streams', () => {
    it('serves main at full size and sub at 640x360 as H.264', async () => {
      const urls = sim.cameraUrls('cam-a');
      const [main, sub] = await Promise.all([probe(urls.main), probe(urls.sub)]);
      expect(main.code, main.stderr).toBe(0);
      expect(parseProbeStreams(main.stdout)).toEqual([{ codec_name: 'h264', width: 1280, height: 720 }]);
      expect(sub.code, sub.stderr).toBe(0);
      expect(parseProbeStreams(sub.stdout)).toEqual([{ codec_name: 'h264', width: 640, height: 360 }]);
    });

    it.skipIf(!REAL_CUT)('serves a cut of the real clip at its own size', async () => {
      const result = await probe(sim.cameraUrls('cam-real').main);
      expect(result.code, result.stderr).toBe(0);
      expect(parseProbeStreams(result.stdout)).toEqual([{ codec_name: 'h264', width: 768, height: 432 }]);
    });

    it('serves clients that choose the transport themselves (ffprobe offers UDP first)', async () => {
      const result = await probe(sim.cameraUrls('cam-b').main, { tcp: false });
      expect(result.code, result.stderr).toBe(0);
      expect(parseProbeStreams(result.stdout)[0]).toMatchObject({ codec_name: 'h264', width: 1280 });
    });
  });

  describe('authentication', () => {
    it('refuses missing and wrong credentials with 401', async () => {
      const url = sim.cameraUrls('cam-a').main;
      const [missing, wrong] = await Promise.all([probe(withoutCredentials(url)), probe(withCredentials(url, 'admin', 'wrong'))]);
      for (const result of [missing, wrong]) {
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(/401|Unauthorized/);
      }
    });

    it('accepts the right credentials with Digest (offered first) and with Digest or Basic alone', async () => {
      const results = await Promise.all([
        probe(sim.cameraUrls('cam-a').main),
        probe(sim.cameraUrls('cam-digest').sub),
        probe(sim.cameraUrls('cam-basic').sub),
      ]);
      for (const result of results) expect(result.code, result.stderr).toBe(0);
    });

    it('refuses wrong credentials on a Basic-only camera', async () => {
      const result = await probe(withCredentials(sim.cameraUrls('cam-basic').sub, 'admin', 'nope'));
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/401|Unauthorized/);
    });
  });

  describe('timing', () => {
    it('keeps timestamps strictly increasing at a constant step across loops of the scene', async () => {
      const result = await tools.run(
        ffprobe,
        ['-v', 'error', '-rtsp_transport', 'tcp', '-read_intervals', '%+8', '-select_streams', 'v', '-show_entries', 'packet=pts,flags', '-of', 'json', sim.cameraUrls('cam-b').main],
        30_000,
      );
      expect(result.code, result.stderr).toBe(0);
      const packets = (JSON.parse(result.stdout) as { packets: Array<{ pts?: number; flags: string }> }).packets;
      // ffmpeg's RTSP demuxer gives the very first packet no pts (its parser has no timestamp yet); all later ones have one.
      const pts = packets.slice(1).map((p) => p.pts);
      expect(pts.every((p) => typeof p === 'number')).toBe(true);
      const steps = new Set((pts as number[]).slice(1).map((p, i) => p - (pts as number[])[i]!));
      expect(steps).toEqual(new Set([3600])); // 90 kHz / 25 fps, no jump back at the loop point
      expect(packets.length).toBeGreaterThan(2 * 75); // more than two 3 s loops
      const keyframes = packets.flatMap((p, i) => (p.flags.startsWith('K') ? [i] : []));
      expect(keyframes.slice(0, 3)).toEqual([0, 25, 50]);
    });

    it('records ~6 s of decodable video with ffmpeg -c copy', async () => {
      const out = join(dir, 'clip.ts');
      const record = await tools.run(ffmpeg, ['-v', 'error', '-rtsp_transport', 'tcp', '-i', sim.cameraUrls('cam-a').sub, '-c', 'copy', '-t', '6', '-y', out], 30_000);
      expect(record.code, record.stderr).toBe(0);
      const info = await tools.run(ffprobe, ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,width,height', '-of', 'json', out]);
      const parsed = JSON.parse(info.stdout) as { format: { duration: string }; streams: Array<{ codec_name: string; width: number; height: number }> };
      expect(Number(parsed.format.duration)).toBeGreaterThan(5.5);
      expect(Number(parsed.format.duration)).toBeLessThan(6.5);
      expect(parsed.streams[0]).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
      const decode = await tools.run(ffmpeg, ['-v', 'error', '-i', out, '-f', 'null', '-']);
      expect(decode.code).toBe(0);
      expect(decode.stderr).toBe('');
    });
  });

  describe('faults', () => {
    it('takes one camera offline (ending its sessions) while others keep serving, then brings it back', async () => {
      const b = sim.cameraUrls('cam-b').main;
      // A client that is streaming when the camera goes away.
      const streaming = tools.run(ffmpeg, ['-v', 'error', '-rtsp_transport', 'tcp', '-i', b, '-c', 'copy', '-t', '30', '-f', 'null', '-'], 40_000);
      await waitFor(() => sim.playingSessions('cam-b') > 0, 10_000);
      const before = Date.now();
      sim.setCameraOnline('cam-b', false);
      const ended = await streaming;
      expect(Date.now() - before).toBeLessThan(10_000);
      expect(ended.ms).toBeLessThan(25_000);
      expect(sim.playingSessions('cam-b')).toBe(0);

      const [offline, other] = await Promise.all([probe(b), probe(sim.cameraUrls('cam-a').main)]);
      expect(offline.code).not.toBe(0);
      expect(other.code, other.stderr).toBe(0);

      sim.setCameraOnline('cam-b', true);
      const back = await probe(b);
      expect(back.code, back.stderr).toBe(0);
    });
  });
});

/** Polls a state (not a fixed sleep) until it holds. */
async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
