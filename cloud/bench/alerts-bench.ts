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
 *   agent detects motion on its sub stream and sends events to A. Each open
 *   alert on A's stream is paired with the ground-truth motion its event
 *   started in (the latest onset at or before the event's start, give or
 *   take 250 ms of clock skew, each onset once, within 10 s), and the time
 *   from that onset to the alert is a sample. Alerts without a new onset and
 *   onsets without an alert are counted and printed apart.
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
    // Every start of ground-truth motion, and whether it came after the hang time of quiet (a new event is due).
    const onsets: Array<{ at: number; afterQuiet: boolean }> = [];
    let lastMotionAt = Number.NEGATIVE_INFINITY;
    let wasMoving = false;
    const started = Date.now();
    const watch = setInterval(() => {
      const now = Date.now();
      const moving = camera.motionSource.isMotion(now);
      if (moving && !wasMoving && now - started > 5000) onsets.push({ at: now, afterQuiet: now - lastMotionAt >= hangMs });
      if (moving) lastMotionAt = now;
      wasMoving = moving;
    }, 5);
    cleanups.push(() => clearInterval(watch));
    const alerts: Array<{ at: number; eventStartedAt: number }> = [];
    const deadline = started + sceneSeconds * 1000;
    while (Date.now() < deadline) {
      try {
        let opened: AlertRecord | undefined;
        await onA.nextWhere((msg) => {
          if (msg.event !== 'alert') return false;
          const alert = JSON.parse(msg.data) as AlertRecord;
          if (alert.cameraId !== 'scene-1' || alert.state !== 'open') return false;
          opened = alert;
          return true;
        }, deadline - Date.now());
        alerts.push({ at: Date.now(), eventStartedAt: Date.parse(opened!.eventStartedAt) });
      } catch {
        break;
      }
    }
    clearInterval(watch);
    // Each alert belongs to the ground-truth motion its event started in: the latest onset at or before the
    // event's start (the agent's clock is this machine's). An onset is counted once; an alert whose event
    // started in no new motion (the detector split what the truth holds as one spell) is counted apart,
    // as is an onset after quiet that raised no alert (the detector's event was still open, or the motion
    // was too brief to confirm).
    // The agent stamps a frame on its own clock, which may lead the simulator's scene clock by up to a detect frame.
    const STAMP_SLACK_MS = 250;
    const used = new Set<number>();
    let extra = 0;
    for (const alert of alerts) {
      const i = onsets.findLastIndex((o) => o.at <= alert.eventStartedAt + STAMP_SLACK_MS);
      if (i < 0 || used.has(i) || alert.at - onsets[i]!.at > 10_000) {
        extra++;
        continue;
      }
      used.add(i);
      scene.push(alert.at - onsets[i]!.at);
    }
    const missed = onsets.filter((o, i) => o.afterQuiet && !used.has(i) && o.at < deadline - 10_000).length;
    const clock = (t: number) => ((t - started) / 1000).toFixed(2);
    process.stderr.write(
      `bench-alerts: scene ${sceneFile.split('/').pop()}: ${onsets.filter((o) => o.afterQuiet).length} ground-truth onsets after quiet (${onsets.length} starts of motion), ` +
        `${alerts.length} alerts, ${scene.length} matched, ${extra} without a new onset, ${missed} onsets without an alert\n`,
    );
    process.stderr.write(`bench-alerts: onsets at ${onsets.map((o) => `${clock(o.at)}${o.afterQuiet ? '' : '*'}`).join(' ')} s (* less than the hang time after motion)\n`);
    process.stderr.write(`bench-alerts: alerts at ${alerts.map((a) => `${clock(a.at)} (event ${clock(a.eventStartedAt)})`).join(' ')} s\n`);
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
