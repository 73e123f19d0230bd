import type pg from 'pg';
import type { Role, TokenRecord } from '@argus/contracts';
import { API_TOKEN_PREFIX, newId, newSecret, secretHash } from './secrets.js';

interface TokenRow {
  id: string;
  org_id: string;
  user_id: string;
  email: string;
  creator_role: Role;
  creator_site_ids: string[] | null;
  name: string;
  role: Role;
  site_ids: string[] | null;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
}

export interface StoredToken {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly role: Role;
  readonly siteIds: string[] | null;
  readonly userId: string;
  readonly email: string;
  /** The creator's role and sites now: a token never outlives its creator's rights. */
  readonly creatorRole: Role;
  readonly creatorSiteIds: string[] | null;
  readonly record: TokenRecord;
}

const SELECT = `
  select t.id, t.org_id, t.user_id, u.email, u.role as creator_role, u.site_ids as creator_site_ids,
         t.name, t.role, t.site_ids, t.created_at, t.expires_at, t.last_used_at
    from api_tokens t join users u on u.id = t.user_id`;

const fromRow = (r: TokenRow): StoredToken => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  role: r.role,
  siteIds: r.site_ids,
  userId: r.user_id,
  email: r.email,
  creatorRole: r.creator_role,
  creatorSiteIds: r.creator_site_ids,
  record: {
    id: r.id,
    name: r.name,
    role: r.role,
    siteIds: r.site_ids,
    createdBy: { id: r.user_id, email: r.email },
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  },
});

const TOUCH_EVERY_MS = 60_000; // last-used times are minutes-accurate: a request is not a write

/** Integrator API tokens: random secrets, stored as their sha256, shown once. */
export class TokensRepository {
  constructor(private readonly db: pg.Pool) {}

  async create(input: { orgId: string; userId: string; name: string; role: Role; siteIds: readonly string[] | null; expiresAt: number; at: number }): Promise<{ token: string; stored: StoredToken }> {
    const token = newSecret(API_TOKEN_PREFIX);
    const id = newId('tok');
    await this.db.query(
      `insert into api_tokens (id, org_id, user_id, name, role, site_ids, token_hash, created_at, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, input.orgId, input.userId, input.name, input.role, input.siteIds === null ? null : [...input.siteIds], secretHash(token), new Date(input.at), new Date(input.expiresAt)],
    );
    const stored = await this.get(input.orgId, id);
    if (!stored) throw new Error(`token ${id} vanished after insert`);
    return { token, stored };
  }

  /** The token behind a bearer secret, when it exists, is not revoked and has not expired. */
  async findActive(secret: string, at: number): Promise<StoredToken | undefined> {
    const { rows } = await this.db.query<TokenRow & { last_used_at: Date | null }>(
      `${SELECT} where t.token_hash = $1 and t.revoked_at is null and t.expires_at > $2`,
      [secretHash(secret), new Date(at)],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.last_used_at === null || at - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
      await this.db.query('update api_tokens set last_used_at = $2 where id = $1', [row.id, new Date(at)]);
    }
    return fromRow(row);
  }

  async get(orgId: string, id: string): Promise<StoredToken | undefined> {
    const { rows } = await this.db.query<TokenRow>(`${SELECT} where t.org_id = $1 and t.id = $2 and t.revoked_at is null`, [orgId, id]);
    return rows[0] && fromRow(rows[0]);
  }

  /** Active tokens of the organisation, or of one creator. */
  async list(orgId: string, userId?: string): Promise<StoredToken[]> {
    const { rows } = await this.db.query<TokenRow>(
      `${SELECT} where t.org_id = $1 and ($2::text is null or t.user_id = $2) and t.revoked_at is null order by t.created_at desc`,
      [orgId, userId ?? null],
    );
    return rows.map(fromRow);
  }

  async revoke(orgId: string, id: string, at: number): Promise<boolean> {
    const { rowCount } = await this.db.query('update api_tokens set revoked_at = $3 where org_id = $1 and id = $2 and revoked_at is null', [orgId, id, new Date(at)]);
    return rowCount === 1;
  }
}
