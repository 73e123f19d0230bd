import { createServer } from 'node:net';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DETECTION } from '@argus/contracts';
import { createLogger } from '@argus/runtime';
import { createSimulator, type Simulator } from 'argus-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEdgeConfigFile } from '../../src/config.js';
import type { StoredCamera } from '../../src/control/camera-list-file.js';
import { argusEdge } from './cli.js';

const SCENE = { kind: 'synthetic' as const, seconds: 1, width: 1280, height: 720, fps: 5 };
// Reserved characters on purpose: they must reach the camera percent-encoded, and never the output.
const PASSWORD = 'Se cr@t/:%9';
const ENCODED = encodeURIComponent(PASSWORD);

describe('argus-edge add-camera', () => {
  let sim: Simulator;
  let dir: string;
  let configPath: string;
  const camerasFile = () => join(dir, 'cameras.json');
  const stored = async (): Promise<StoredCamera[]> => (JSON.parse(await readFile(camerasFile(), 'utf8')) as { cameras: StoredCamera[] }).cameras;
  const expectNoSecret = (r: { stdout: string; stderr: string }) => {
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(ENCODED);
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-add-camera-'));
    configPath = join(dir, 'edge.json');
    await writeFile(configPath, JSON.stringify({ cloud: { url: 'http://127.0.0.1:1', token: 't' }, dataDir: join(dir, 'data'), cameras: [] }));
    sim = createSimulator({
      port: 0,
      onvifPort: 0,
      cacheDir: join(tmpdir(), 'argus-sim-cache'),
      logger: createLogger({ name: 'sim', level: 'silent' }),
      cameras: [{ id: 'cam-1', username: 'admin', password: PASSWORD, scene: SCENE }],
    });
    await sim.start();
  });
  afterAll(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('--onvif reads the profiles: main 1280x720 recorded, sub 640x360, snapshot URI, credentials only in cameras.json', async () => {
    const device = sim.cameraUrls('cam-1').onvif;
    const result = await argusEdge(['add-camera', '--config', configPath, '--id', 'front', '--name', 'Front door', '--onvif', device, '--user', 'admin', '--password', PASSWORD]);
    expect(result.code, result.stderr).toBe(0);
    expectNoSecret(result);
    const printed = JSON.parse(result.stdout) as { camerasFile: string; camera: Record<string, unknown> };
    expect(printed).toEqual({
      camerasFile: camerasFile(),
      camera: {
        id: 'front', name: 'Front door',
        main: `rtsp://***:***@127.0.0.1:${sim.port}/cam-1/main`,
        sub: `rtsp://***:***@127.0.0.1:${sim.port}/cam-1/sub`,
        snapshotUri: `http://127.0.0.1:${sim.onvifPort}/onvif/cam-1/snapshot.jpg`,
        onvif: device,
        streams: { main: { profile: 'main', width: 1280, height: 720 }, sub: { profile: 'sub', width: 640, height: 360 } },
      },
    });
    expect(await stored()).toEqual([{
      id: 'front', name: 'Front door',
      main: `rtsp://admin:${ENCODED}@127.0.0.1:${sim.port}/cam-1/main`,
      sub: `rtsp://admin:${ENCODED}@127.0.0.1:${sim.port}/cam-1/sub`,
      snapshotUri: `http://127.0.0.1:${sim.onvifPort}/onvif/cam-1/snapshot.jpg`,
      onvif: { url: device, username: 'admin', password: PASSWORD, profileToken: 'main' },
    }]);
    expect((await stat(camerasFile())).mode & 0o777).toBe(0o600);
    // What `argus-edge run` runs: the main stream recorded, the sub stream watched for motion with the default settings.
    expect((await loadEdgeConfigFile(configPath, {})).cameras).toEqual([{
      id: 'front', name: 'Front door', main: `rtsp://admin:${ENCODED}@127.0.0.1:${sim.port}/cam-1/main`, sub: `rtsp://admin:${ENCODED}@127.0.0.1:${sim.port}/cam-1/sub`, detect: DEFAULT_DETECTION,
    }]);
  });

  it('refuses a wrong password with EDGE_ERR_ONVIF_AUTH, naming the camera, showing no password, storing nothing', async () => {
    const before = await readFile(camerasFile(), 'utf8');
    const result = await argusEdge(['add-camera', '--config', configPath, '--id', 'back', '--onvif', sim.cameraUrls('cam-1').onvif, '--user', 'admin', '--password', `${PASSWORD}x`]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`argus-edge: EDGE_ERR_ONVIF_AUTH: ONVIF camera at 127.0.0.1:${sim.onvifPort} refused the username or password`);
    expectNoSecret(result);
    expect(result.stderr).not.toContain(`${PASSWORD}x`);
    expect(await readFile(camerasFile(), 'utf8')).toBe(before);
  });

  it('--rtsp adds a plain RTSP camera beside the others, credentials put in percent-encoded', async () => {
    const result = await argusEdge(['add-camera', '--config', configPath, '--id', 'yard', '--rtsp', `rtsp://127.0.0.1:${sim.port}/cam-1/main`, '--user', 'admin', '--password', PASSWORD]);
    expect(result.code, result.stderr).toBe(0);
    expectNoSecret(result);
    expect((JSON.parse(result.stdout) as { camera: unknown }).camera).toEqual({ id: 'yard', name: 'yard', main: `rtsp://***:***@127.0.0.1:${sim.port}/cam-1/main` });
    expect((await stored()).map((c) => [c.id, c.main])).toEqual([
      ['front', `rtsp://admin:${ENCODED}@127.0.0.1:${sim.port}/cam-1/main`],
      ['yard', `rtsp://admin:${ENCODED}@127.0.0.1:${sim.port}/cam-1/main`],
    ]);
  });

  it('explains a bad URL, a camera that does not answer, and a missing source', async () => {
    const notUrl = await argusEdge(['add-camera', '--config', configPath, '--id', 'x', '--onvif', 'camera.local', '--user', 'admin', '--password', PASSWORD]);
    expect(notUrl.code).not.toBe(0);
    expect(notUrl.stderr).toContain('EDGE_ERR_ONVIF_URL: "camera.local" is not a URL; give the device service URL');

    const notRtsp = await argusEdge(['add-camera', '--config', configPath, '--id', 'x', '--rtsp', 'http://127.0.0.1/x']);
    expect(notRtsp.code).not.toBe(0);
    expect(notRtsp.stderr).toContain('the main stream must be an rtsp:// URL, got "http://127.0.0.1/x"');

    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const down = await argusEdge(['add-camera', '--config', configPath, '--id', 'x', '--onvif', `http://127.0.0.1:${port}/onvif/device_service`, '--user', 'admin', '--password', PASSWORD]);
    expect(down.code).not.toBe(0);
    expect(down.stderr).toContain(`EDGE_ERR_ONVIF_UNREACHABLE: ONVIF camera at 127.0.0.1:${port} is unreachable`);
    expectNoSecret(down);

    const neither = await argusEdge(['add-camera', '--config', configPath, '--id', 'x']);
    expect(neither.code).not.toBe(0);
    expect(neither.stderr).toContain('give --rtsp <url> or --onvif <device url>');
    expect((await stored()).map((c) => c.id)).toEqual(['front', 'yard']);
  });
});
