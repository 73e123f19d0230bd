import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, ffmpegBinaries } from '@argus/runtime';
import { createSimulator, type Simulator } from 'argus-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredCamera } from '../../src/control/camera-list-file.js';
import { createCommandHandler } from '../../src/control/command-handlers.js';
import type { CommandType } from '@argus/contracts';

const SCENE = { kind: 'synthetic' as const, seconds: 1, width: 1280, height: 720, fps: 5 };

/** The camera commands' arguments, with the real handlers against the simulator's ONVIF service (no cloud needed). */
describe('onboarding commands', () => {
  let sim: Simulator;
  let dir: string;
  let handle: ReturnType<typeof createCommandHandler>;
  const changes: Array<readonly StoredCamera[]> = [];
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
    handle = createCommandHandler({
      orgId: 'default',
      // Camera commands never upload; a call here would be a defect.
      client: { requestUpload: () => Promise.reject(new Error('no upload expected')), putObject: () => Promise.reject(new Error('no upload expected')) },
      ffmpegPath: ffmpegBinaries().ffmpeg,
      cameras: () => [{ id: 'door', name: 'Door', main: 'rtsp://127.0.0.1:1/door' }],
      camerasFile: join(dir, 'cameras.json'),
      onCamerasChanged: async (list) => void changes.push(list),
      logger: createLogger({ name: 'commands', level: 'silent' }),
    });
  });
  afterAll(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes args.onvif as { url, username, password } too, and tells the agent the list changed', async () => {
    const result = (await run('add-camera', { id: 'gate', onvif: { url: sim.cameraUrls('cam-1').onvif, username: 'admin', password: 'pw-1' } })) as { camera: Record<string, unknown> };
    expect(result.camera).toMatchObject({ id: 'gate', name: 'gate', main: `rtsp://***:***@127.0.0.1:${sim.port}/cam-1/main`, streams: { main: { width: 1280, height: 720 } } });
    expect(changes.at(-1)!.map((c) => c.id)).toEqual(['gate']);
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

  it('passes the camera refusing the credentials on as EDGE_ERR_ONVIF_AUTH', async () => {
    await expect(run('add-camera', { id: 'yard', onvif: sim.cameraUrls('cam-1').onvif, username: 'admin', password: 'nope' })).rejects.toMatchObject({ code: 'EDGE_ERR_ONVIF_AUTH' });
  });
});
