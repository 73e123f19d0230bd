import { createServer } from 'node:net';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createLogger } from '@argus/runtime';
import { createSimulator, type Simulator } from 'argus-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOnvif, ptzMove, ptzPosition, ptzStop, readStreams } from '../../src/adapters/onvif/onvif-camera.js';
import type { EdgeError } from '../../src/errors.js';

const SCENE = { kind: 'synthetic' as const, seconds: 1, width: 1280, height: 720, fps: 5 };
const PASSWORD = 'p@ss:w/rd&<x>';

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const failure = async (work: Promise<unknown>): Promise<EdgeError> => {
  try {
    await work;
  } catch (err) {
    return err as EdgeError;
  }
  throw new Error('expected a failure');
};

/** The ONVIF adapter against the simulator's ONVIF service, through the real `onvif` client. */
describe('ONVIF adapter', () => {
  let sim: Simulator;
  const device = (id = 'cam-1') => sim.cameraUrls(id).onvif;

  beforeAll(async () => {
    sim = createSimulator({
      port: 0,
      onvifPort: 0,
      cacheDir: join(tmpdir(), 'argus-sim-cache'),
      logger: createLogger({ name: 'sim', level: 'silent' }),
      cameras: [{ id: 'cam-1', username: 'admin', password: PASSWORD, scene: SCENE }, { id: 'cam-2', username: 'admin', password: PASSWORD, scene: SCENE }],
    });
    await sim.start();
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('reads the profiles: main is the largest, sub the smallest, with stream and snapshot URIs', async () => {
    const streams = await readStreams(await connectOnvif({ url: device(), username: 'admin', password: PASSWORD }));
    expect(streams.main).toEqual({ profile: { token: 'main', name: 'MainStream', width: 1280, height: 720, encoding: 'H264' }, uri: `rtsp://127.0.0.1:${sim.port}/cam-1/main` });
    expect(streams.sub).toEqual({ profile: { token: 'sub', name: 'SubStream', width: 640, height: 360, encoding: 'H264' }, uri: `rtsp://127.0.0.1:${sim.port}/cam-1/sub` });
    expect(streams.snapshotUri).toBe(`http://127.0.0.1:${sim.onvifPort}/onvif/cam-1/snapshot.jpg`);
  });

  it('answers a wrong or missing password with EDGE_ERR_ONVIF_AUTH, the library error as cause', async () => {
    const wrong = await failure(connectOnvif({ url: device(), username: 'admin', password: 'not-it' }).then(readStreams));
    expect(wrong.code).toBe('EDGE_ERR_ONVIF_AUTH');
    expect(wrong.message).toContain(`127.0.0.1:${sim.onvifPort} refused the username or password`);
    expect(wrong.cause).toBeInstanceOf(Error);
    expect(wrong.message).not.toContain('not-it');
    // No credentials at all: the camera answers 401 to the first call that needs them.
    expect((await failure(connectOnvif({ url: device() }).then(readStreams))).code).toBe('EDGE_ERR_ONVIF_AUTH');
  });

  it('answers a closed port or a camera without power with EDGE_ERR_ONVIF_UNREACHABLE', async () => {
    const port = await closedPort();
    const refused = await failure(connectOnvif({ url: `http://127.0.0.1:${port}/onvif/device_service`, username: 'admin', password: PASSWORD }));
    expect(refused.code).toBe('EDGE_ERR_ONVIF_UNREACHABLE');
    expect((refused.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    sim.setCameraOnline('cam-2', false);
    try {
      const offline = await failure(connectOnvif({ url: device('cam-2'), username: 'admin', password: PASSWORD, timeoutMs: 2000 }));
      expect(offline.code).toBe('EDGE_ERR_ONVIF_UNREACHABLE');
    } finally {
      sim.setCameraOnline('cam-2', true);
    }
  });

  it('answers an unknown service path with EDGE_ERR_ONVIF, and a URL that is not http with EDGE_ERR_ONVIF_URL', async () => {
    expect((await failure(connectOnvif({ url: device().replace('/cam-1/', '/cam-9/'), username: 'admin', password: PASSWORD }))).code).toBe('EDGE_ERR_ONVIF');
    expect((await failure(connectOnvif({ url: `rtsp://127.0.0.1:${sim.port}/cam-1/main` }))).code).toBe('EDGE_ERR_ONVIF_URL');
  });

  it('moves the PTZ head continuously and stops it', async () => {
    const connection = await connectOnvif({ url: device(), username: 'admin', password: PASSWORD });
    const before = await ptzPosition(connection, 'main');
    await ptzMove(connection, { x: 0.5, y: -0.5, zoom: 0, profileToken: 'main' });
    await expect.poll(async () => (await ptzPosition(connection, 'main')).x, { timeout: 5000, interval: 100 }).toBeGreaterThan(before.x + 0.05);
    await ptzStop(connection, 'main');
    const stopped = await ptzPosition(connection, 'main');
    expect(stopped.y).toBeLessThan(before.y);
    // Stopped means the position holds.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await ptzPosition(connection, 'main')).toEqual(stopped);
  });
});
