import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@argus/runtime';
import { createSimulator, type Simulator } from 'argus-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveredDevice } from '../../src/adapters/onvif/onvif-discovery.js';
import { argusEdge } from './cli.js';
import { PRIVATE_MULTICAST_SETUP, privateNetnsUnavailable } from '../../../tests/support/netns.js';

const SCENE = { kind: 'synthetic' as const, seconds: 1, width: 320, height: 180, fps: 5 };
const CACHE_DIR = join(tmpdir(), 'argus-sim-cache');

describe('argus-edge discover --target (unicast WS-Discovery)', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = createSimulator({
      port: 0,
      onvifPort: 0,
      discovery: { port: 0 },
      cacheDir: CACHE_DIR,
      logger: createLogger({ name: 'sim', level: 'silent' }),
      cameras: [{ id: 'cam-1', username: 'admin', password: 'pw', scene: SCENE }, { id: 'cam-2', username: 'admin', password: 'pw', scene: SCENE }],
    });
    await sim.start();
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('lists every camera answering the probe, with its device service URL and name', async () => {
    const result = await argusEdge(['discover', '--target', `127.0.0.1:${sim.discoveryPort}`, '--timeout', '1000']);
    expect(result.code, result.stderr).toBe(0);
    const { devices } = JSON.parse(result.stdout) as { devices: DiscoveredDevice[] };
    expect(devices.map((d) => [d.name, d.xaddrs]).sort()).toEqual([
      ['cam-1', [sim.cameraUrls('cam-1').onvif]],
      ['cam-2', [sim.cameraUrls('cam-2').onvif]],
    ]);
    for (const d of devices) {
      expect(d.urn).toMatch(/^urn:uuid:/);
      expect(d.hardware).toBe('argus-sim');
    }
  });

  it('finds nothing where nobody answers, and refuses a target that is not host:port', async () => {
    sim.setCameraOnline('cam-1', false);
    sim.setCameraOnline('cam-2', false);
    try {
      const silent = await argusEdge(['discover', '--target', `127.0.0.1:${sim.discoveryPort}`, '--timeout', '500']);
      expect(silent.code, silent.stderr).toBe(0);
      expect(JSON.parse(silent.stdout)).toEqual({ devices: [] });
    } finally {
      sim.setCameraOnline('cam-1', true);
      sim.setCameraOnline('cam-2', true);
    }
    const bad = await argusEdge(['discover', '--target', '127.0.0.1']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--target must be host:port, got "127.0.0.1"');
  });
});


describe('argus-edge discover (multicast WS-Discovery)', () => {
  const skipReason = privateNetnsUnavailable();

  // Multicast must never leave the machine: the simulator and the CLI run in a
  // private network namespace whose only interface is its own loopback.
  it.skipIf(skipReason !== undefined)(`finds every camera by multicast Probe${skipReason ? ` (skipped: ${skipReason})` : ''}`, async () => {
    const script = fileURLToPath(new URL('./multicast-discover.script.ts', import.meta.url));
    const shell = `${PRIVATE_MULTICAST_SETUP} && ARGUS_SIM_CACHE_DIR='${CACHE_DIR}' exec '${process.execPath}' --import tsx '${script}'`;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile('unshare', ['-n', 'sh', '-c', shell], { timeout: 60_000, killSignal: 'SIGKILL' }, (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)));
    });
    const { code, stderr, devices, expected } = JSON.parse(stdout.trim().split('\n').pop()!) as {
      code: number; stderr: string; devices: DiscoveredDevice[]; expected: Array<{ name: string; xaddr: string }>;
    };
    expect(code, stderr).toBe(0);
    expect(devices.map((d) => ({ name: d.name, xaddr: d.xaddrs[0] })).sort((a, b) => a.name!.localeCompare(b.name!))).toEqual(expected);
  });
});
