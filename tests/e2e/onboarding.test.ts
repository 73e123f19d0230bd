import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onvif from 'onvif/promises/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, delay } from '@argus/runtime';
import { createSimulator, type Simulator } from 'argus-sim';
import type { SegmentRecord } from '@argus/contracts';
import type { EdgeAgent } from 'argus-edge';
import { createAgentFromConfigFile } from '../../edge-agent/src/control/agent-from-config-file.js';
import type { StoredCamera } from '../../edge-agent/src/control/camera-list-file.js';
import { defaultCredentialFile, writeCredentialFile } from '../../edge-agent/src/enrollment/credential-file.js';
import { enrollAgent } from '../../edge-agent/src/enrollment/enroll.js';
import { adminHeaders, captureLogger, startListeningCloud, type ListeningCloud } from '../../edge-agent/test/support/listening-cloud.js';
import { SCENE_CACHE_DIR } from '../support/stack.js';

// Reserved characters on purpose: the recorder must reach the camera with them percent-encoded.
const PASSWORD = 'on@board:/pw%1';

type AckBody = { ok?: boolean; result?: Record<string, unknown>; error?: { code: string; message: string } };

/** The PTZ position through the camera's own ONVIF GetStatus, read by the `onvif` client directly. */
async function ptzPositionOf(deviceUrl: string): Promise<{ x: number; y: number; zoom: number }> {
  const url = new URL(deviceUrl);
  const cam = new onvif.Cam({ hostname: url.hostname, port: Number(url.port), path: url.pathname, username: 'admin', password: PASSWORD, autoconnect: false }) as unknown as {
    connect(): Promise<unknown>;
    getStatus(options: { profileToken: string }): Promise<{ position: { x: number; y: number; zoom: number } }>;
  };
  await cam.connect();
  const { position } = await cam.getStatus({ profileToken: 'main' });
  return { x: Number(position.x), y: Number(position.y), zoom: Number(position.zoom) };
}

/**
 * Onboarding from the cloud, end to end: the console's wizard asks an
 * enrolled agent (built as `argus-edge run` builds it) through
 * `POST /api/agents/:id/commands` to discover the simulated ONVIF cameras,
 * add one with its credentials (the agent reads its profiles and starts
 * recording it, leaving the running camera alone), and move its PTZ head.
 */
