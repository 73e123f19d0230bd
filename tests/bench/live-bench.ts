/**
 * bench:live — glass-to-glass latency and time to first frame of the
 * low-latency live view, through the whole path: 16 simulated cameras
 * stamping each access unit with its send time (an SEI NAL unit, core's
 * send-time-sei.ts) → edge agent (copy-only RTMP push on live-start) →
 * cloud relay (fMP4 over a WebSocket) → real Chromium (MSE). The page reads
 * the stamp of the frame it displays (requestVideoFrameCallback) and
 * subtracts it from the display time: one machine, one clock, and no part
 * of the pipeline reports its own timing.
 *
 * Phases: 1 tile (main stream, a large view), opened cold `--starts` times
 * (no live session running; first frame p95 over the starts), then 16
 * tiles (sub stream, a grid) opened cold at once; glass-to-glass over
 * `--seconds` of each phase after its first frames. Measuring starts once
 * every camera records (a site in service, not one still starting up).
 *
 *   npm run bench:live -- [--seconds 20] [--starts 5] [--transport auto|hls]
 *
 * Ends with one JSON line:
 *   { "tiles": { "1": { glassToGlassP50Ms, glassToGlassP95Ms, firstFrameMs }, "16": {…} } }
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createCloud, loadCloudConfig, startEmbeddedPostgres, type CloudService } from 'argus-cloud';
import { createEdgeAgent, parseEdgeConfig, type EdgeAgent } from 'argus-edge';
import { createLogger, delay } from '@argus/runtime';
import { createSimulator } from 'argus-sim';
import { findChromium } from '../support/browser.js';
import { percentile, signInFromPage, writeLiveBenchPage, type TileResult } from './live-bench-harness.js';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const seconds = Number(flag('seconds', '20'));
const starts = Math.max(1, Number(flag('starts', '5')));
const transport = flag('transport', 'auto') === 'hls' ? 'hls' : 'auto';
const phases = flag('phases', '1,16').split(',').map(Number).filter((n) => n === 1 || n === 16);
const CAMERAS = 16;
const IDLE_SECONDS = 3; // grace period after the last viewer: short, so the 16-tile phase starts cold

const logger = createLogger({ name: 'bench-live', level: process.env.LOG_LEVEL ?? 'warn' });
const work = await mkdtemp(join(tmpdir(), 'argus-bench-live-'));
await chmod(work, 0o755); // embedded PostgreSQL runs as its own user when we are root
const admin = { email: 'bench@argus.test', password: `bench-${randomBytes(8).toString('hex')}` };
const edgeToken = randomBytes(24).toString('hex');
const cameraIds = Array.from({ length: CAMERAS }, (_, i) => `cam-${i + 1}`);
const chromiumPath = findChromium();
if (!chromiumPath) throw new Error('bench:live needs Chromium (/usr/bin/chromium or CHROMIUM_PATH)');

const stops: Array<() => Promise<unknown>> = [() => rm(work, { recursive: true, force: true })];
const stopAll = async (): Promise<void> => { for (const stop of stops.reverse()) await stop().catch(() => undefined); };

try {
  const postgres = await startEmbeddedPostgres({ dir: join(work, 'pg'), durability: 'fast' });
  stops.push(() => postgres.stop());
  const sim = createSimulator({ cameras: cameraIds.map((id) => ({ id })), port: 0, stampSendTime: true, cacheDir: join(tmpdir(), 'argus-sim-cache'), logger });
  await sim.start();
  stops.push(() => sim.stop());
  await mkdir(join(work, 'page'));
  await writeLiveBenchPage(join(work, 'page'));
  const cloud: CloudService = createCloud(loadCloudConfig({
    ARGUS_CONSOLE_DIR: join(work, 'page'),
    PORT: '0', DATABASE_URL: postgres.url, ARGUS_DATA_DIR: join(work, 'cloud'), ARGUS_EDGE_TOKEN: edgeToken, LOG_LEVEL: 'warn',
    ARGUS_ADMIN_EMAIL: admin.email, ARGUS_ADMIN_PASSWORD: admin.password, ARGUS_RETENTION_INTERVAL_SECONDS: '0',
    ARGUS_RTMP_PORT: '0', ARGUS_LIVE_IDLE_SECONDS: String(IDLE_SECONDS),
  }), { logger });
  await cloud.start();
  stops.push(() => cloud.stop());
  const edge: EdgeAgent = createEdgeAgent(parseEdgeConfig({
    cloud: { url: cloud.url, token: edgeToken },
    dataDir: join(work, 'edge'),
    segmentSeconds: 4,
    inference: { endpoint: 'off' },
    cameras: cameraIds.map((id) => ({ id, name: `Camera ${id.slice(4)}`, main: sim.cameraUrls(id).main, sub: sim.cameraUrls(id).sub })),
  }), { logger });
  await edge.start();
  stops.push(() => edge.stop());
  // The cameras must be known to the cloud and the control channel open before a tile can ask.
  for (const deadline = Date.now() + 60_000; cloud.app.argus.controlHub.connectedAgents().length === 0 || (await cloud.app.inject({ method: 'GET', url: `/api/cameras/${cameraIds.at(-1)}/segments?from=0&to=${Date.now() + 60_000}`, headers: { authorization: `Bearer ${edgeToken}` } })).statusCode === 404;) {
    if (Date.now() > deadline) throw new Error('the edge did not announce its cameras within 60 s');
    await delay(250); // nothing to wait on but the cloud's view
  }

  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'] });
  stops.push(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 760 } })).newPage();
  // The page's warnings (a tile falling back to HLS, an append failing) belong in the report.
  page.on('console', (message) => { if (message.type() === 'warning' || message.type() === 'error') console.error(`page: ${message.text()}`); });
  await page.goto(`${cloud.url}/index.html`);
  await page.waitForFunction(() => 'liveBench' in globalThis);
  await signInFromPage(page, admin);

  // A site in service: every camera recording (its first segment indexed) before the first click.
  const login = await cloud.app.inject({ method: 'POST', url: '/api/auth/login', payload: admin });
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  for (const deadline = Date.now() + 90_000; ;) {
    const counts = await Promise.all(cameraIds.map(async (id) => (await cloud.app.inject({ method: 'GET', url: `/api/cameras/${id}/segments?from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`, headers: { cookie } })).json<{ segments?: unknown[] }>().segments?.length ?? 0));
    if (counts.every((n) => n > 0)) break;
    if (Date.now() > deadline) throw new Error('not every camera recorded within 90 s');
    await delay(500); // nothing to wait on but the index
  }

  // The page's liveBench (live-bench-page.ts).
  const startTiles = (ids: string[], s: string): Promise<void> => page.evaluate(([i, st, t]) => (globalThis as unknown as { liveBench: { start(ids: string[], s: string, t: string): void } }).liveBench.start(i, st, t), [ids, s, transport] as const);
  const results = (): Promise<TileResult[]> => page.evaluate(() => (globalThis as unknown as { liveBench: { results(): TileResult[] } }).liveBench.results());
  const resetSamples = (): Promise<void> => page.evaluate(() => (globalThis as unknown as { liveBench: { resetSamples(): void } }).liveBench.resetSamples());
  const stopTiles = (): Promise<void> => page.evaluate(() => (globalThis as unknown as { liveBench: { stopAll(): void } }).liveBench.stopAll());
  const coldStart = async (): Promise<void> => {
    for (const deadline = Date.now() + (IDLE_SECONDS + 10) * 1000; cloud.app.argus.live.active().length > 0;) {
      if (Date.now() > deadline) throw new Error(`live sessions still open: ${cloud.app.argus.live.active().join(', ')}`);
      await delay(200); // the sweep closes them; nothing to wait on in-process
    }
  };

  const figures: Record<string, { glassToGlassP50Ms: number; glassToGlassP95Ms: number; firstFrameMs: number }> = {};
  for (const [count, stream] of ([[1, 'main'], [CAMERAS, 'sub']] as const).filter(([n]) => phases.includes(n))) {
    const rounds = count === 1 ? starts : 1;
    const firstFrames: number[] = [];
    const firstData: number[] = [];
    const samples: number[] = [];
    const missing: string[] = [];
    const transports = new Set<string>();
    const loads: string[] = [];
    for (let round = 0; round < rounds; round++) {
      await coldStart();
      loads.push(loadavg()[0]!.toFixed(2));
      await startTiles(cameraIds.slice(0, count), stream);
      for (const deadline = Date.now() + 20_000; (await results()).some((r) => r.firstFrameMs === null);) {
        if (Date.now() > deadline) break;
        await delay(200);
      }
      // Measure after every tile has settled at the live edge; the window is shared among the rounds.
      await delay(2000);
      await resetSamples();
      await delay(Math.max(3, seconds / rounds) * 1000);
      const done = await results();
      await stopTiles();
      samples.push(...done.flatMap((r) => r.samples));
      firstFrames.push(...done.map((r) => r.firstFrameMs ?? Infinity));
      firstData.push(...done.map((r) => r.firstDataMs ?? Infinity));
      missing.push(...done.filter((r) => r.firstFrameMs === null).map((r) => r.cameraId));
      for (const r of done) transports.add(r.transport);
    }
    figures[String(count)] = {
      glassToGlassP50Ms: Math.round(percentile(samples, 50)),
      glassToGlassP95Ms: Math.round(percentile(samples, 95)),
      firstFrameMs: Math.round(percentile(firstFrames, 95)),
    };
    console.log(`${count} tile(s), ${stream} stream over ${[...transports].join(',')}: glass-to-glass p50 ${figures[String(count)]!.glassToGlassP50Ms} ms, p95 ${figures[String(count)]!.glassToGlassP95Ms} ms (${samples.length} frames); first frame p50 ${Math.round(percentile(firstFrames, 50))} ms, p95 ${figures[String(count)]!.firstFrameMs} ms, max ${Math.round(Math.max(...firstFrames))} ms over ${firstFrames.length} cold start(s) (of which to the first bytes: p50 ${Math.round(percentile(firstData, 50))} ms, max ${Math.round(Math.max(...firstData))} ms)${missing.length ? `; no frame: ${missing.join(', ')}` : ''}; load average ${loads.join(', ')} on ${cpus().length} cores`);
  }
  console.log(JSON.stringify({ tiles: figures }));
} finally {
  await stopAll();
}
