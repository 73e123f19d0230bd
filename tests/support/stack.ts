import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCloud, loadCloudConfig, type CloudService } from 'argus-cloud';
import type { SegmentRecord } from '@argus/contracts';
import { createEdgeAgent, parseEdgeConfig, type EdgeAgent } from 'argus-edge';
import { createLogger, delay, type Logger } from '@argus/runtime';
import { createSimulator, type Simulator } from 'argus-sim';
import { createTestDatabase, type TestDatabase } from './database.js';
import { seedAdminToken, TEST_ADMIN_TOKEN, testAdminEnv } from './test-admin.js';

/**
 * The whole recording path in one process, as `npm start` wires it: simulated
 * cameras (with credentials) → edge agent → cloud (file store) on a fresh
 * database. Every log line of every part is captured, after redaction, in
 * `logLines`.
 */
export interface Stack {
  readonly cloud: CloudService;
  readonly sim: Simulator;
  readonly edge: EdgeAgent;
  readonly cameraIds: readonly string[];
  /** The simulated cameras' password: it must never reach a log line. */
  readonly cameraPassword: string;
  readonly edgeToken: string;
  /** The stack's PostgreSQL database (a second cloud replica joins it). */
  readonly databaseUrl: string;
  /** Bearer headers of the cloud's first admin (tests/support/test-admin.ts). */
  readonly adminHeaders: Readonly<Record<string, string>>;
  readonly logLines: string[];
  readonly logger: Logger;
  segments(cameraId: string, from?: number, to?: number): Promise<SegmentRecord[]>;
  /** Resolves once `cameraId` has at least `count` indexed segments starting at or after `since`. */
  waitForSegments(cameraId: string, count: number, options?: { since?: number; timeoutMs?: number }): Promise<SegmentRecord[]>;
  stop(): Promise<void>;
}

export interface StackOptions {
  readonly cameras: number;
  readonly segmentSeconds?: number;
  /** How many of the simulated cameras the edge records from the start (default: all). */
  readonly recordedCameras?: number;
  /** Extra cloud environment (e.g. `ARGUS_LIVE_IDLE_SECONDS`). */
  readonly cloudEnv?: Readonly<Record<string, string>>;
}

export const SCENE_CACHE_DIR = join(tmpdir(), 'argus-sim-cache');

export async function startStack(options: StackOptions): Promise<Stack> {
  const logLines: string[] = [];
  const echo = process.env.ARGUS_TEST_LOGS === '1';
  const logger = createLogger({
    name: 'argus-test',
    level: 'debug',
    destination: {
      write(line: string) {
        logLines.push(line);
        if (echo) process.stdout.write(line);
      },
    },
  });
  const cameraIds = Array.from({ length: options.cameras }, (_, i) => `cam-${i + 1}`);
  const cameraPassword = `pw-${randomBytes(6).toString('hex')}`;
  const edgeToken = randomBytes(24).toString('hex');
  const dataDir = await mkdtemp(join(tmpdir(), 'argus-stack-'));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(dataDir, { recursive: true, force: true })];
  const cleanup = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) await fn();
  };

  try {
    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.drop());

    const sim = createSimulator({
      cameras: cameraIds.map((id) => ({ id, username: 'admin', password: cameraPassword })),
      port: 0,
      cacheDir: SCENE_CACHE_DIR,
      logger,
    });
    await sim.start();
    cleanups.push(() => sim.stop());

    const cloud = createCloud(
      loadCloudConfig({
        PORT: '0',
        DATABASE_URL: db.url,
        ARGUS_DATA_DIR: join(dataDir, 'cloud'),
        ARGUS_EDGE_TOKEN: edgeToken,
        LOG_LEVEL: 'debug',
        ARGUS_RTMP_PORT: '0', // a live session's relay takes any free port
        ...testAdminEnv,
        ...options.cloudEnv,
      }),
      { logger },
    );
    await cloud.start();
    cleanups.push(() => cloud.stop());
    await seedAdminToken(db.url, options.cloudEnv?.ARGUS_ADMIN_EMAIL);
    const adminHeaders = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

    const edge = createEdgeAgent(
      parseEdgeConfig({
        cloud: { url: cloud.url, token: edgeToken },
        dataDir: join(dataDir, 'edge'),
        segmentSeconds: options.segmentSeconds ?? 2,
        stallTimeoutMs: 8000,
        restart: { initialMs: 500, maxMs: 3000, jitter: 0.2 },
        retry: { initialMs: 200, maxMs: 2000, jitter: 0.2 },
        // Object detection loads the model in the cloud: the stack's tests are about recording, motion and the console.
        inference: { endpoint: 'off' },
        cameras: cameraIds.slice(0, options.recordedCameras ?? cameraIds.length).map((id) => ({ id, name: `Camera ${id.slice(4)}`, main: sim.cameraUrls(id).main, sub: sim.cameraUrls(id).sub })),
      }),
      { logger },
    );
    await edge.start();
    cleanups.push(() => edge.stop());

    const segments = async (cameraId: string, from = Date.now() - 3_600_000, to = Date.now() + 60_000): Promise<SegmentRecord[]> => {
      const url = `${cloud.url}/api/cameras/${cameraId}/segments?from=${from}&to=${to}`;
      const response = await fetch(url, { headers: adminHeaders });
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { segments: SegmentRecord[] }).segments;
    };

    return {
      cloud, sim, edge, cameraIds, cameraPassword, edgeToken, databaseUrl: db.url, adminHeaders, logLines, logger, segments,
      async waitForSegments(cameraId, count, { since = 0, timeoutMs = 60_000 } = {}) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          // Until the edge has announced the camera, the cloud answers 404: that is "none yet".
          const listed = await segments(cameraId).catch((err: unknown) => {
            if (String(err).includes('CLD_ERR_CAMERA_NOT_FOUND')) return [];
            throw err;
          });
          const found = listed.filter((s) => Date.parse(s.startsAt) >= since);
          if (found.length >= count) return found;
          if (Date.now() > deadline) {
            throw new Error(`${cameraId}: ${found.length} of ${count} segments after ${timeoutMs} ms; edge status ${JSON.stringify(edge.status())}`);
          }
          await delay(250);
        }
      },
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
