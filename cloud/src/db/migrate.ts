import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { CloudError } from '../errors.js';

/**
 * `cloud/migrations`: two levels up from this file's `cloud/src/db/`, one
 * level up from the bundle `cloud/dist/main.js` that an installed
 * argus-cloud runs (scripts/build-package.ts).
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL(path.basename(path.dirname(fileURLToPath(import.meta.url))) === 'dist' ? '../migrations' : '../../migrations', import.meta.url));

/**
 * Arbitrary but fixed: every replica that starts at once takes this
 * session-level advisory lock, so exactly one applies migrations and the
 * others wait and then find nothing to do.
 */
const MIGRATION_LOCK_ID = 0x61726775; // 'argu'

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = FILE_PATTERN.exec(file);
    if (!m?.[1] || !m[2]) throw new CloudError('CLD_ERR_MIGRATION', `migration file ${file} is not named NNN_name.sql`);
    const sql = await readFile(path.join(dir, file), 'utf8');
    const version = Number(m[1]);
    if (migrations.some((x) => x.version === version)) throw new CloudError('CLD_ERR_MIGRATION', `two migrations have version ${version}`);
    migrations.push({ version, name: m[2], sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

export interface MigrateResult {
  /** Versions applied by this call, in order. */
  readonly applied: number[];
}

/**
 * Applies the migrations of `dir` not yet recorded in `schema_migrations`,
 * each in its own transaction, under an advisory lock. Refuses to run when an
 * applied migration's file has changed since (fix forward with a new file).
 */
export async function migrate(pool: pg.Pool, dir: string = MIGRATIONS_DIR): Promise<MigrateResult> {
  const migrations = await readMigrations(dir);
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await client.query(`create table if not exists schema_migrations (
      version    integer primary key,
      name       text not null,
      checksum   char(64) not null,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await client.query<{ version: number; checksum: string }>('select version, checksum from schema_migrations');
    const done = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const migration of migrations) {
      const checksum = done.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new CloudError('CLD_ERR_MIGRATION', `migration ${migration.version}_${migration.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      try {
        await client.query('begin');
        await client.query(migration.sql);
        await client.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [migration.version, migration.name, migration.checksum]);
        await client.query('commit');
        applied.push(migration.version);
      } catch (cause) {
        await client.query('rollback');
        throw new CloudError('CLD_ERR_MIGRATION', `migration ${migration.version}_${migration.name} failed: ${(cause as Error).message}`, { cause });
      }
    }
  } finally {
    // Session-level lock: if the connection is broken the server has released it already.
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    client.release();
  }
  return { applied };
}
