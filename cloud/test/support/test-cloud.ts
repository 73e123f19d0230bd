import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { segmentKey, type StreamName } from '@argus/core';
import { createLogger, type Logger } from '@argus/runtime';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/database.js';
import { seedAdminToken, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, TEST_ADMIN_TOKEN } from '../../../tests/support/test-admin.js';
import { buildApp, type AppDeps, type CloudApp } from '../../src/app.js';
import { loadCloudConfig, type CloudConfig, type Env } from '../../src/config.js';
import { bootstrapAccounts } from '../../src/auth/bootstrap.js';
import { migrate } from '../../src/db/migrate.js';
import { FileObjectStore } from '../../src/object-store/file-object-store.js';
import type { ObjectStore } from '../../src/object-store/object-store.js';
import { openPool } from '../../src/db/pool.js';

export const EDGE_TOKEN = 'test-edge-token-0123456789abcdef';
export const edgeHeaders = { authorization: `Bearer ${EDGE_TOKEN}` } as const;
/** The first admin of the default organisation, created at start, and an API token of theirs (tests/support/test-admin.ts). */
export const ADMIN_EMAIL = TEST_ADMIN_EMAIL;
export const ADMIN_PASSWORD = TEST_ADMIN_PASSWORD;
export const ADMIN_TOKEN = TEST_ADMIN_TOKEN;
export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` } as const;
export const silentLogger = createLogger({ name: 'argus-cloud-test', level: 'silent' });

export interface TestCloud {
  readonly app: CloudApp;
  readonly pool: pg.Pool;
  readonly store: ObjectStore;
  readonly config: CloudConfig;
  readonly db: TestDatabase;
  readonly dataDir: string;
  /** The app's clock; tests move it. */
  readonly clock: { now: number };
  close(): Promise<void>;
}

/**
 * The cloud app on a fresh database of the run's PostgreSQL, with a file
 * store in a temp dir (or the given store), driven with inject().
 */
export async function startTestCloud(options: { store?: (dataDir: string, config: CloudConfig) => ObjectStore; env?: Env; logger?: Logger; objectDetector?: AppDeps['objectDetector'] } = {}): Promise<TestCloud> {
  const db = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'argus-cloud-test-'));
  const config = loadCloudConfig({
    ARGUS_EDGE_TOKEN: EDGE_TOKEN,
    ARGUS_ADMIN_EMAIL: ADMIN_EMAIL,
    ARGUS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ARGUS_DATA_DIR: dataDir,
    ARGUS_CONSOLE_DIR: path.join(dataDir, 'no-console'),
    ARGUS_RETENTION_INTERVAL_SECONDS: '0', // runs only when a test asks
    DATABASE_URL: db.url,
    ...options.env,
  });
  // A connection ended under it (the database dropped at close, a test terminating backends) is no error of the test's.
  const pool = openPool({ connectionString: db.url, max: 4 });
  await migrate(pool);
  await bootstrapAccounts(pool, config.auth, options.logger ?? silentLogger);
  await seedAdminToken(pool);
  const store = options.store?.(dataDir, config) ?? new FileObjectStore(path.join(dataDir, 'objects'), config.mediaSecret);
  await store.init();
  const clock = { now: Date.now() };
  // The health checker's timer stays off: tests run passes with app.argus.healthChecker.checkOnce().
  const app = await buildApp({ config, pool, store, logger: options.logger ?? silentLogger, now: () => clock.now, startHealthChecker: false, ...(options.objectDetector ? { objectDetector: options.objectDetector } : {}) });
  return {
    app, pool, store, config, db, dataDir, clock,
    async close() {
      await app.close();
      await pool.end();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Deterministic stand-in for a TS segment: the content does not matter to the index. */
export function segmentBytes(size: number, seed: number): Buffer {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = (i * 31 + seed * 17) & 0xff;
  return buf;
}

export interface TestSegment {
  readonly cameraId: string;
  readonly stream: StreamName;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly key: string;
  readonly content: Buffer;
}

export function testSegment(input: { cameraId?: string; stream?: StreamName; startsAt: number; durationMs?: number; size?: number; seed?: number; orgId?: string }): TestSegment {
  const cameraId = input.cameraId ?? 'cam-1';
  const stream = input.stream ?? 'main';
  const content = segmentBytes(input.size ?? 1024, input.seed ?? input.startsAt % 251);
  return {
    cameraId,
    stream,
    startsAt: new Date(input.startsAt).toISOString(),
    endsAt: new Date(input.startsAt + (input.durationMs ?? 4000)).toISOString(),
    bytes: content.length,
    sha256: sha256(content),
    key: segmentKey({ orgId: input.orgId ?? 'default', cameraId, stream, startsAt: input.startsAt }),
    content,
  };
}

/** The registration body of a test segment. */
export function registration(s: TestSegment): Omit<TestSegment, 'content'> {
  const { content: _content, ...body } = s;
  return body;
}

export async function putCamera(app: CloudApp, id = 'cam-1', streams: StreamName[] = ['main', 'sub'], headers: Record<string, string> = edgeHeaders, siteId = 'site-1'): Promise<void> {
  const res = await app.inject({ method: 'PUT', url: `/api/cameras/${id}`, headers, payload: { name: `Camera ${id}`, siteId, streams } });
  if (res.statusCode !== 200) throw new Error(`camera upsert failed: ${res.statusCode} ${res.body}`);
}

/** The edge's path for one segment against the file store: presign, PUT the bytes, register. */
export async function uploadAndRegister(app: CloudApp, s: TestSegment, headers: Record<string, string> = edgeHeaders): Promise<{ statusCode: number; body: string }> {
  const presign = await app.inject({ method: 'POST', url: '/api/uploads', headers, payload: { key: s.key, bytes: s.bytes, sha256: s.sha256 } });
  if (presign.statusCode !== 200) throw new Error(`presign failed: ${presign.statusCode} ${presign.body}`);
  const target = presign.json<{ url: string; headers: Record<string, string> }>();
  const url = new URL(target.url);
  const put = await app.inject({ method: 'PUT', url: `${url.pathname}${url.search}`, headers: target.headers, payload: s.content });
  if (put.statusCode !== 200) throw new Error(`upload failed: ${put.statusCode} ${put.body}`);
  return app.inject({ method: 'POST', url: '/api/segments', headers, payload: registration(s) });
}

export async function countSegments(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('select count(*) as n from segments');
  return Number(rows[0]?.n);
}

/** Creates a site and enrolls an agent in it; returns the agent's bearer headers. */
export async function enrollAgent(app: CloudApp, siteId: string, name = `agent of ${siteId}`): Promise<{ agentId: string; credential: string; headers: Record<string, string> }> {
  const site = await app.inject({ method: 'POST', url: '/api/sites', headers: adminHeaders, payload: { id: siteId, name: `Site ${siteId}` } });
  if (site.statusCode !== 201 && site.statusCode !== 409) throw new Error(`site creation failed: ${site.statusCode} ${site.body}`);
  const issued = await app.inject({ method: 'POST', url: `/api/sites/${siteId}/enrollment-tokens`, headers: adminHeaders, payload: { expiresInSeconds: 600 } });
  if (issued.statusCode !== 201) throw new Error(`token issue failed: ${issued.statusCode} ${issued.body}`);
  const enrolled = await app.inject({ method: 'POST', url: '/api/agents/enroll', payload: { token: issued.json<{ token: string }>().token, name, version: 'test' } });
  if (enrolled.statusCode !== 201) throw new Error(`enroll failed: ${enrolled.statusCode} ${enrolled.body}`);
  const { agentId, credential } = enrolled.json<{ agentId: string; credential: string }>();
  return { agentId, credential, headers: { authorization: `Bearer ${credential}` } };
}

/** Signs in through the API; returns the Cookie header of the new session. */
export async function login(app: CloudApp, email: string, password: string): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'argus_session');
  if (!cookie) throw new Error('login set no session cookie');
  return { cookie: `argus_session=${cookie.value}` };
}

/** Creates a user (as the test admin, or `as`) and signs them in; returns their id and session headers. */
export async function userSession(
  app: CloudApp,
  input: { email: string; role: 'admin' | 'operator' | 'integrator' | 'viewer'; siteIds?: string[] | null; password?: string },
  as: Record<string, string> = adminHeaders,
): Promise<{ id: string; headers: Record<string, string> }> {
  const password = input.password ?? `pw-${input.email}-0123456789`;
  const res = await app.inject({ method: 'POST', url: '/api/users', headers: as, payload: { email: input.email, password, role: input.role, ...(input.siteIds === undefined ? {} : { siteIds: input.siteIds }) } });
  if (res.statusCode !== 201) throw new Error(`user creation failed: ${res.statusCode} ${res.body}`);
  return { id: res.json<{ user: { id: string } }>().user.id, headers: await login(app, input.email, password) };
}
