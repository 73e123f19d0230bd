import type pg from 'pg';
import { WEBHOOK_LIMITS, type WebhookBody, type WebhookDeliveryRecord, type WebhookKind, type WebhookPatch, type WebhookRecord } from '@argus/contracts';
import { newId } from '../auth/secrets.js';
import { inTransaction } from '../db/transaction.js';

interface WebhookRow {
  id: string;
  url: string;
  kinds: WebhookKind[];
  enabled: boolean;
  consecutive_failures: number;
  disabled_reason: string | null;
  created_by: string;
  created_at: Date;
}

interface DeliveryRow {
  id: string;
  kind: WebhookKind;
  state: WebhookDeliveryRecord['state'];
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const COLUMNS = 'id, url, kinds, enabled, consecutive_failures, disabled_reason, created_by, created_at';
const DELIVERY_COLUMNS = 'id, kind, state, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at';

const toRecord = (r: WebhookRow): WebhookRecord => ({
  id: r.id, url: r.url, kinds: r.kinds, enabled: r.enabled, consecutiveFailures: r.consecutive_failures, disabledReason: r.disabled_reason,
  createdBy: r.created_by, createdAt: r.created_at.toISOString(),
});

const toDelivery = (r: DeliveryRow): WebhookDeliveryRecord => ({
  id: r.id, kind: r.kind, state: r.state, attempts: r.attempts, nextAttemptAt: r.state === 'pending' ? r.next_attempt_at.toISOString() : null,
  lastStatus: r.last_status, lastError: r.last_error, createdAt: r.created_at.toISOString(), deliveredAt: r.delivered_at?.toISOString() ?? null,
});

/** A delivery taken for an attempt: what to send where. */
export interface DueDelivery {
  readonly id: string;
  readonly orgId: string;
  readonly webhookId: string;
  readonly url: string;
  readonly secret: string;
  readonly kind: WebhookKind;
  readonly body: string;
  readonly attempts: number;
}

/** Webhooks and their delivery queue (migration 009). */
export class WebhooksRepository {
  constructor(private readonly db: pg.Pool) {}

