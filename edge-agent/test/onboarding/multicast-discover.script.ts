/**
 * Runs inside a private network namespace (discover-cli.test.ts starts it
 * with `unshare -n`, loopback only, 224.0.0.0/4 routed on lo): a simulator
 * answers multicast WS-Discovery on 239.255.255.250:3702 and
 * `argus-edge discover` (no --target: the onvif library's multicast Probe)
 * runs as a child, in the same namespace. Multicast cannot leave it. Prints
 * one JSON line: the CLI's exit code and devices, and what was expected.
 */
import { createLogger } from '@argus/runtime';
import { createSimulator } from 'argus-sim';
import { argusEdge } from './cli.js';

const cacheDir = process.env.ARGUS_SIM_CACHE_DIR;
const sim = createSimulator({
  port: 0,
  onvifPort: 0,
  discovery: { port: 3702, multicast: true },
  ...(cacheDir ? { cacheDir } : {}),
  logger: createLogger({ name: 'multicast-discover', level: 'silent' }),
  cameras: ['cam-1', 'cam-2'].map((id) => ({ id, scene: { kind: 'synthetic' as const, seconds: 1, width: 320, height: 180, fps: 5 } })),
});
await sim.start();
try {
  const run = await argusEdge(['discover', '--timeout', '2000']);
  const devices = run.code === 0 ? (JSON.parse(run.stdout) as { devices: unknown[] }).devices : [];
  const expected = sim.cameraIds().map((id) => ({ name: id, xaddr: sim.cameraUrls(id).onvif }));
  process.stdout.write(`${JSON.stringify({ code: run.code, stderr: run.stderr, devices, expected })}\n`);
} finally {
  await sim.stop();
}
