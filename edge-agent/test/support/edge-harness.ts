import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCloud, loadCloudConfig, type CloudService } from 'argus-cloud';
import type { SegmentRecord } from '@argus/contracts';
import { createLogger, delay, type Logger } from '@argus/runtime';
import { createSimulator, type SceneInput, type Simulator } from 'argus-sim';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/database.js';
import { seedAdminToken, testAdminEnv, testAdminHeaders } from '../../../tests/support/test-admin.js';
import { createEdgeAgent, parseEdgeConfig, type EdgeAgent, type EdgeConfig } from '../../src/index.js';

/**
 * Real parts for the edge agent's tests: simulated cameras, a cloud that can
 * be stopped and started again on the same port, database and object store
 * (an outage and its end, as the edge sees them), and agents on a shared
 * data folder. Everything is on 127.0.0.1 with ephemeral ports.
 */
export const SCENE_CACHE_DIR = join(tmpdir(), 'argus-sim-cache');

/** What every simulated camera of the harness asks for (and the agent's URLs carry). */
export const HARNESS_CREDENTIALS = { username: 'admin', password: 'pw-test' } as const;

export interface EdgeHarness {
  readonly sim: Simulator;
  readonly cameraIds: readonly string[];
  readonly cloudPort: number;
  readonly cloudUrl: string;
  readonly edgeToken: string;
  /** Bearer headers of the cloud's admin, for reading what the agent delivered. */
  readonly adminHeaders: Readonly<Record<string, string>>;
  readonly dataDir: string;
  readonly edgeDir: string;
  readonly logger: Logger;
  readonly logLines: string[];
  /** Starts the cloud (again) on `cloudPort` with the same database and object store. */
  startCloud(): Promise<CloudService>;
  stopCloud(): Promise<void>;
  config(overrides?: Record<string, unknown>): EdgeConfig;
  startAgent(overrides?: Record<string, unknown>): Promise<EdgeAgent>;
  segments(cameraId: string): Promise<SegmentRecord[]>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface EdgeHarnessOptions {
  readonly cameras: number;
  /** Scene of every camera; default the simulator's (the shared car clip). */
  readonly scene?: { kind: 'synthetic'; width: number; height: number; fps?: number; seconds?: number };
  /** Scene of single cameras by id, over `scene`: a built-in scene name, a file, or a full input. */
  readonly scenes?: Readonly<Record<string, string | SceneInput>>;
}

export async function startEdgeHarness(options: EdgeHarnessOptions): Promise<EdgeHarness> {
  const logLines: string[] = [];
  const echo = process.env.ARGUS_TEST_LOGS === '1';
  const logger = createLogger({
    name: 'edge-test',
    level: 'debug',
    destination: { write(line: string) { logLines.push(line); if (echo) process.stdout.write(line); } },
  });
  const cameraIds = Array.from({ length: options.cameras }, (_, i) => `cam-${i + 1}`);
  const edgeToken = randomBytes(24).toString('hex');
  const dataDir = await mkdtemp(join(tmpdir(), 'argus-edge-test-'));
  const edgeDir = join(dataDir, 'edge');
  const agents: EdgeAgent[] = [];
  let db: TestDatabase | undefined;
  let cloud: CloudService | undefined;
  let sim: Simulator | undefined;
  const cloudPort = await freePort();
  const since = Date.now() - 60_000;

  const stop = async (): Promise<void> => {
    for (const agent of agents.reverse()) await agent.stop().catch(() => undefined);
    await cloud?.stop().catch(() => undefined);
    await sim?.stop().catch(() => undefined);
    await db?.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    db = await createTestDatabase();
    sim = createSimulator({
      cameras: cameraIds.map((id) => {
        const scene = options.scenes?.[id] ?? options.scene;
        return { id, username: HARNESS_CREDENTIALS.username, password: HARNESS_CREDENTIALS.password, ...(scene ? { scene } : {}) };
      }),
      port: 0,
      cacheDir: SCENE_CACHE_DIR,
      logger,
    });
    await sim.start();
    const harness: EdgeHarness = {
      sim, cameraIds, cloudPort, cloudUrl: `http://127.0.0.1:${cloudPort}`, edgeToken, adminHeaders: testAdminHeaders, dataDir, edgeDir, logger, logLines,
      async startCloud() {
        cloud = createCloud(
          loadCloudConfig({ PORT: String(cloudPort), HOST: '127.0.0.1', DATABASE_URL: db!.url, ARGUS_DATA_DIR: join(dataDir, 'cloud'), ARGUS_EDGE_TOKEN: edgeToken, LOG_LEVEL: 'info', ...testAdminEnv }),
          { logger },
        );
        await cloud.start();
        await seedAdminToken(db!.url);
        return cloud;
      },
      async stopCloud() {
        await cloud?.stop();
        cloud = undefined;
      },
      config(overrides = {}) {
        return parseEdgeConfig({
          cloud: { url: `http://127.0.0.1:${cloudPort}`, token: edgeToken, timeoutMs: 5000 },
          dataDir: edgeDir,
          segmentSeconds: 2,
          restart: { initialMs: 300, maxMs: 2000, jitter: 0.2 },
          retry: { initialMs: 200, maxMs: 1500, jitter: 0.2 },
          storage: { maxBytes: 1024 ** 3, minFreeBytes: 0 },
          uplink: { shutdownDrainMs: 2000 },
          metrics: { port: 0 },
          // Object detection loads the model in the cloud: only the tests about it turn it on.
          inference: { endpoint: 'off' },
          cameras: cameraIds.map((id) => ({ id, name: `Camera ${id}`, main: sim!.cameraUrls(id).main })),
          ...overrides,
        });
      },
      async startAgent(overrides) {
        const agent = createEdgeAgent(harness.config(overrides), { logger });
        agents.push(agent);
        await agent.start();
        return agent;
      },
      async segments(cameraId) {
        const response = await fetch(`http://127.0.0.1:${cloudPort}/api/cameras/${cameraId}/segments?from=${since}&to=${Date.now() + 60_000}`, { headers: testAdminHeaders });
        if (response.status === 404) return [];
        if (!response.ok) throw new Error(`segments of ${cameraId}: ${response.status} ${await response.text()}`);
        return ((await response.json()) as { segments: SegmentRecord[] }).segments;
      },
      stop,
    };
    return harness;
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(everyMs);
  }
}

/** Actual bytes of the files under `dir` (what `du --apparent-size` says). */
export async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (!info) continue;
    total += info.isDirectory() ? await bytesUnder(join(dir, name)) : info.size;
  }
  return total;
}
