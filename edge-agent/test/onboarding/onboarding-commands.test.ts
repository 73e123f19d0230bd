import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, ffmpegBinaries } from '@argus/runtime';
import { createSimulator, type Simulator } from 'argus-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION, type CommandType } from '@argus/contracts';
import { CameraRegistry, type CameraRecord } from '../../src/camera/camera-registry.js';
import type { StoredCamera } from '../../src/control/camera-list-file.js';
import { createCommandHandler } from '../../src/control/command-handlers.js';

const SCENE = { kind: 'synthetic' as const, seconds: 1, width: 1280, height: 720, fps: 5 };

/** The camera commands' arguments, with the real handlers against the simulator's ONVIF service (no cloud needed). */
describe('onboarding commands', () => {
  let sim: Simulator;
  let dir: string;
  let handle: ReturnType<typeof createCommandHandler>;
  const changes: Array<CameraRecord | undefined> = [];
  const logger = createLogger({ name: 'commands', level: 'silent' });
  const run = (command: CommandType, args: Record<string, unknown>) => handle({ type: 'command', id: 'c1', command, args });
  const stored = async (): Promise<StoredCamera[]> => (JSON.parse(await readFile(join(dir, 'cameras.json'), 'utf8')) as { cameras: StoredCamera[] }).cameras;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-onboarding-commands-'));
    sim = createSimulator({
      port: 0,
      onvifPort: 0,
      cacheDir: join(tmpdir(), 'argus-sim-cache'),
      logger: createLogger({ name: 'sim', level: 'silent' }),
      cameras: [{ id: 'cam-1', username: 'admin', password: 'pw-1', scene: SCENE }],
    });
    await sim.start();
    const registry = new CameraRegistry({
      configured: [{ id: 'door', name: 'Door', main: 'rtsp://127.0.0.1:1/door', detect: DEFAULT_DETECTION }],
      camerasFile: join(dir, 'cameras.json'),
      logger,
    });
    await registry.open();
    registry.onChange((_id, camera) => changes.push(camera));
    handle = createCommandHandler({
      orgId: 'default',
      // Camera commands never upload; a call here would be a defect.
      client: { requestUpload: () => Promise.reject(new Error('no upload expected')), putObject: () => Promise.reject(new Error('no upload expected')) },
      ffmpegPath: ffmpegBinaries().ffmpeg,
      registry,
      logger,
    });
  });
  afterAll(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes args.onvif as { url, username, password } too, and changes the camera registry', async () => {
    const result = (await run('add-camera', { id: 'gate', onvif: { url: sim.cameraUrls('cam-1').onvif, username: 'admin', password: 'pw-1' } })) as { camera: Record<string, unknown> };
    expect(result.camera).toMatchObject({ id: 'gate', name: 'gate', main: `rtsp://***:***@127.0.0.1:${sim.port}/cam-1/main`, streams: { main: { width: 1280, height: 720 } } });
    expect(changes.at(-1)).toMatchObject({ id: 'gate', sub: `rtsp://admin:pw-1@127.0.0.1:${sim.port}/cam-1/sub`, detect: DEFAULT_DETECTION });
  });

  it('renames with update-camera, keeping the ONVIF service and streams', async () => {
    const before = (await stored())[0]!;
    await run('update-camera', { id: 'gate', name: 'Main gate' });
    expect(await stored()).toEqual([{ ...before, name: 'Main gate' }]);
  });

  it('refuses malformed onboarding arguments with EDGE_ERR_COMMAND_ARGS', async () => {
    for (const args of [
      { id: 'x', onvif: 42 },
      { id: 'x', onvif: { username: 'admin' } },
      { id: 'x', onvif: sim.cameraUrls('cam-1').onvif, password: 7 },
      { id: 'x', main: 'http://127.0.0.1/x' },
      { id: 'x' },
      { id: 'Not A Slug', main: 'rtsp://127.0.0.1/x' },
    ]) {
      await expect(run('add-camera', args), JSON.stringify(args)).rejects.toMatchObject({ code: 'EDGE_ERR_COMMAND_ARGS' });
    }
    await expect(run('add-camera', { id: 'door', main: 'rtsp://127.0.0.1/x' })).rejects.toMatchObject({ code: 'EDGE_ERR_COMMAND_ARGS', message: expect.stringContaining('exists') });
    await expect(run('ptz', { cameraId: 'gate', action: 'spin' })).rejects.toMatchObject({ code: 'EDGE_ERR_COMMAND_ARGS' });
    await expect(run('ptz', { cameraId: 'gate', x: 2 })).rejects.toMatchObject({ code: 'EDGE_ERR_COMMAND_ARGS' });
    expect((await stored()).map((c) => c.id)).toEqual(['gate']);
  });

  it('configures detection: kept in cameras.json beside the camera, answered with the stream it detects on', async () => {
    const detection = { ...DEFAULT_DETECTION, fps: 3, zones: [{ name: 'Gate', polygon: [[0, 0], [0.5, 0], [0.5, 0.5]] }] };
    expect(await run('configure-detection', { cameraId: 'gate', detection })).toEqual({ cameraId: 'gate', stream: 'sub' });
    const storedCamera = async (id: string) => (await stored()).find((c) => c.id === id);
    expect(await storedCamera('gate')).toMatchObject({ id: 'gate', name: 'Main gate', detect: detection });
    // A configured camera (not in cameras.json yet) is written there with its new settings; it detects on main.
    expect(await run('configure-detection', { cameraId: 'door', detection: { ...DEFAULT_DETECTION, enabled: false } })).toEqual({ cameraId: 'door', stream: 'main' });
    expect((await storedCamera('door'))?.detect?.enabled).toBe(false);
    // Back to the defaults: the file no longer carries them (a camera nobody tuned follows a new default).
    await run('configure-detection', { cameraId: 'door', detection: DEFAULT_DETECTION });
    expect(await storedCamera('door')).not.toHaveProperty('detect');
    // Renaming keeps the settings.
    await run('update-camera', { id: 'gate', name: 'Gate' });
    expect(await storedCamera('gate')).toMatchObject({ name: 'Gate', detect: detection });
  });

  it('refuses detection settings out of bounds and unknown cameras', async () => {
    await expect(run('configure-detection', { cameraId: 'gate', detection: { ...DEFAULT_DETECTION, fps: 60 } })).rejects.toMatchObject({ code: 'EDGE_ERR_COMMAND_ARGS', message: expect.stringContaining('args.detection.fps') });
    await expect(run('configure-detection', { cameraId: 'gate', detection: { fps: 5 } })).rejects.toMatchObject({ code: 'EDGE_ERR_COMMAND_ARGS' });
    await expect(run('configure-detection', { cameraId: 'nobody', detection: DEFAULT_DETECTION })).rejects.toMatchObject({ code: 'EDGE_ERR_UNKNOWN_CAMERA' });
  });

  it('passes the camera refusing the credentials on as EDGE_ERR_ONVIF_AUTH', async () => {
    await expect(run('add-camera', { id: 'yard', onvif: sim.cameraUrls('cam-1').onvif, username: 'admin', password: 'nope' })).rejects.toMatchObject({ code: 'EDGE_ERR_ONVIF_AUTH' });
  });

  it('probes an ONVIF camera: every profile with its size and encoding, the record and detect choice, PTZ, a preview; nothing stored', async () => {
    const before = await stored();
    const result = (await run('probe-camera', { onvif: sim.cameraUrls('cam-1').onvif, username: 'admin', password: 'pw-1', preview: true })) as Record<string, unknown>;
    expect(result).toMatchObject({
      profiles: [
        { token: 'main', width: 1280, height: 720, encoding: 'H264' },
        { token: 'sub', width: 640, height: 360, encoding: 'H264' },
      ],
      record: 'main',
      detect: 'sub',
      ptz: true,
      main: `rtsp://127.0.0.1:${sim.port}/cam-1/main`,
      sub: `rtsp://127.0.0.1:${sim.port}/cam-1/sub`,
      preview: { contentType: 'image/jpeg' },
    });
    const jpeg = Buffer.from((result.preview as { base64: string }).base64, 'base64');
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(JSON.stringify(result)).not.toContain('pw-1');
    expect(await stored()).toEqual(before);
  });

  it('explains a probe with a wrong password as EDGE_ERR_ONVIF_AUTH, and probes plain RTSP URLs without profiles', async () => {
    await expect(run('probe-camera', { onvif: sim.cameraUrls('cam-1').onvif, username: 'admin', password: 'nope' })).rejects.toMatchObject({ code: 'EDGE_ERR_ONVIF_AUTH' });
    await expect(run('probe-camera', {})).rejects.toMatchObject({ code: 'EDGE_ERR_COMMAND_ARGS' });
    const rtsp = await run('probe-camera', { main: `rtsp://127.0.0.1:${sim.port}/cam-1/main`, username: 'admin', password: 'pw-1' });
    expect(rtsp).toEqual({ profiles: [], ptz: false, main: `rtsp://***:***@127.0.0.1:${sim.port}/cam-1/main` });
  });

  it('lists the PTZ presets of an ONVIF camera and goes to one', async () => {
    expect(await run('ptz', { cameraId: 'gate', action: 'presets' })).toEqual({ presets: [{ token: 'preset-1', name: 'Entrance' }, { token: 'preset-2', name: 'Yard' }] });
    expect(await run('ptz', { cameraId: 'gate', action: 'goto-preset', preset: 'preset-1' })).toEqual({ preset: 'preset-1' });
    // Where the head is, as the camera's GetStatus reports it (the stop answers it).
    expect(await run('ptz', { cameraId: 'gate', action: 'stop' })).toMatchObject({ stopped: true, position: { x: -0.5, y: 0, zoom: 0 } });
    await expect(run('ptz', { cameraId: 'gate', action: 'goto-preset' })).rejects.toMatchObject({ code: 'EDGE_ERR_COMMAND_ARGS' });
    await expect(run('ptz', { cameraId: 'door', action: 'presets' })).rejects.toMatchObject({ code: 'EDGE_ERR_UNKNOWN_CAMERA' });
  });
});