describe('ONVIF onboarding through the control channel', () => {
  let cloud: ListeningCloud;
  let sim: Simulator;
  let agent: EdgeAgent;
  let agentId: string;
  let dir: string;
  const log = captureLogger();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-onboarding-'));
    cloud = await startListeningCloud();
    sim = createSimulator({
      cameras: ['cam-1', 'cam-2'].map((id) => ({ id, username: 'admin', password: PASSWORD })),
      port: 0,
      onvifPort: 0,
      discovery: { port: 0 },
      cacheDir: SCENE_CACHE_DIR,
      logger: createLogger({ name: 'sim', level: 'silent' }),
    });
    await sim.start();

    // As `argus-edge enroll` leaves it: the credential beside the data, then the configuration with cam-1 only.
    const dataDir = join(dir, 'data');
    const enrolled = await enrollAgent({ cloud: cloud.url, token: await cloud.enrollmentToken('north'), name: 'north-box', version: 'test' });
    agentId = enrolled.agentId;
    await writeCredentialFile(defaultCredentialFile(dataDir), { cloud: cloud.url, ...enrolled, enrolledAt: new Date().toISOString() });
    const configPath = join(dir, 'edge.json');
    await writeFile(configPath, JSON.stringify({
      cloud: { url: cloud.url },
      dataDir,
      segmentSeconds: 2,
      metrics: { port: 0 },
      restart: { initialMs: 500, maxMs: 3000, jitter: 0.2 },
      retry: { initialMs: 200, maxMs: 2000, jitter: 0.2 },
      cameras: [{ id: 'cam-1', name: 'Camera 1', main: sim.cameraUrls('cam-1').main }],
    }));
    agent = await createAgentFromConfigFile(configPath, { logger: log.logger, env: {}, links: { controlReconnect: { initialMs: 100, maxMs: 500, jitter: 0.2 } } });
    await agent.start();
    // Commands need the control channel: wait until the cloud lists it as connected.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const health = (await (await fetch(`${cloud.url}/api/sites/north/health`, { headers: adminHeaders })).json()) as { agents?: Array<{ id: string; controlConnected: boolean }> };
      if (health.agents?.find((a) => a.id === agentId)?.controlConnected) break;
      if (Date.now() > deadline) throw new Error(`the agent's control channel did not connect: ${JSON.stringify(health)}`);
      await delay(100);
    }
  });
  afterAll(async () => {
    await agent?.stop();
    await sim?.stop();
    await cloud?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const command = async (type: string, args: object): Promise<{ status: number; body: AckBody }> => {
    const res = await fetch(`${cloud.url}/api/agents/${agentId}/commands`, { method: 'POST', headers: adminHeaders, body: JSON.stringify({ type, args }) });
    return { status: res.status, body: (await res.json()) as AckBody };
  };
  const segments = async (cameraId: string): Promise<SegmentRecord[]> => {
    const res = await fetch(`${cloud.url}/api/cameras/${cameraId}/segments?from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`, { headers: adminHeaders });
    return res.status === 404 ? [] : ((await res.json()) as { segments: SegmentRecord[] }).segments;
  };

  it('discovers the simulated cameras by unicast WS-Discovery', async () => {
    const { status, body } = await command('discover', { timeoutMs: 1000, targets: [{ host: '127.0.0.1', port: sim.discoveryPort }] });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.ok).toBe(true);
    const devices = body.result!.devices as Array<{ name: string; xaddrs: string[] }>;
    expect(devices.map((d) => [d.name, d.xaddrs]).sort()).toEqual([
      ['cam-1', [sim.cameraUrls('cam-1').onvif]],
      ['cam-2', [sim.cameraUrls('cam-2').onvif]],
    ]);
  });

  it('refuses to add a camera with a wrong password: EDGE_ERR_ONVIF_AUTH, nothing stored', async () => {
    const { body } = await command('add-camera', { id: 'cam-2', onvif: sim.cameraUrls('cam-2').onvif, username: 'admin', password: 'wrong-pw' });
    expect(body).toMatchObject({ ok: false, error: { code: 'EDGE_ERR_ONVIF_AUTH' } });
    expect(body.error!.message).toContain('refused the username or password');
    expect(JSON.stringify(body)).not.toContain('wrong-pw');
    expect(agent.status().cameras.map((c) => c.id)).toEqual(['cam-1']);
  });

  it('adds an ONVIF camera: main recorded, sub and snapshot kept, recording starts without touching the running camera', async () => {
    await expect.poll(async () => (await segments('cam-1')).length, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(1);
    const cam1Before = agent.status().cameras.find((c) => c.id === 'cam-1')!;
    expect(cam1Before.state).toBe('recording');

    const added = Date.now();
    const { status, body } = await command('add-camera', { id: 'cam-2', name: 'Loading bay', onvif: sim.cameraUrls('cam-2').onvif, username: 'admin', password: PASSWORD });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.ok, JSON.stringify(body)).toBe(true);
    const camera = body.result!.camera as Record<string, unknown>;
    expect(camera).toMatchObject({
      id: 'cam-2', name: 'Loading bay',
      main: `rtsp://***:***@127.0.0.1:${sim.port}/cam-2/main`,
      sub: `rtsp://***:***@127.0.0.1:${sim.port}/cam-2/sub`,
      snapshotUri: `http://127.0.0.1:${sim.onvifPort}/onvif/cam-2/snapshot.jpg`,
      streams: { main: { profile: 'main' }, sub: { profile: 'sub', width: 640, height: 360 } },
    });
    expect(JSON.stringify(body)).not.toContain(encodeURIComponent(PASSWORD));

    const stored = (JSON.parse(await readFile(join(dir, 'cameras.json'), 'utf8')) as { cameras: StoredCamera[] }).cameras;
    expect(stored).toEqual([{
      id: 'cam-2', name: 'Loading bay',
      main: `rtsp://admin:${encodeURIComponent(PASSWORD)}@127.0.0.1:${sim.port}/cam-2/main`,
      sub: `rtsp://admin:${encodeURIComponent(PASSWORD)}@127.0.0.1:${sim.port}/cam-2/sub`,
      snapshotUri: `http://127.0.0.1:${sim.onvifPort}/onvif/cam-2/snapshot.jpg`,
      onvif: { url: sim.cameraUrls('cam-2').onvif, username: 'admin', password: PASSWORD, profileToken: 'main' },
    }]);

    // The new camera's segments are indexed within ~20 s of the command.
    await expect.poll(async () => (await segments('cam-2')).length, { timeout: 20_000, interval: 250 }).toBeGreaterThanOrEqual(1);
    const firstIndexedMs = Date.now() - added;
    expect(firstIndexedMs).toBeLessThan(20_000);
    const cam1After = agent.status().cameras.find((c) => c.id === 'cam-1')!;
    expect(cam1After.restarts).toBe(cam1Before.restarts);
    expect(cam1After.state).toBe('recording');
    // The agent's own account of the change: cam-2 started, cam-1 neither restarted nor stopped.
    const decisions = log.lines.filter((l) => l.includes('"component":"camera-registry"') && l.includes('"cameraId"'));
    expect(decisions.some((l) => l.includes('"cameraId":"cam-2"') && l.includes('camera added; recording'))).toBe(true);
    expect(decisions.filter((l) => l.includes('"cameraId":"cam-1"'))).toEqual([]);
    await expect.poll(async () => (await segments('cam-1')).filter((s) => Date.parse(s.startsAt) > added).length, { timeout: 20_000, interval: 250 }).toBeGreaterThanOrEqual(1);
    expect(agent.status().cameras.map((c) => c.id)).toEqual(['cam-1', 'cam-2']);

    // The agent knows the camera it was given at run time: a snapshot of it works.
    const snapshot = await command('snapshot', { cameraId: 'cam-2' });
    expect(snapshot.body, JSON.stringify(snapshot.body)).toMatchObject({ ok: true, result: { contentType: 'image/jpeg' } });
    expect(snapshot.body.result!.key).toMatch(/^org\/default\/cam\/cam-2\//);
  });

  it('moves the PTZ head of the added camera and stops it; the camera reports the new position', async () => {
    const device = sim.cameraUrls('cam-2').onvif;
    const before = await ptzPositionOf(device);
    const move = await command('ptz', { cameraId: 'cam-2', action: 'move', x: 0.5, y: 0, zoom: 0.5 });
    expect(move.body, JSON.stringify(move.body)).toMatchObject({ ok: true, result: { moving: { x: 0.5, y: 0, zoom: 0.5 } } });
    await expect.poll(async () => (await ptzPositionOf(device)).x, { timeout: 5000, interval: 100 }).toBeGreaterThan(before.x + 0.1);
    const stop = await command('ptz', { cameraId: 'cam-2', action: 'stop' });
    expect(stop.body).toMatchObject({ ok: true, result: { stopped: true } });
    const after = await ptzPositionOf(device);
    expect(after.zoom).toBeGreaterThan(before.zoom);
    expect((stop.body.result!.position as { x: number }).x).toBeCloseTo(after.x, 5);
    // A camera added without ONVIF has no PTZ to drive.
    expect((await command('ptz', { cameraId: 'cam-1', action: 'stop' })).body).toMatchObject({ ok: false, error: { code: 'EDGE_ERR_UNKNOWN_CAMERA' } });
  });

  it('never writes a camera password to the logs', () => {
    const text = log.lines.join('\n');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(encodeURIComponent(PASSWORD));
    expect(text).not.toContain('wrong-pw');
  });
});
