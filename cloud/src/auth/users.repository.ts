import type pg from 'pg';
import { inTransaction } from '../db/transaction.js';
import type { Role, UserRecord } from '@argus/contracts';
import { newId } from './secrets.js';

interface UserRow {
  id: string;
  org_id: string;
  email: string;
  role: Role;
  site_ids: string[] | null;
  password_hash: string | null;
  sso_subject: string | null;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
}

/** A user as the auth layer needs it (the password hash never leaves the auth context). */
export interface StoredUser {
  readonly id: string;
  readonly orgId: string;
  readonly email: string;
  readonly role: Role;
  readonly siteIds: string[] | null;
  readonly passwordHash: string | null;
  readonly record: UserRecord;
}

const COLUMNS = 'id, org_id, email, role, site_ids, password_hash, sso_subject, created_at, updated_at, last_login_at';

const fromRow = (r: UserRow): StoredUser => ({
  id: r.id,
  orgId: r.org_id,
  email: r.email,
  role: r.role,
  siteIds: r.site_ids,
  passwordHash: r.password_hash,
  record: {
    id: r.id,
    email: r.email,
    role: r.role,
    siteIds: r.site_ids,
    sso: r.sso_subject !== null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    lastLoginAt: r.last_login_at?.toISOString() ?? null,
  },
});

export interface NewUser {
  readonly orgId: string;
  readonly email: string;
  readonly role: Role;
  readonly siteIds: readonly string[] | null;
  readonly passwordHash: string | null;
  readonly ssoSubject?: string;
}

export type UserChange = { readonly role?: Role; readonly siteIds?: readonly string[] | null; readonly passwordHash?: string };

/** Users of every organisation; every read by id is scoped to an organisation. */
export class UsersRepository {
  constructor(private readonly db: pg.Pool) {}

  /** undefined when the email is taken (in any organisation: logins carry no organisation). */
  async create(user: NewUser, at: number): Promise<StoredUser | undefined> {
    const { rows } = await this.db.query<UserRow>(
      `insert into users (id, org_id, email, role, site_ids, password_hash, sso_subject, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       on conflict do nothing
       returning ${COLUMNS}`,
      [newId('usr'), user.orgId, user.email.trim(), user.role, user.siteIds === null ? null : [...user.siteIds], user.passwordHash, user.ssoSubject ?? null, new Date(at)],
    );
    return rows[0] && fromRow(rows[0]);
  }

  async byEmail(email: string): Promise<StoredUser | undefined> {
    const { rows } = await this.db.query<UserRow>(`select ${COLUMNS} from users where lower(email) = lower($1)`, [email.trim()]);
    return rows[0] && fromRow(rows[0]);
  }

  async bySsoSubject(subject: string): Promise<StoredUser | undefined> {
    const { rows } = await this.db.query<UserRow>(`select ${COLUMNS} from users where sso_subject = $1`, [subject]);
    return rows[0] && fromRow(rows[0]);
  }

  async get(orgId: string, id: string): Promise<StoredUser | undefined> {
    const { rows } = await this.db.query<UserRow>(`select ${COLUMNS} from users where org_id = $1 and id = $2`, [orgId, id]);
    return rows[0] && fromRow(rows[0]);
  }

  async list(orgId: string): Promise<StoredUser[]> {
    const { rows } = await this.db.query<UserRow>(`select ${COLUMNS} from users where org_id = $1 order by lower(email)`, [orgId]);
    return rows.map(fromRow);
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>('select count(*) as n from users');
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Applies a change unless it would leave the organisation without an
   * admin (checked under a lock on the org's admins, so two admins demoting
   * each other at once cannot both succeed). A password change ends the
   * user's sessions.
   */
  async update(orgId: string, id: string, change: UserChange, at: number): Promise<{ outcome: 'ok'; user: StoredUser } | { outcome: 'not-found' } | { outcome: 'last-admin' }> {
    return inTransaction(this.db, async (client) => {
      const { rows } = await client.query<UserRow>(`select ${COLUMNS} from users where org_id = $1 and role = 'admin' or org_id = $1 and id = $2 for update`, [orgId, id]);
      const current = rows.find((r) => r.id === id);
      if (!current) return { outcome: 'not-found' as const };
      const admins = rows.filter((r) => r.role === 'admin');
      if (current.role === 'admin' && change.role !== undefined && change.role !== 'admin' && admins.length <= 1) return { outcome: 'last-admin' as const };
      const updated = await client.query<UserRow>(
        `update users set
           role = coalesce($3, role),
           site_ids = case when $4 then $5::text[] else site_ids end,
           password_hash = coalesce($6, password_hash),
           updated_at = $7
         where org_id = $1 and id = $2
         returning ${COLUMNS}`,
        [orgId, id, change.role ?? null, change.siteIds !== undefined, change.siteIds === undefined || change.siteIds === null ? null : [...change.siteIds], change.passwordHash ?? null, new Date(at)],
      );
      if (change.passwordHash !== undefined) await client.query('delete from sessions where user_id = $1', [id]);
      return { outcome: 'ok' as const, user: fromRow(updated.rows[0]!) };
    });
  }

  /** Deletes a user with their sessions and API tokens, unless they are the organisation's last admin. */
  async delete(orgId: string, id: string): Promise<'deleted' | 'not-found' | 'last-admin'> {
    return inTransaction(this.db, async (client) => {
      const { rows } = await client.query<{ id: string; role: Role }>(`select id, role from users where org_id = $1 and role = 'admin' or org_id = $1 and id = $2 for update`, [orgId, id]);
      const current = rows.find((r) => r.id === id);
      if (!current) return 'not-found';
      if (current.role === 'admin' && rows.filter((r) => r.role === 'admin').length <= 1) return 'last-admin';
      await client.query('delete from users where org_id = $1 and id = $2', [orgId, id]);
      return 'deleted';
    });
  }

  async markLogin(id: string, at: number): Promise<void> {
    await this.db.query('update users set last_login_at = $2 where id = $1', [id, new Date(at)]);
  }

  /** Role and sites of a single sign-on user follow the identity provider's claims at every login. */
  async syncSso(id: string, role: Role, siteIds: readonly string[] | null, at: number): Promise<StoredUser> {
    const { rows } = await this.db.query<UserRow>(
      `update users set role = $2, site_ids = $3, updated_at = case when role = $2 and site_ids is not distinct from $3 then updated_at else $4 end
        where id = $1 returning ${COLUMNS}`,
      [id, role, siteIds === null ? null : [...siteIds], new Date(at)],
    );
    return fromRow(rows[0]!);
  }
}
