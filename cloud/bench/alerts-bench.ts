/**
 * `npm run bench:alerts`: how fast an alert reaches an operator's stream.
 *
 *   npm run bench:alerts -- [--events 300] [--scene-seconds 150] [--scene <video>]
 *
 * - ingestToStream: two cloud replicas on one embedded PostgreSQL; a motion
 *   rule; an operator's `GET /api/stream` on replica A. One event batch at a
 *   time is posted to A (as an agent would), and the time from sending the
 *   batch to the `alert` message on the stream is taken (an upper bound of
 *   "from accepted": the HTTP request is included), for `--events` batches.
 * - crossReplica: the same alerts, on an operator's stream on replica B.
 * - sceneToAlert: a simulated camera plays a scene whose ground truth says
 *   when motion starts (default: the shared clip of people walking in one at
 *   a time, looping; the simulator's derived ground truth for it), an edge
 *   agent detects motion on its sub stream and sends events to A; each
 *   ground-truth onset (motion after at least the agent's hang time of
 *   quiet) before an alert on A's stream, within 10 s, is a sample.
 *
 * Prints the figures, then one JSON line:
 * { "ingestToStream": { "p50Ms", "p95Ms", "p99Ms" }, "crossReplica": { … }, "sceneToAlert": { "p50Ms", "p95Ms", "samples" } }
 * A benchmark, not a test: it asserts nothing.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCloud, loadCloudConfig, startEmbeddedPostgres, type CloudService } from 'argus-cloud';
import { createEdgeAgent, parseEdgeConfig } from 'argus-edge';
import { createSimulator } from 'argus-sim';
import { createLogger } from '@argus/runtime';
import type { AlertRecord } from '@argus/contracts';
import { SseClient } from '../test/stream/sse-client.js';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const eventCount = Number(flag('events', '300'));
const sceneSeconds = Number(flag('scene-seconds', '150'));
const sceneFile = flag('scene', fileURLToPath(new URL('../../../shared/testdata/videos/intel_one-by-one-person-detection.mp4', import.meta.url)));
const logger = createLogger({ name: 'bench-alerts', level: 'warn' });
const edgeToken = 'bench-edge-token-0123456789abcdef';
const admin = { email: 'bench@argus.local', password: 'bench-password-0123456789' };

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const figures = (values: readonly number[]) => ({ p50Ms: Math.round(quantile(values, 0.5)), p95Ms: Math.round(quantile(values, 0.95)), p99Ms: Math.round(quantile(values, 0.99)) });

const work = await mkdtemp(join(tmpdir(), 'argus-bench-alerts-'));
await chmod(work, 0o755); // the embedded PostgreSQL may run as another user and must reach its folder
const pg = await startEmbeddedPostgres({ dir: join(work, 'pg'), durability: 'fast' });
const clouds: CloudService[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
try {
  for (const name of ['a', 'b']) {
    const cloud = createCloud(
      loadCloudConfig({ PORT: '0', DATABASE_URL: pg.url, ARGUS_DATA_DIR: join(work, name), ARGUS_EDGE_TOKEN: edgeToken, LOG_LEVEL: 'warn', ARGUS_ADMIN_EMAIL: admin.email, ARGUS_ADMIN_PASSWORD: admin.password }),
      { logger },
    );
    await cloud.start();
    clouds.push(cloud);
  }
  const [a, b] = clouds as [CloudService, CloudService];
  const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const session = { cookie };
  const edge = { authorization: `Bearer ${edgeToken}`, 'content-type': 'application/json' };
  await fetch(`${a.url}/api/cameras/bench-1`, { method: 'PUT', headers: edge, body: JSON.stringify({ name: 'Bench 1', siteId: 'site-1', streams: ['main', 'sub'] }) });
  const rule = await fetch(`${a.url}/api/rules`, { method: 'POST', headers: { ...session, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Motion', labels: ['motion'], severity: 'medium', cooldownSeconds: 0 }) });
  if (rule.status !== 201) throw new Error(`rule: ${rule.status} ${await rule.text()}`);

  // 1 and 2: ingest → stream, on A and on B.
  const onA = await SseClient.open(`${a.url}/api/stream`, session);
  const onB = await SseClient.open(`${b.url}/api/stream`, session);
  cleanups.push(() => onA.close(), () => onB.close());
  const local: number[] = [];
  const cross: number[] = [];
  const isAlertFor = (eventId: string) => (m: { event: string; data: string }) => m.event === 'alert' && (JSON.parse(m.data) as AlertRecord).eventId === eventId && (JSON.parse(m.data) as AlertRecord).state === 'open';
  for (let i = 0; i < eventCount; i++) {
    const id = `0b1c2d3e-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
    // From the batch leaving the agent's side (an upper bound of "accepted by the cloud": the alert is published before the answer).
    const accepted = performance.now();
    const response = await fetch(`${a.url}/api/events`, { method: 'POST', headers: edge, body: JSON.stringify({ events: [{ id, phase: 'start', cameraId: 'bench-1', label: 'motion', score: 1, startedAt: new Date().toISOString() }] }) });
    if (!response.ok) throw new Error(`events: ${response.status}`);
    await response.arrayBuffer();
    await onA.nextWhere(isAlertFor(id), 5000);
    local.push(performance.now() - accepted);
    await onB.nextWhere(isAlertFor(id), 5000);
    cross.push(performance.now() - accepted);
  }

  // 3: scene → alert, with a real agent and simulated camera.
  const scene: number[] = [];
  if (existsSync(sceneFile) && sceneSeconds > 0) {
    const sim = createSimulator({ cameras: [{ id: 'scene-1', scene: { kind: 'file', path: sceneFile } }], port: 0, onvifPort: 0, logger });
    await sim.start();
    cleanups.push(() => sim.stop());
    const agent = createEdgeAgent(
      parseEdgeConfig({
        cloud: { url: a.url, token: edgeToken }, dataDir: join(work, 'edge'), metrics: { port: 0 }, inference: { endpoint: 'off' },
        cameras: [{ id: 'scene-1', name: 'Scene 1', main: sim.cameraUrls('scene-1').main, sub: sim.cameraUrls('scene-1').sub }],
      }),
      { logger },
    );
    await agent.start();
    cleanups.push(() => agent.stop());
    const camera = sim.camera('scene-1');
    const hangMs = 3000; // the agent's default: motion after less quiet than this belongs to the same event
    const onsets: number[] = [];
    let lastMotionAt = Number.NEGATIVE_INFINITY;
    let wasMoving = false;
    const started = Date.now();
    const watch = setInterval(() => {
      const now = Date.now();
      const moving = camera.motionSource.isMotion(now);
      if (moving && !wasMoving && now - lastMotionAt >= hangMs && now - started > 5000) onsets.push(now);
      if (moving) lastMotionAt = now;
      wasMoving = moving;
    }, 5);
    cleanups.push(() => clearInterval(watch));
    const alertsAt: number[] = [];
    const deadline = started + sceneSeconds * 1000;
    while (Date.now() < deadline) {
      try {
        const m = await onA.nextWhere((msg) => msg.event === 'alert' && (JSON.parse(msg.data) as AlertRecord).cameraId === 'scene-1' && (JSON.parse(msg.data) as AlertRecord).state === 'open', deadline - Date.now());
        void m;
        alertsAt.push(Date.now());
      } catch {
        break;
      }
    }
    clearInterval(watch);
    // Each alert against the latest onset before it (within 10 s); onsets the detector merged into an earlier event
    // (motion again within its hang time) raise no alert of their own and are counted apart.
    for (const alert of alertsAt) {
      const onset = onsets.filter((t) => t <= alert).at(-1);
      if (onset !== undefined && alert - onset < 10_000) scene.push(alert - onset);
    }
    process.stderr.write(`bench-alerts: scene ${sceneFile.split('/').pop()}: ${onsets.length} ground-truth onsets, ${alertsAt.length} alerts, ${scene.length} matched\n`);
  } else {
    process.stderr.write(`bench-alerts: no scene clip at ${sceneFile}: sceneToAlert skipped\n`);
  }

  const ingest = figures(local);
  const replica = figures(cross);
  const sceneFig = { p50Ms: Math.round(quantile(scene, 0.5)), p95Ms: Math.round(quantile(scene, 0.95)), samples: scene.length };
  console.log(`\nbench:alerts, ${eventCount} events, two replicas on one PostgreSQL (embedded), this machine:`);
  console.log('| path | p50 ms | p95 ms | p99 ms | samples |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(`| event batch sent → alert on the same replica's stream | ${ingest.p50Ms} | ${ingest.p95Ms} | ${ingest.p99Ms} | ${local.length} |`);
  console.log(`| event batch sent → alert on the other replica's stream | ${replica.p50Ms} | ${replica.p95Ms} | ${replica.p99Ms} | ${cross.length} |`);
  console.log(`| motion starts in the scene (ground truth) → alert on the stream | ${sceneFig.p50Ms} | ${sceneFig.p95Ms} | – | ${scene.length} |`);
  console.log(JSON.stringify({ ingestToStream: ingest, crossReplica: replica, sceneToAlert: sceneFig }));
} finally {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  for (const c of clouds.reverse()) await c.stop().catch(() => undefined);
  await pg.stop().catch(() => undefined);
  await rm(work, { recursive: true, force: true });
}
