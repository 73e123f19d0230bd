import pg from 'pg';

/**
 * A connection pool that survives its connections ending under it: an idle
 * client whose backend goes (PostgreSQL restarted, the connection
 * terminated, the database dropped) is reported to `onError` and replaced,
 * rather than an unheard 'error' ending the process. A client keeps its own
 * listener too: `pool.end()` resolves before its clients' connections have
 * closed, and one ended after that is no longer the pool's.
 */
export function openPool(options: { readonly connectionString: string; readonly max: number; readonly onError?: (err: Error) => void }): pg.Pool {
  const onError = options.onError ?? (() => undefined);
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}
