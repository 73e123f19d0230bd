import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Env } from '../../src/config.js';
import { buildApp, type CloudApp } from '../../src/app.js';
import { silentLogger, startTestCloud, type TestCloud } from '../support/test-cloud.js';
import { openPool } from '../../src/db/pool.js';

export interface Replica {
  readonly app: CloudApp;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
}

export interface TwoClouds {
  /** The first replica, with the test database, clock and store of startTestCloud. */
  readonly a: TestCloud & Replica;
  /** A second replica on the same database and object store, with a pool and data folder of its own. */
  readonly b: Replica;
  close(): Promise<void>;
}

async function listen(app: CloudApp): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/**
 * Two cloud replicas on one database, both listening on loopback: what N
 * replicas behind a load balancer are, at the smallest size. They share
 * nothing but PostgreSQL (and the object store, as replicas would).
 */
export async function startTwoClouds(env: Env = {}): Promise<TwoClouds> {
  const a = await startTestCloud({ env: { ARGUS_RTMP_PORT: '0', ...env } });
  // A connection ended under it (the database dropped at close, a test terminating backends) is no error of the test's.
  const pool = openPool({ connectionString: a.db.url, max: 4 });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'argus-cloud-replica-'));
  let bApp: CloudApp | undefined;
  try {
    bApp = await buildApp({ config: { ...a.config, dataDir }, pool, store: a.store, logger: silentLogger, now: () => a.clock.now, startHealthChecker: false });
    const [aUrl, bUrl] = [await listen(a.app), await listen(bApp)];
    const b = bApp;
    return {
      a: Object.assign(a, { url: aUrl }),
      b: { app: b, url: bUrl },
      async close() {
        await b.close();
        await pool.end();
        await rm(dataDir, { recursive: true, force: true });
        await a.close();
      },
    };
  } catch (err) {
    await bApp?.close();
    await pool.end();
    await a.close();
    throw err;
  }
}
