import type pg from 'pg';
import { BUS_CHANNEL, storedNotification } from './bus-notification.js';
import type { BusMessage, DeliveredMessage, MessageKind } from './message-bus.js';

/**
 * Held by every append until it commits: seq values are then handed out in
 * commit order, so a reader that has seen seq N has seen every stored row
 * below it and can ask for "after N" without missing a row that committed
 * late. Arbitrary but fixed.
 */
const APPEND_LOCK_ID = 0x61726762; // 'argb'

interface Row {
  seq: string;
  org_id: string | null;
  site_id: string | null;
  camera_id: string | null;
  kind: MessageKind;
  /** The payload as JSON text (migration 014: stored as text). */
  json: string;
}

/** A stored message: its payload is parsed only if a subscriber asks for it (consoles take the text). */
class StoredMessage implements DeliveredMessage {
  private parsed: { value: unknown } | undefined;
  constructor(
    readonly seq: string,
    readonly kind: MessageKind,
    readonly orgId: string | null,
    readonly siteId: string | null,
    readonly cameraId: string | null,
    readonly json: string,
  ) {}

  get payload(): unknown {
    this.parsed ??= { value: JSON.parse(this.json) };
    return this.parsed.value;
  }
}

const toMessage = (r: Row): DeliveredMessage => new StoredMessage(r.seq, r.kind, r.org_id, r.site_id, r.camera_id, r.json);

/** What a console may replay: its organisation, its sites (null: every site), the kinds it receives. */
export interface ReplayFilter {
  readonly orgId: string;
  readonly siteIds: readonly string[] | null;
  readonly kinds: readonly MessageKind[];
  /** Rows after this seq. */
  readonly after: string;
  readonly limit: number;
}

/** The bus's table (migration 008): stored messages in commit order, trimmed by age and count. */
export class StreamMessagesRepository {
  constructor(private readonly db: pg.Pool) {}

  /**
   * Stores `messages` in one statement and transaction, under the append
   * lock, and notifies BUS_CHANNEL with the last seq (delivered on commit).
   * Returns that seq.
   */
  async append(messages: readonly BusMessage[]): Promise<string> {
    // One parameter per value, not arrays: a payload (JSON, full of quotes) then goes to the server as it is,
    // not escaped character by character into an array literal (a fifth of the ingest route's CPU).
    const params: unknown[] = [APPEND_LOCK_ID, BUS_CHANNEL, storedNotification('')];
    const rowsSql = messages.map((m, n) => {
      const at = params.push(m.orgId, m.siteId ?? null, m.cameraId ?? null, m.kind, JSON.stringify(m.payload ?? null)) - 4;
      return `(${n}, $${at}::text, $${at + 1}::text, $${at + 2}::text, $${at + 3}::text, $${at + 4}::text)`;
    });
    const { rows } = await this.db.query<{ seq: string }>(
      `with lock as (select pg_advisory_xact_lock($1)),
            added as (
              insert into stream_messages (org_id, site_id, camera_id, kind, payload)
              select u.org_id, u.site_id, u.camera_id, u.kind, u.payload
                from lock, (values ${rowsSql.join(', ')}) as u(n, org_id, site_id, camera_id, kind, payload)
               order by u.n
              returning seq)
       select last.seq, pg_notify($2, $3 || last.seq) from (select max(seq)::text as seq from added) last`,
      params,
    );
    return rows[0]!.seq;
  }

  /** Every stored message after `seq`, oldest first, at most `limit`. */
  async after(seq: string, limit: number): Promise<DeliveredMessage[]> {
    const { rows } = await this.db.query<Row>(
      // Ordered by the column, not the text it is read as ('10' < '9').
      'select m.seq::text as seq, org_id, site_id, camera_id, kind, payload as json from stream_messages m where m.seq > $1 order by m.seq limit $2',
      [seq, limit],
    );
    return rows.map(toMessage);
  }

  /** What a console may see after `filter.after`, oldest first, at most `filter.limit`. */
  async replay(filter: ReplayFilter): Promise<DeliveredMessage[]> {
    const { rows } = await this.db.query<Row>(
      `select m.seq::text as seq, org_id, site_id, camera_id, kind, payload as json from stream_messages m
        where m.seq > $1 and org_id = $2 and kind = any($3) and ($4::text[] is null or site_id = any($4))
        order by m.seq limit $5`,
      [filter.after, filter.orgId, [...filter.kinds], filter.siteIds === null ? null : [...filter.siteIds], filter.limit],
    );
    return rows.map(toMessage);
  }

  /** The newest stored seq ("0" when none), and how far trimming has deleted messages consoles receive. */
  async position(): Promise<{ head: string; trimmedThrough: string }> {
    const { rows } = await this.db.query<{ head: string; trimmed_through: string }>(
      'select (select coalesce(max(seq), 0) from stream_messages)::text as head, trimmed_through::text from stream_state',
    );
    return { head: rows[0]?.head ?? '0', trimmedThrough: rows[0]?.trimmed_through ?? '0' };
  }

  /**
   * Deletes messages older than `maxAgeMs` or beyond the newest `maxRows`,
   * and cluster messages (kinds not in `streamKinds`) older than
   * `clusterMaxAgeMs`; records how far stream messages were deleted.
   * Several replicas may trim at once. Returns the number of rows deleted.
   */
  async trim(options: { maxAgeMs: number; maxRows: number; clusterMaxAgeMs: number; streamKinds: readonly MessageKind[] }): Promise<number> {
    const { rows } = await this.db.query<{ deleted: string }>(
      `with cut as (
         select greatest(
           -- seq order is commit order, so the old rows are the first ones: scan the key up to the first young row
           coalesce((select seq - 1 from stream_messages where created_at >= now() - make_interval(secs => $1 / 1000.0) order by seq limit 1),
                    (select max(seq) from stream_messages), 0),
           coalesce((select seq from stream_messages order by seq desc offset $2 limit 1), 0)) as through),
       gone as (
         delete from stream_messages m using cut
          where m.seq <= cut.through
             or (m.kind <> all($4) and m.created_at < now() - make_interval(secs => $3 / 1000.0))
         returning m.seq, m.kind),
       mark as (
         update stream_state set trimmed_through = greatest(trimmed_through, (select coalesce(max(seq), 0) from gone where kind = any($4)))
         returning 1)
       select (select count(*) from gone)::text as deleted, (select count(*) from mark) as marked`,
      [options.maxAgeMs, options.maxRows, options.clusterMaxAgeMs, [...options.streamKinds]],
    );
    return Number(rows[0]?.deleted ?? 0);
  }
}
