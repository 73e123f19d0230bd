import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.js';
import { loadCloudConfig } from '../src/config.js';
import { createCloud } from '../src/server.js';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, testAdminEnv } from '../../tests/support/test-admin.js';
import { EDGE_TOKEN, silentLogger } from './support/test-cloud.js';

describe('createCloud', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'argus-cloud-server-'));
    await chmod(dir, 0o755); // as root, the embedded server runs as 'postgres' and must pass through
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describe('with DATABASE_URL and a built console', () => {
    let db: TestDatabase;
    const consoleDir = () => path.join(dir, 'console');
    beforeAll(async () => {
      db = await createTestDatabase();
      await mkdir(path.join(consoleDir(), 'assets'), { recursive: true });
      await writeFile(path.join(consoleDir(), 'index.html'), '<!doctype html><title>Argus</title>');
      await writeFile(path.join(consoleDir(), 'assets', 'app-1a2b.js'), 'console.log("argus")');
    });
    afterAll(() => db?.drop());

    it('listens on 127.0.0.1, serves the API and the console with its SPA fallback, and stops', async () => {
      const config = loadCloudConfig({ ARGUS_EDGE_TOKEN: EDGE_TOKEN, DATABASE_URL: db.url, PORT: '0', ARGUS_DATA_DIR: path.join(dir, 'data-1'), ARGUS_CONSOLE_DIR: consoleDir() });
      const cloud = createCloud(config, { logger: silentLogger });
      expect(() => cloud.url).toThrow(/not started/);
      await cloud.start();
      const port = cloud.port;
      try {
        expect(cloud.url).toBe(`http://127.0.0.1:${cloud.port}`);
        expect(await (await fetch(`${cloud.url}/api/health`)).json()).toEqual({ status: 'ok' });

        const index = await fetch(`${cloud.url}/`);
        expect(index.headers.get('content-type')).toMatch(/text\/html/);
        expect(await index.text()).toContain('<title>Argus</title>');
        const deep = await fetch(`${cloud.url}/cameras/cam-1/playback`);
        expect(deep.status).toBe(200);
        expect(await deep.text()).toContain('<title>Argus</title>');
        const asset = await fetch(`${cloud.url}/assets/app-1a2b.js`);
        expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        const missingApi = await fetch(`${cloud.url}/api/nothing`);
        expect(missingApi.status).toBe(404);
        expect(await missingApi.json()).toMatchObject({ code: 'CLD_ERR_NOT_FOUND' });
      } finally {
        await cloud.stop();
      }
      await cloud.stop(); // idempotent
      await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    });
  });

  it('without DATABASE_URL, runs embedded PostgreSQL under the data dir and keeps data across restarts', async () => {
    const config = loadCloudConfig({ ARGUS_EDGE_TOKEN: EDGE_TOKEN, PORT: '0', ARGUS_DATA_DIR: path.join(dir, 'data-2'), ...testAdminEnv });
    const camera = { name: 'Gate', siteId: 'hq', streams: ['main'] };
    const first = createCloud(config, { logger: silentLogger });
    await first.start();
    let databaseUrl: string;
    try {
      databaseUrl = first.databaseUrl;
      expect(first.bootstrap).toEqual({ createdAdmin: TEST_ADMIN_EMAIL, users: 1 });
      expect(databaseUrl).toMatch(/@127\.0\.0\.1:\d+\/argus$/);
      const put = await fetch(`${first.url}/api/cameras/gate-1`, { method: 'PUT', headers: { authorization: `Bearer ${EDGE_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(camera) });
      expect(put.status).toBe(200);
    } finally {
      await first.stop();
    }
    // The server is gone with stop(): nothing answers on its port any more.
    const probe = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 1000 });
    probe.on('error', () => undefined); // the expected connection failure is asserted below
    await expect(probe.connect()).rejects.toThrow();

    const second = createCloud(config, { logger: silentLogger });
    await second.start();
    try {
      // The admin of the first start signs in on the second, which created nobody.
      expect(second.bootstrap).toEqual({ createdAdmin: undefined, users: 1 });
      const login = await fetch(`${second.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith('argus_session='))!.split(';')[0]!;
      const got = await fetch(`${second.url}/api/cameras/gate-1`, { headers: { cookie } });
      expect(await got.json()).toMatchObject({ camera: { id: 'gate-1', ...camera } });
    } finally {
      await second.stop();
    }
  });
});
