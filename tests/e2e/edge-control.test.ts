import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION } from '@argus/contracts';
import { createLogger } from '@argus/runtime';
import { createSimulator, type Simulator } from 'argus-sim';
import { CloudClient } from '../../edge-agent/src/adapters/uplink/cloud-client.js';
import { CameraRegistry } from '../../edge-agent/src/camera/camera-registry.js';
import { createCommandHandler } from '../../edge-agent/src/control/command-handlers.js';
import { ControlClient } from '../../edge-agent/src/control/control-client.js';
import { enrollAgent } from '../../edge-agent/src/enrollment/enroll.js';
import { adminHeaders, captureLogger, startListeningCloud, type ListeningCloud } from '../../edge-agent/test/support/listening-cloud.js';
import { SCENE_CACHE_DIR } from '../support/stack.js';

/**
 * The control channel end to end: a real cloud, an enrolled agent's
 * ControlClient with the real command handlers, a simulated camera.
 */
describe('edge control channel', () => {
  let cloud: ListeningCloud;
  let sim: Simulator;
  let control: ControlClient;
  let agentId: string;
  let dir: string;
  const opened: number[] = [];
  const log = captureLogger();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-edge-control-'));
    cloud = await startListeningCloud();
    sim = createSimulator({ cameras: [{ id: 'gate', username: 'admin', password: 'pw-gate' }], port: 0, cacheDir: SCENE_CACHE_DIR, discovery: { port: 0 }, logger: createLogger({ name: 'sim', level: 'silent' }) });
    await sim.start();
    const enrolled = await enrollAgent({ cloud: cloud.url, token: await cloud.enrollmentToken('north'), name: 'north-box', version: 'test' });
    agentId = enrolled.agentId;
    const client = new CloudClient({ baseUrl: cloud.url, edgeToken: enrolled.credential, timeoutMs: 5000 });
    await client.upsertCamera({ id: 'gate', name: 'Gate', siteId: 'north', streams: ['main'] });
    // The agent's camera list without running cameras: commands read and change it as they would a running agent's.
    const registry = new CameraRegistry({
      configured: [{ id: 'gate', name: 'Gate', main: sim.cameraUrls('gate').main, detect: DEFAULT_DETECTION }],
      camerasFile: join(dir, 'cameras.json'),
      logger: log.logger,
    });
    await registry.open();
    control = new ControlClient({
      baseUrl: cloud.url,
      token: enrolled.credential,
      reconnect: { initialMs: 100, maxMs: 500, jitter: 0.2 },
      logger: log.logger,
      handle: createCommandHandler({
        orgId: 'default',
        client,
        ffmpegPath: (await import('@argus/runtime')).ffmpegBinaries().ffmpeg,
        registry,
        logger: log.logger,
      }),
    });
    const first = new Promise((resolve) => control.once('open', resolve));
    control.on('open', () => opened.push(Date.now()));
    await control.start();
    await first;
  });
  afterAll(async () => {
    await control?.stop();
    await sim?.stop();
    await cloud?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const command = async (type: string, args: object, timeoutMs?: number) => {
    const res = await fetch(`${cloud.url}/api/agents/${agentId}/commands`, { method: 'POST', headers: adminHeaders, body: JSON.stringify({ type, args, ...(timeoutMs ? { timeoutMs } : {}) }) });
    return { status: res.status, body: (await res.json()) as { ok?: boolean; result?: Record<string, unknown>; error?: { code: string }; code?: string } };
  };

  it('takes a snapshot: a real JPEG lands in the store under the camera', async () => {
    const { status, body } = await command('snapshot', { cameraId: 'gate' });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.ok).toBe(true);
    const key = body.result!.key as string;
    expect(key).toMatch(/^org\/default\/cam\/gate\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/\d+\.jpg$/);
    const media = await fetch(`${cloud.url}/api/media/${key}`, { headers: adminHeaders });
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await media.arrayBuffer());
    expect(jpeg.length).toBe(body.result!.bytes);
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(jpeg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    expect(log.lines.join('\n')).not.toContain('pw-gate');
  });

  it('acknowledges errors: unknown camera, PTZ without ONVIF; the cloud refuses bad arguments and its own commands', async () => {
    expect((await command('snapshot', { cameraId: 'nobody' })).body).toMatchObject({ ok: false, error: { code: 'EDGE_ERR_UNKNOWN_CAMERA' } });
    expect((await command('ptz', { cameraId: 'gate', x: 0.5 })).body).toMatchObject({ ok: false, error: { code: 'EDGE_ERR_UNKNOWN_CAMERA' } });
    expect(await command('ptz', { cameraId: 'gate', x: 5 })).toMatchObject({ status: 400, body: { code: 'CLD_ERR_VALIDATION' } });
    expect(await command('live-start', { cameraId: 'gate', url: 'rtmp://127.0.0.1/x' })).toMatchObject({ status: 403, body: { code: 'CLD_ERR_FORBIDDEN' } });
  });

  it('adds a camera to cameras.json with its credentials, acknowledging without them', async () => {
    const { body } = await command('add-camera', { id: 'yard', name: 'Yard', main: 'rtsp://admin:pw-yard@127.0.0.1:8554/yard/main' });
    expect(body).toMatchObject({ ok: true, result: { camera: { id: 'yard', main: 'rtsp://***:***@127.0.0.1:8554/yard/main' } } });
    const stored = JSON.parse(await readFile(join(dir, 'cameras.json'), 'utf8')) as { cameras: Array<{ id: string; main: string }> };
    expect(stored.cameras).toEqual([{ id: 'yard', name: 'Yard', main: 'rtsp://admin:pw-yard@127.0.0.1:8554/yard/main' }]);
    expect((await command('add-camera', { id: 'yard', main: 'rtsp://h/x' })).body).toMatchObject({ ok: false, error: { code: 'EDGE_ERR_COMMAND_ARGS' } });
  });

  it('discovers the simulated camera by unicast WS-Discovery', async (ctx) => {
    if (!sim.discoveryPort) ctx.skip(); // the simulator was built without its WS-Discovery responder
    const { body } = await command('discover', { timeoutMs: 500, targets: [{ host: '127.0.0.1', port: sim.discoveryPort }] });
    expect(body.ok).toBe(true);
    const devices = body.result!.devices as Array<{ xaddrs: string[] }>;
    expect(devices).toHaveLength(1);
    expect(devices[0]!.xaddrs[0]).toContain(`:${sim.onvifPort}/`);
  });

  it('reconnects after the cloud restarts, and commands work again', async () => {
    const before = opened.length;
    await cloud.restart();
    await expect.poll(() => opened.length, { timeout: 15_000 }).toBe(before + 1);
    expect((await command('snapshot', { cameraId: 'nobody' })).body).toMatchObject({ ok: false, error: { code: 'EDGE_ERR_UNKNOWN_CAMERA' } });
  });

  it('is refused with a wrong credential and keeps retrying without opening', async () => {
    const bad = captureLogger();
    const intruder = new ControlClient({ baseUrl: cloud.url, token: 'argus-agent-forged', reconnect: { initialMs: 50, maxMs: 100, jitter: 0 }, logger: bad.logger, handle: async () => 'pwned' });
    let openedIntruder = false;
    intruder.on('open', () => (openedIntruder = true));
    await intruder.start();
    await expect.poll(() => bad.lines.filter((l) => l.includes('control channel refused by the cloud') && l.includes('"status":401')).length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    await intruder.stop();
    expect(openedIntruder).toBe(false);
  });
});
