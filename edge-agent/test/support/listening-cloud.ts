import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCloud, loadCloudConfig, type CloudService } from 'argus-cloud';
import { createLogger, type Logger } from '@argus/runtime';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/database.js';
import { seedAdminToken, TEST_ADMIN_TOKEN, testAdminEnv } from '../../../tests/support/test-admin.js';

export const EDGE_TOKEN = 'edge-test-token-0123456789abcdef';
export const ADMIN_TOKEN = TEST_ADMIN_TOKEN;
export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

/** Log lines captured for assertions (JSON strings). */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ name: 'edge-test', level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}

export interface ListeningCloud {
  readonly cloud: CloudService;
  readonly url: string;
  /** Stops the cloud and starts it again on the same port and database. */
  restart(): Promise<void>;
  /** Creates a site and an enrollment token for it (admin API). */
  enrollmentToken(siteId: string, expiresInSeconds?: number): Promise<string>;
  close(): Promise<void>;
}

/** A real cloud (createCloud) on an ephemeral port with a fresh database and file store. */
export async function startListeningCloud(options: { logger?: Logger; env?: Record<string, string> } = {}): Promise<ListeningCloud> {
  const db: TestDatabase = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'argus-edge-cloud-'));
  const logger = options.logger ?? createLogger({ name: 'cloud', level: 'silent' });
  const env = (port: string) => ({
    PORT: port, DATABASE_URL: db.url, ARGUS_DATA_DIR: dataDir, ARGUS_CONSOLE_DIR: join(dataDir, 'none'),
    ARGUS_EDGE_TOKEN: EDGE_TOKEN, ...testAdminEnv, LOG_LEVEL: 'silent', ...options.env,
  });
  let cloud = createCloud(loadCloudConfig(env('0')), { logger });
  await cloud.start();
  await seedAdminToken(db.url);
  const port = cloud.port;
  const url = cloud.url;
  return {
    get cloud() {
      return cloud;
    },
    url,
    async restart() {
      await cloud.stop();
      cloud = createCloud(loadCloudConfig(env(String(port))), { logger });
      await cloud.start();
    },
    async enrollmentToken(siteId, expiresInSeconds = 600) {
      await fetch(`${url}/api/sites`, { method: 'POST', headers: adminHeaders, body: JSON.stringify({ id: siteId, name: siteId }) });
      const res = await fetch(`${url}/api/sites/${siteId}/enrollment-tokens`, { method: 'POST', headers: adminHeaders, body: JSON.stringify({ expiresInSeconds }) });
      if (res.status !== 201) throw new Error(`token: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    async close() {
      await cloud.stop();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
