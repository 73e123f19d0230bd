import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, ffmpegBinaries } from '@argus/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/index.js';
import { DEFAULT_SCENE_FILE } from '../../src/scene/scene-spec.js';
import { ToolRunner } from '../helpers/tool-runner.js';

const REAL_CUT = existsSync(DEFAULT_SCENE_FILE) ? ({ kind: 'file', path: DEFAULT_SCENE_FILE, seconds: 4 } as const) : undefined;
const SMALL = { kind: 'synthetic', seconds: 2, width: 320, height: 180 } as const;

describe('RTP over UDP and AAC audio, with real ffmpeg clients', () => {
  const { ffmpeg } = ffmpegBinaries();
  const ffprobe = ffmpegBinaries().ffprobe ?? 'ffprobe';
  const tools = new ToolRunner();
  let sim: Simulator;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-sim-udp-'));
    sim = createSimulator({
      port: 0,
      cacheDir: join(dir, 'cache'),
      logger: createLogger({ name: 'udp-test', level: 'silent' }),
      cameras: [
        { id: 'cam-udp', scene: SMALL },
        { id: 'cam-auth', username: 'admin', password: 'secret', scene: SMALL },
        ...(REAL_CUT ? [{ id: 'cam-real', username: 'admin', password: 'secret', scene: REAL_CUT }] : []),
      ],
    });
    await sim.start();
  });
  afterEach(() => tools.killAll());
  afterAll(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const streams = (stdout: string) =>
    (JSON.parse(stdout) as { streams: Array<Record<string, unknown>> }).streams.map((s) => ({ codec: s.codec_name, type: s.codec_type }));
  const probeUdp = (url: string) =>
    tools.run(ffprobe, ['-v', 'error', '-rtsp_transport', 'udp', '-show_entries', 'stream=codec_name,codec_type,width,height', '-of', 'json', url]);

  it('serves ffprobe over UDP', async () => {
    const result = await probeUdp(sim.cameraUrls('cam-udp').main);
    expect(result.code, result.stderr).toBe(0);
    expect(streams(result.stdout)).toEqual([{ codec: 'h264', type: 'video' }]);
  });

  it('records 4 s over UDP with -c copy, and the session ends with the client', async () => {
    const out = join(dir, 'udp.ts');
    const result = await tools.run(ffmpeg, ['-v', 'error', '-rtsp_transport', 'udp', '-i', sim.cameraUrls('cam-udp').sub, '-t', '4', '-c', 'copy', '-y', out], 30_000);
    expect(result.code, result.stderr).toBe(0);
    const check = await tools.run(ffmpeg, ['-v', 'error', '-i', out, '-map', '0:v', '-f', 'framecrc', '-']);
    const frames = check.stdout.split('\n').filter((l) => /^0,/.test(l)).length;
    expect(frames).toBeGreaterThanOrEqual(4 * 25 - 10);
    expect(check.stderr).toBe('');
    // ffmpeg sent TEARDOWN (or closed): the session and its ports are gone.
    expect(sim.playingSessions('cam-udp')).toBe(0);
  });

  it('answers 401 over UDP without credentials, as over TCP', async () => {
    const url = sim.cameraUrls('cam-auth').main.replace(/\/\/[^@]*@/, '//');
    const result = await probeUdp(url);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/401/);
    const ok = await probeUdp(sim.cameraUrls('cam-auth').main);
    expect(ok.code, ok.stderr).toBe(0);
  });

  describe.skipIf(!REAL_CUT)('audio of the real clip', () => {
    it('lists H.264 and AAC on main, and only H.264 on sub', async () => {
      const urls = sim.cameraUrls('cam-real');
      const [main, sub] = await Promise.all([
        tools.run(ffprobe, ['-v', 'error', '-rtsp_transport', 'tcp', '-show_entries', 'stream=codec_name,codec_type,sample_rate,channels', '-of', 'json', urls.main]),
        tools.run(ffprobe, ['-v', 'error', '-rtsp_transport', 'tcp', '-show_entries', 'stream=codec_name,codec_type', '-of', 'json', urls.sub]),
      ]);
      expect(main.code, main.stderr).toBe(0);
      expect(streams(main.stdout)).toEqual([
        { codec: 'h264', type: 'video' },
        { codec: 'aac', type: 'audio' },
      ]);
      expect(main.stdout).toMatch(/"sample_rate": "48000"/);
      expect(streams(sub.stdout)).toEqual([{ codec: 'h264', type: 'video' }]);
    });

    it.each(['tcp', 'udp'])('records both tracks for 6 s over %s, across the 4 s loop, with audio in step', async (transport) => {
      const out = join(dir, `av-${transport}.mkv`);
      const result = await tools.run(ffmpeg, ['-v', 'error', '-rtsp_transport', transport, '-i', sim.cameraUrls('cam-real').main, '-t', '6', '-map', '0', '-c', 'copy', '-y', out], 30_000);
      expect(result.code, result.stderr).toBe(0);
      const dump = await tools.run(ffprobe, ['-v', 'error', '-show_entries', 'packet=stream_index,pts_time', '-of', 'csv=p=0', out]);
      expect(dump.code, dump.stderr).toBe(0);
      const rows = dump.stdout.trim().split('\n').map((l) => l.split(',').map(Number));
      const audio = rows.filter((r) => r[0] === 1).map((r) => r[1]!);
      const video = rows.filter((r) => r[0] === 0).map((r) => r[1]!);
      expect(video.length).toBeGreaterThan(6 * 12 - 10); // the clip runs at 12.5 fps
      expect(audio.length).toBeGreaterThan(6 * 46 - 20);
      // Continuous at 1024 samples per AU: no jump back and no gap bigger than one AU at the loop point.
      const steps = audio.slice(1).map((t, i) => t - audio[i]!);
      const bad = steps.flatMap((d, i) => (d <= 0 ? [`#${i}: ${audio[i]} -> ${audio[i + 1]}`] : []));
      expect(bad, `${bad.join('; ')} / video starts ${video.slice(0, 3).join(',')}`).toEqual([]);
      expect(Math.max(...steps)).toBeLessThanOrEqual((2 * 1024) / 48_000 + 0.002);
      // In step with the video: both tracks start within a frame of each other and end together.
      expect(Math.abs(audio[0]! - video[0]!)).toBeLessThan(0.1);
      expect(Math.abs(audio.at(-1)! - video.at(-1)!)).toBeLessThan(0.2);
      expect(dump.stderr).toBe('');
    });
  });
});
