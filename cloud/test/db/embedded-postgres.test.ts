import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: no such process.
    return false;
  }
};

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres', () => {
  let base: string | undefined;
  afterAll(async () => {
    if (base) await rm(base, { recursive: true, force: true });
  });

  it('initialises a cluster, keeps its data across restarts, and leaves no process behind', async () => {
    base = await mkdtemp(path.join(tmpdir(), 'argus-embedded-pg-'));
    await chmod(base, 0o755); // mkdtemp makes it 0700: a root caller's server runs as 'postgres' and must pass through
    const dir = path.join(base, 'pg');

    const first = await startEmbeddedPostgres({ dir, durability: 'fast' });
    expect(first.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
    await query(first.url, 'create table kept (note text); insert into kept values (\'still here\')');
    await first.stop();
    await first.stop(); // idempotent
    expect(alive(first.pid)).toBe(false);

    const second = await startEmbeddedPostgres({ dir, durability: 'fast' });
    try {
      expect(await query(second.url, 'select note from kept')).toEqual([{ note: 'still here' }]);
      const [settings] = await query<{ listen: string; sockets: string }>(second.url, "select current_setting('listen_addresses') as listen, current_setting('unix_socket_directories') as sockets");
      expect(settings).toEqual({ listen: '127.0.0.1', sockets: '' });
    } finally {
      await second.stop();
    }
    expect(alive(second.pid)).toBe(false);
  });

  it.runIf(process.getuid?.() === 0)('as root, names the directory the postgres user cannot pass through', async () => {
    const hidden = await mkdtemp(path.join(tmpdir(), 'argus-embedded-pg-hidden-'));
    try {
      await expect(startEmbeddedPostgres({ dir: path.join(hidden, 'pg') })).rejects.toThrow(`${hidden} is not searchable`);
    } finally {
      await rm(hidden, { recursive: true, force: true });
    }
  });

  it('explains a start-up failure instead of hanging', async () => {
    const blocker = await startEmbeddedPostgres({ dir: path.join(base ?? tmpdir(), 'blocker'), durability: 'fast' });
    try {
      // Same port twice: the second server cannot bind and exits.
      await expect(startEmbeddedPostgres({ dir: path.join(base ?? tmpdir(), 'second'), port: blocker.port, durability: 'fast' }))
        .rejects.toThrow(/exited during start-up[\s\S]*(could not bind|Address already in use)/);
    } finally {
      await blocker.stop();
    }
  });
});
