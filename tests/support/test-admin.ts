import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Test fixtures for accounts. The cloud creates its first admin from
 * ARGUS_ADMIN_EMAIL / ARGUS_ADMIN_PASSWORD; tests then want a bearer token of
 * that admin whose secret they know in advance, so it is written straight
 * into the database (the API would hand out a random one).
 */
export const TEST_ADMIN_EMAIL = 'admin@argus.test';
export const TEST_ADMIN_PASSWORD = 'admin-password-0123';
export const TEST_ADMIN_TOKEN = 'argus-token-test-admin-0123456789abcdef';
export const testAdminEnv = { ARGUS_ADMIN_EMAIL: TEST_ADMIN_EMAIL, ARGUS_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD } as const;

/** Inserts TEST_ADMIN_TOKEN for the admin `email` (once the cloud has started and created it). */
export async function seedAdminToken(db: pg.Pool | string, email: string = TEST_ADMIN_EMAIL, token: string = TEST_ADMIN_TOKEN): Promise<void> {
  const pool = typeof db === 'string' ? new pg.Pool({ connectionString: db, max: 1 }) : db;
  try {
    const hash = createHash('sha256').update(token).digest('hex');
    await pool.query(
      `insert into api_tokens (id, org_id, user_id, name, role, site_ids, token_hash, expires_at)
       select 'tok_test-admin', org_id, id, 'test admin', 'admin', null, $1, now() + interval '1 day' from users where lower(email) = lower($2)
       on conflict do nothing`,
      [hash, email],
    );
    const { rowCount } = await pool.query('select 1 from api_tokens where token_hash = $1', [hash]);
    if (rowCount !== 1) throw new Error(`no admin ${email} to give a test token to (is ARGUS_ADMIN_EMAIL set?)`);
  } finally {
    if (typeof db === 'string') await pool.end();
  }
}

export const testAdminHeaders: Readonly<Record<string, string>> = Object.freeze({ authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
