import type pg from 'pg';
import type { AuditRecord } from '@argus/contracts';

export type AuditResult = AuditRecord['result'];

/** One line of the audit log, as written. */
export interface AuditEntry {
  /** null: belongs to no organisation (a failed login for an unknown email). */
  readonly orgId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly address: string | null;
  readonly result: AuditResult;
}

export interface AuditFilter {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
  readonly limit: number;
}

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  address: string | null;
  result: AuditResult;
}

/** The append-only audit log (the table refuses updates and deletes). */
export class AuditRepository {
  constructor(private readonly db: pg.Pool) {}

  async append(entry: AuditEntry, at: number): Promise<void> {
    await this.db.query(
      'insert into audit_log (org_id, at, actor, action, target, address, result) values ($1, $2, $3, $4, $5, $6, $7)',
      [entry.orgId, new Date(at), entry.actor, entry.action, entry.target, entry.address, entry.result],
    );
  }

  /** Newest first. `actor` matches exactly or after its `kind:`; an `action` ending in `.` is a prefix. */
  async list(orgId: string, filter: AuditFilter): Promise<AuditRecord[]> {
    const action = filter.action;
    const { rows } = await this.db.query<AuditRow>(
      `select id, at, actor, action, target, address, result from audit_log
        where org_id = $1
          and ($2::timestamptz is null or at >= $2)
          and ($3::timestamptz is null or at < $3)
          and ($4::text is null or actor = $4 or split_part(actor, ':', 2) = $4)
          and ($5::text is null or action = $5 or ($6 and starts_with(action, $5)))
        order by at desc, id desc
        limit $7`,
      [
        orgId,
        filter.from === undefined ? null : new Date(filter.from),
        filter.to === undefined ? null : new Date(filter.to),
        filter.actor ?? null,
        action ?? null,
        action?.endsWith('.') ?? false,
        filter.limit,
      ],
    );
    return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, target: r.target, address: r.address, result: r.result }));
  }

  /**
   * Times of failed logins since `since`, newest first, for the account
   * (after its last successful login) and for the address: what the login
   * rate limit counts.
   */
  async recentLoginFailures(input: { email: string; address: string | null; since: number; limit: number }): Promise<{ account: number[]; address: number[] }> {
    const since = new Date(input.since);
    const [account, address] = await Promise.all([
      this.db.query<{ at: Date }>(
        `select at from audit_log
          where action = 'auth.login-failed' and target = $1 and at >= $2
            and at > coalesce((select max(at) from audit_log where action = 'auth.login' and target = $1 and at >= $2), '-infinity')
          order by at desc limit $3`,
        [input.email, since, input.limit],
      ),
      input.address === null
        ? Promise.resolve({ rows: [] as Array<{ at: Date }> })
        : this.db.query<{ at: Date }>(
            `select at from audit_log where action = 'auth.login-failed' and address = $1 and at >= $2 order by at desc limit $3`,
            [input.address, since, input.limit],
          ),
    ]);
    return { account: account.rows.map((r) => r.at.getTime()), address: address.rows.map((r) => r.at.getTime()) };
  }
}
