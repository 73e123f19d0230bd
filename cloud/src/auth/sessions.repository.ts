import type pg from 'pg';
import type { Role } from '@argus/contracts';
import { newSecret, secretHash, SESSION_PREFIX } from './secrets.js';

/** A live session with its user, as the auth hook needs it. */
export interface SessionUser {
  readonly sessionHash: string;
  readonly userId: string;
  readonly orgId: string;
  readonly email: string;
  readonly role: Role;
  readonly siteIds: string[] | null;
  readonly lastSeenAt: number;
}

/** Last-seen times are written at most this often per session: a request is not a write. */
const TOUCH_EVERY_MS = 60_000;

/** Console sessions. The cookie value is a random secret; only its sha256 is stored. */
export class SessionsRepository {
  constructor(private readonly db: pg.Pool) {}

  /** A new session; returns the cookie value (shown to the browser once). */
  async create(userId: string, input: { at: number; ttlMs: number; address: string | null }): Promise<string> {
    const secret = newSecret(SESSION_PREFIX);
    await this.db.query(
      'insert into sessions (id_hash, user_id, created_at, expires_at, last_seen_at, address) values ($1, $2, $3, $4, $3, $5)',
      [secretHash(secret), userId, new Date(input.at), new Date(input.at + input.ttlMs), input.address],
    );
    return secret;
  }

  /** The session's user, when the cookie names a session that has not expired. */
  async find(secret: string, at: number): Promise<SessionUser | undefined> {
    const hash = secretHash(secret);
    const { rows } = await this.db.query<{ user_id: string; org_id: string; email: string; role: Role; site_ids: string[] | null; last_seen_at: Date }>(
      `select s.user_id, u.org_id, u.email, u.role, u.site_ids, s.last_seen_at
         from sessions s join users u on u.id = s.user_id
        where s.id_hash = $1 and s.expires_at > $2`,
      [hash, new Date(at)],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (at - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      await this.db.query('update sessions set last_seen_at = $2 where id_hash = $1', [hash, new Date(at)]);
    }
    return { sessionHash: hash, userId: row.user_id, orgId: row.org_id, email: row.email, role: row.role, siteIds: row.site_ids, lastSeenAt: row.last_seen_at.getTime() };
  }

  async delete(sessionHash: string): Promise<void> {
    await this.db.query('delete from sessions where id_hash = $1', [sessionHash]);
  }

  /** Drops expired sessions (run now and then; expired ones are already refused). */
  async purgeExpired(at: number): Promise<number> {
    const { rowCount } = await this.db.query('delete from sessions where expires_at <= $1', [new Date(at)]);
    return rowCount ?? 0;
  }
}
