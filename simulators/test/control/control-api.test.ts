import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@argus/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/index.js';

const SCENE = { kind: 'synthetic', seconds: 2, width: 320, height: 180 } as const;

describe('control API', () => {
  let sim: Simulator;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-sim-control-'));
    sim = createSimulator({
      port: 0,
      controlPort: 0,
      cacheDir: join(dir, 'cache'),
      logger: createLogger({ name: 'control-test', level: 'silent' }),
      cameras: [
        { id: 'cam-1', username: 'admin', password: 'secret', scene: SCENE },
        { id: 'cam-2', scene: SCENE },
      ],
    });
    await sim.start();
    base = `http://127.0.0.1:${sim.controlPort}`;
  });
  afterAll(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };

  it('reports health', async () => {
    expect(await call('GET', '/health')).toEqual({ status: 200, json: { status: 'ok', cameras: 2 } });
  });

  it('lists cameras with URLs that carry no passwords', async () => {
    const { status, json } = await call('GET', '/cameras');
    expect(status).toBe(200);
    expect(json.cameras.map((c: { id: string }) => c.id)).toEqual(['cam-1', 'cam-2']);
    expect(json.cameras[0]).toMatchObject({ id: 'cam-1', online: true, sessions: 0, faults: [], urls: { main: `rtsp://127.0.0.1:${sim.port}/cam-1/main` } });
    expect(JSON.stringify(json)).not.toContain('secret');
  });

  it('sets, shows and clears a fault', async () => {
    const put = await call('PUT', '/cameras/cam-2/faults/bitrate-spike', { factor: 4, durationMs: 60_000 });
    expect(put.status).toBe(200);
    expect(put.json.faults).toEqual([expect.objectContaining({ kind: 'bitrate-spike', factor: 4, durationMs: 60_000, since: expect.any(String), until: expect.any(String) })]);
    expect(sim.faults('cam-2').map((f) => f.fault.kind)).toEqual(['bitrate-spike']);
    expect((await call('DELETE', '/cameras/cam-2/faults/bitrate-spike')).status).toBe(204);
    expect((await call('GET', '/cameras/cam-2')).json.faults).toEqual([]);
  });

  it('takes a camera offline and back', async () => {
    await call('PUT', '/cameras/cam-2/faults/offline');
    expect((await call('GET', '/cameras/cam-2')).json.online).toBe(false);
    expect(sim.isCameraOnline('cam-2')).toBe(false);
    await call('DELETE', '/cameras/cam-2/faults/offline');
    expect(sim.isCameraOnline('cam-2')).toBe(true);
  });

  it('changes credentials without ever echoing the password', async () => {
    const put = await call('PUT', '/cameras/cam-1/faults/credentials', { username: 'admin', password: 'rotated' });
    expect(put.status).toBe(200);
    expect(put.json.faults[0]).toMatchObject({ kind: 'credentials', username: 'admin', password: '***' });
    expect(sim.cameraUrls('cam-1').main).toContain('admin:rotated@');
    await call('DELETE', '/cameras/cam-1/faults/credentials');
    expect(sim.cameraUrls('cam-1').main).toContain('admin:secret@');
  });

  it('reboots a camera for downMs, after which it is back by itself', async () => {
    const res = await call('POST', '/cameras/cam-2/reboot', { downMs: 300 });
    expect(res.status).toBe(202);
    expect(res.json.online).toBe(false);
    const deadline = Date.now() + 5_000;
    while (!sim.isCameraOnline('cam-2') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(sim.isCameraOnline('cam-2')).toBe(true);
  });

  it.each([
    ['PUT', '/cameras/cam-1/faults/bitrate-spike', { factor: 'x' }, 'factor'],
    ['PUT', '/cameras/cam-1/faults/drop-rtp', { durationMs: -5 }, 'durationMs'],
    ['PUT', '/cameras/cam-1/faults/drop-rtp', { duration: 5 }, 'duration'],
    ['PUT', '/cameras/cam-1/faults/credentials', { username: 'a' }, 'password'],
    ['PUT', '/cameras/cam-1/faults/clock-skew', '{not json', 'body'],
    ['PUT', '/cameras/cam-1/faults/freeze', [1, 2], 'body'],
    ['POST', '/cameras/cam-1/reboot', {}, 'downMs'],
    ['POST', '/cameras/cam-1/reboot', { downMs: 0 }, 'downMs'],
  ])('answers 400 naming the field for %s %s %j', async (method, path, body, field) => {
    const res = await call(method, path, body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'SIM_ERR_FAULT_INVALID', field });
    expect(res.json.error.message).toContain(field);
  });

  it.each([
    ['GET', '/cameras/cam-9', 'SIM_ERR_UNKNOWN_CAMERA'],
    ['PUT', '/cameras/cam-9/faults/freeze', 'SIM_ERR_UNKNOWN_CAMERA'],
    ['PUT', '/cameras/cam-1/faults/unplug', 'SIM_ERR_CONTROL_FAULT_KIND'],
    ['GET', '/nothing', 'SIM_ERR_CONTROL_ROUTE'],
  ])('answers 404 for %s %s', async (method, path, code) => {
    const res = await call(method, path, method === 'PUT' ? {} : undefined);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe(code);
  });

  it('answers 405 for a method a route does not take', async () => {
    expect((await call('POST', '/cameras')).status).toBe(405);
  });

  it('validates library faults like API input', () => {
    expect(() => sim.setFault('cam-1', { kind: 'bitrate-spike', factor: 0 })).toThrow(expect.objectContaining({ code: 'SIM_ERR_FAULT_INVALID' }));
  });
});
