import type pg from 'pg';

/**
 * Runs `fn` in a transaction on one connection of the pool: commit when it
 * resolves, rollback when it throws (the error it threw is the one
 * reported, even when the rollback fails on a broken connection).
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
