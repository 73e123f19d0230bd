/**
 * Runs inside a private network namespace (see ws-discovery.test.ts, which
 * starts it with `unshare -n`): a simulator answers multicast WS-Discovery
 * on 239.255.255.250:3702 and the real onvif client probes for it. Multicast
 * cannot leave the namespace: it has only its own loopback. Prints one JSON
 * line: what the client found.
 */
import { createLogger } from '@argus/runtime';
import onvif from 'onvif/promises/index.js';
import { createSimulator } from '../../src/index.js';

const cacheDir = process.env.ARGUS_SIM_CACHE_DIR;
const sim = createSimulator({
  port: 0,
  onvifPort: 0,
  discovery: { port: 3702, multicast: true },
  ...(cacheDir ? { cacheDir } : {}),
  logger: createLogger({ name: 'multicast-probe', level: 'silent' }),
  cameras: ['cam-1', 'cam-2', 'cam-3'].map((id) => ({ id, scene: { kind: 'synthetic' as const, seconds: 1, width: 320, height: 180, fps: 5 } })),
});
await sim.start();
try {
  const found = (await onvif.Discovery.probe({ timeout: 2_000, resolve: false })) as Array<{
    probeMatches: { probeMatch: { endpointReference: { address: string }; XAddrs: string } };
  }>;
  const devices = found.map((d) => ({ endpoint: d.probeMatches.probeMatch.endpointReference.address, xaddrs: d.probeMatches.probeMatch.XAddrs }));
  const expected = sim.cameraIds().map((id) => sim.cameraUrls(id).onvif);
  process.stdout.write(`${JSON.stringify({ devices, expected })}\n`);
} finally {
  await sim.stop();
}