  async create(orgId: string, body: WebhookBody, createdBy: string, at: number): Promise<WebhookRecord> {
    const { rows } = await this.db.query<WebhookRow>(
      `insert into webhooks (org_id, id, url, secret, kinds, created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
      [orgId, newId('whk'), body.url, body.secret, body.kinds, createdBy, new Date(at)],
    );
    return toRecord(rows[0]!);
  }

  async list(orgId: string): Promise<WebhookRecord[]> {
    const { rows } = await this.db.query<WebhookRow>(`select ${COLUMNS} from webhooks where org_id = $1 order by created_at, id`, [orgId]);
    return rows.map(toRecord);
  }

  async get(orgId: string, id: string): Promise<WebhookRecord | undefined> {
    const { rows } = await this.db.query<WebhookRow>(`select ${COLUMNS} from webhooks where org_id = $1 and id = $2`, [orgId, id]);
    return rows[0] && toRecord(rows[0]);
  }

  /** Re-enabling resets the failure count. */
  async update(orgId: string, id: string, patch: WebhookPatch): Promise<WebhookRecord | undefined> {
    const { rows } = await this.db.query<WebhookRow>(
      `update webhooks set url = coalesce($3, url), secret = coalesce($4, secret), kinds = coalesce($5, kinds), enabled = coalesce($6, enabled),
              consecutive_failures = case when $6 then 0 else consecutive_failures end,
              disabled_reason = case when $6 then null else disabled_reason end
        where org_id = $1 and id = $2 returning ${COLUMNS}`,
      [orgId, id, patch.url ?? null, patch.secret ?? null, patch.kinds ?? null, patch.enabled ?? null],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('delete from webhooks where org_id = $1 and id = $2', [orgId, id]);
    return (rowCount ?? 0) > 0;
  }

  /**
   * Queues one delivery per enabled webhook of the organisation that takes
   * `kind`, for each item; `body` makes a delivery's body from its id and its
   * item. One query when no webhook takes the kind (the usual case for
   * events), one transaction otherwise.
   */
  async enqueue<T>(orgId: string, kind: WebhookKind, items: readonly T[], body: (deliveryId: string, item: T) => string, at: number): Promise<number> {
    if (items.length === 0) return 0;
    const hooks = await this.db.query<{ id: string }>('select id from webhooks where org_id = $1 and enabled and $2 = any(kinds)', [orgId, kind]);
    if (hooks.rows.length === 0) return 0;
    return inTransaction(this.db, async (client) => {
      let queued = 0;
      for (const item of items) {
        for (const hook of hooks.rows) {
          const { rows } = await client.query<{ id: string }>(
            `insert into webhook_deliveries (org_id, webhook_id, kind, body, state, next_attempt_at, created_at) values ($1, $2, $3, '', 'pending', $4, $4) returning id`,
            [orgId, hook.id, kind, new Date(at)],
          );
          const id = rows[0]!.id;
          await client.query('update webhook_deliveries set body = $2 where id = $1', [id, body(id, item)]);
          queued++;
        }
      }
      return queued;
    });
  }

  /**
   * Takes up to `limit` due deliveries for an attempt: they are pushed
   * `leaseMs` into the future first, so another replica (or this one after
   * a crash) takes them again only when the attempt did not conclude.
   */
  async takeDue(at: number, limit: number, leaseMs: number): Promise<DueDelivery[]> {
    return inTransaction(this.db, async (client) => {
      const { rows } = await client.query<{ id: string; org_id: string; webhook_id: string; url: string; secret: string; kind: WebhookKind; body: string; attempts: number }>(
        `select d.id, d.org_id, d.webhook_id, w.url, w.secret, d.kind, d.body, d.attempts
           from webhook_deliveries d join webhooks w on w.org_id = d.org_id and w.id = d.webhook_id
          where d.state = 'pending' and d.next_attempt_at <= $1 and w.enabled
          order by d.next_attempt_at, d.id
          limit $2
          for update of d skip locked`,
        [new Date(at), limit],
      );
      if (rows.length > 0) await client.query('update webhook_deliveries set next_attempt_at = $2 where id = any($1)', [rows.map((r) => r.id), new Date(at + leaseMs)]);
      return rows.map((r) => ({ id: r.id, orgId: r.org_id, webhookId: r.webhook_id, url: r.url, secret: r.secret, kind: r.kind, body: r.body, attempts: r.attempts }));
    });
  }

  async delivered(d: DueDelivery, status: number, at: number): Promise<void> {
    await inTransaction(this.db, async (client) => {
      await client.query(`update webhook_deliveries set state = 'delivered', attempts = attempts + 1, last_status = $2, last_error = null, delivered_at = $3 where id = $1`, [d.id, status, new Date(at)]);
      await client.query('update webhooks set consecutive_failures = 0 where org_id = $1 and id = $2', [d.orgId, d.webhookId]);
    });
  }

  /** A failed attempt: retried at `retryAt`, or given up (undefined); the webhook is disabled after too many failures in a row. */
  async attemptFailed(d: DueDelivery, failure: { status: number | null; error: string }, retryAt: number | undefined): Promise<{ disabled: boolean }> {
    return inTransaction(this.db, async (client) => {
      await client.query(
        `update webhook_deliveries set attempts = attempts + 1, last_status = $2, last_error = $3, state = $4, next_attempt_at = coalesce($5, next_attempt_at) where id = $1`,
        [d.id, failure.status, failure.error.slice(0, 500), retryAt === undefined ? 'failed' : 'pending', retryAt === undefined ? null : new Date(retryAt)],
      );
      const { rows } = await client.query<{ enabled: boolean }>(
        `update webhooks set consecutive_failures = consecutive_failures + 1,
                enabled = enabled and consecutive_failures + 1 < $3,
                disabled_reason = case when enabled and consecutive_failures + 1 >= $3 then $4 else disabled_reason end
          where org_id = $1 and id = $2 returning enabled`,
        [d.orgId, d.webhookId, WEBHOOK_LIMITS.disableAfterFailures, `${WEBHOOK_LIMITS.disableAfterFailures} failed attempts in a row (last: ${failure.error.slice(0, 200)})`],
      );
      return { disabled: rows[0]?.enabled === false };
    });
  }

  async deliveries(orgId: string, webhookId: string, limit: number): Promise<WebhookDeliveryRecord[]> {
    const { rows } = await this.db.query<DeliveryRow>(
      `select ${DELIVERY_COLUMNS} from webhook_deliveries where org_id = $1 and webhook_id = $2 order by id desc limit $3`,
      [orgId, webhookId, limit],
    );
    return rows.map(toDelivery);
  }

  /** Sends a delivery again (same id and body, re-signed at sending): pending, due now, attempts kept. */
  async replay(orgId: string, webhookId: string, deliveryId: string, at: number): Promise<WebhookDeliveryRecord | undefined> {
    if (!/^\d{1,18}$/.test(deliveryId)) return undefined;
    const { rows } = await this.db.query<DeliveryRow>(
      `update webhook_deliveries set state = 'pending', next_attempt_at = $4 where org_id = $1 and webhook_id = $2 and id = $3 returning ${DELIVERY_COLUMNS}`,
      [orgId, webhookId, deliveryId, new Date(at)],
    );
    return rows[0] && toDelivery(rows[0]);
  }
}
