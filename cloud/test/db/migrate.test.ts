import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/database.js';
import { migrate, readMigrations } from '../../src/db/migrate.js';
import { isCloudError } from '../../src/errors.js';

describe('migrate', () => {
  let db: TestDatabase;
  let pools: pg.Pool[] = [];
  const pool = (): pg.Pool => {
    const p = new pg.Pool({ connectionString: db.url, max: 2 });
    pools.push(p);
    return p;
  };
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    pools = [];
    await db?.drop();
  });

  it('applies every migration once when several processes start at the same time', async () => {
    const results = await Promise.all([migrate(pool()), migrate(pool()), migrate(pool())]);
    const versions = (await readMigrations()).map((m) => m.version);
    expect(results.flatMap((r) => r.applied).sort((a, b) => a - b)).toEqual(versions);
    const { rows } = await pool().query<{ version: number }>('select version from schema_migrations order by version');
    expect(rows.map((r) => r.version)).toEqual(versions);
  });

  it('is a no-op the second time', async () => {
    expect(await migrate(pool())).toEqual({ applied: [] });
  });

  it('refuses to run when an applied migration was edited, and rolls back a failing one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'argus-migrations-'));
    try {
      await writeFile(path.join(dir, '900_extra.sql'), 'create table extra (id int);');
      const other = await createTestDatabase();
      const p = new pg.Pool({ connectionString: other.url, max: 1 });
      // pool.end() can resolve before the server has seen the client go; the forced drop then
      // terminates it, and an unheard 'error' would fail the run.
      p.on('error', () => undefined);
      try {
        expect(await migrate(p, dir)).toEqual({ applied: [900] });
        await writeFile(path.join(dir, '900_extra.sql'), 'create table extra (id bigint);');
        await expect(migrate(p, dir)).rejects.toSatisfy((err) => isCloudError(err, 'CLD_ERR_MIGRATION') && /changed/.test(err.message));
        await writeFile(path.join(dir, '900_extra.sql'), 'create table extra (id int);');
        await writeFile(path.join(dir, '901_broken.sql'), 'create table half (id int); select no_such_function();');
        await expect(migrate(p, dir)).rejects.toSatisfy((err) => isCloudError(err, 'CLD_ERR_MIGRATION'));
        const { rows } = await p.query("select to_regclass('half') as half");
        expect(rows).toEqual([{ half: null }]);
      } finally {
        await p.end();
        await other.drop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
