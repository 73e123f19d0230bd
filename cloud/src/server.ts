import path from 'node:path';
import pg from 'pg';
import { createLogger, type Logger, type Service } from '@argus/runtime';
import { buildApp, type CloudApp } from './app.js';
import { bootstrapAccounts, type BootstrapResult } from './auth/bootstrap.js';
import type { CloudConfig } from './config.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres.js';
import { migrate } from './db/migrate.js';
import { FileObjectStore } from './object-store/file-object-store.js';
import type { ObjectStore } from './object-store/object-store.js';
import { S3ObjectStore } from './object-store/s3-object-store.js';
import { openPool } from './db/pool.js';

const EMBEDDED_DATABASE = 'argus';
const POOL_SIZE = 10; // per process; the embedded server allows 200 connections

/** A running (or runnable) argus-cloud: database, object store, HTTP. */
export interface CloudService extends Service {
  /** `http://host:port` once started; throws before. */
  readonly url: string;
  /** Port actually bound (useful with PORT=0); throws before start. */
  readonly port: number;
  /** Connection URL in use (embedded or DATABASE_URL); throws before start. */
  readonly databaseUrl: string;
  /** The fastify app once started (for inject() in tests); throws before. */
  readonly app: CloudApp;
  /** What the start did to accounts (the first admin); throws before start. */
  readonly bootstrap: BootstrapResult;
}

export interface CreateCloudOptions {
  readonly logger?: Logger;
}

export function createObjectStore(config: CloudConfig): ObjectStore {
  return config.s3 ? new S3ObjectStore(config.s3) : new FileObjectStore(path.join(config.dataDir, 'objects'), config.mediaSecret);
}

/** Creates the `argus` database on the embedded server unless it exists (CREATE DATABASE has no IF NOT EXISTS). */
async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The cloud as one Service. start(): embedded PostgreSQL when no
 * databaseUrl is configured, migrations, object store, HTTP listener.
 * stop(): the reverse; idempotent, and also cleans up after a failed start.
 */
export function createCloud(config: CloudConfig, options: CreateCloudOptions = {}): CloudService {
  const logger = options.logger ?? createLogger({ name: 'argus-cloud', level: config.logLevel });
  let embedded: EmbeddedPostgres | undefined;
  let pool: pg.Pool | undefined;
  let app: CloudApp | undefined;
  let bound: { url: string; port: number; databaseUrl: string; bootstrap: BootstrapResult } | undefined;
  let stopping: Promise<void> | undefined;

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('argus-cloud is not started');
    return value;
  };

  async function stop(): Promise<void> {
    // Reverse order of start; each step runs even when an earlier one failed.
    const steps: Array<[string, () => Promise<void>]> = [
      ['http', async () => app?.close()],
      ['database pool', async () => pool?.end()],
      ['embedded PostgreSQL', async () => embedded?.stop()],
    ];
    let failure: unknown;
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (err) {
        logger.error({ err }, `stopping ${name} failed`);
        failure ??= err;
      }
    }
    app = undefined;
    pool = undefined;
    embedded = undefined;
    if (failure) throw failure;
    if (bound) logger.info('argus-cloud stopped');
    bound = undefined;
  }

  return {
    async start() {
      stopping = undefined;
      try {
        let databaseUrl = config.databaseUrl;
        if (databaseUrl === undefined) {
          const pgLog = logger.child({ component: 'postgres' });
          embedded = await startEmbeddedPostgres({ dir: config.embeddedPostgresDir, onLog: (line) => pgLog.debug(line) });
          databaseUrl = await ensureDatabase(embedded.url, EMBEDDED_DATABASE);
          logger.info({ port: embedded.port, dir: config.embeddedPostgresDir }, 'embedded PostgreSQL started');
        }
        pool = openPool({ connectionString: databaseUrl, max: POOL_SIZE, onError: (err) => logger.warn({ err }, 'idle database connection failed') });
        const { applied } = await migrate(pool);
        if (applied.length > 0) logger.info({ applied }, 'database migrated');
        const bootstrap = await bootstrapAccounts(pool, config.auth, logger);
        const store = createObjectStore(config);
        await store.init();
        app = await buildApp({ config, pool, store, logger });
        await app.listen({ port: config.port, host: config.host });
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : config.port;
        const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
        bound = { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port, databaseUrl, bootstrap };
        logger.info({ url: bound.url, store: store.kind, embeddedPostgres: embedded !== undefined }, 'argus-cloud listening');
      } catch (err) {
        await stop().catch(() => undefined); // the start error is the one worth reporting
        throw err;
      }
    },
    stop() {
      stopping ??= stop();
      return stopping;
    },
    get url() {
      return started(bound).url;
    },
    get port() {
      return started(bound).port;
    },
    get databaseUrl() {
      return started(bound).databaseUrl;
    },
    get app() {
      return started(app);
    },
    get bootstrap() {
      return started(bound).bootstrap;
    },
  };
}
