import type pg from 'pg';
import { HEALTH_EVENT_LABELS, type RetentionReport } from '@argus/contracts';
import type { PartitionedTable } from '../db/month-partitions.js';
import { TIMELINE_EVENT_LOOKBACK_MS } from '../events/events.repository.js';
import type { PartitionSpan } from '../core/retention-policy.js';

/** A camera as retention sees it. */
export interface RetentionCamera {
  readonly orgId: string;
  readonly id: string;
  readonly siteId: string;
  readonly days: number | null;
  readonly eventDays: number | null;
}

export interface SiteQuotaRow {
  readonly orgId: string;
  readonly siteId: string;
  readonly quotaBytes: number;
}

/** A segment chosen for deletion. */
export interface DoomedSegment {
  readonly key: string;
  readonly startsAt: number;
  readonly bytes: number;
  readonly overlapsEvent: boolean;
}

export interface DoomedEvent {
  readonly id: string;
  readonly startedAt: number;
  readonly snapshotKey: string | null;
}

const PARTITION_NAME = /^(events|segments)_p(\d{4})(\d{2})$/;

// A held lock of the row's camera overlapping the row's range.
const LOCKED = (alias: string, from: string, to: string): string =>
  `exists (select 1 from evidence_locks l where l.org_id = ${alias}.org_id and l.camera_id = ${alias}.camera_id and l.released_at is null and l.from_at < ${to} and l.to_at > ${from})`;

// A detection event of the segment's camera overlapping it (health events do not count: `labels` is the
// parameter holding HEALTH_EVENT_LABELS); bounded by the look-back for the index.
const overlapsEvent = (labels: string): string => `exists (select 1 from events e
   where e.org_id = s.org_id and e.camera_id = s.camera_id and e.label <> all(${labels})
     and e.started_at < s.ends_at and e.started_at >= s.starts_at - make_interval(secs => ${TIMELINE_EVENT_LOOKBACK_MS / 1000})
     and coalesce(e.ended_at, 'infinity') > s.starts_at)`;

/** The SQL of retention: what to delete, deleting index rows, partitions, and the run reports. */
export class RetentionRepository {
  constructor(private readonly db: pg.Pool) {}

  async cameras(orgId: string | null): Promise<RetentionCamera[]> {
    const { rows } = await this.db.query<{ org_id: string; id: string; site_id: string; retention_days: number | null; retention_event_days: number | null }>(
      'select org_id, id, site_id, retention_days, retention_event_days from cameras where $1::text is null or org_id = $1 order by org_id, id',
      [orgId],
    );
    return rows.map((r) => ({ orgId: r.org_id, id: r.id, siteId: r.site_id, days: r.retention_days, eventDays: r.retention_event_days }));
  }

  async quotas(orgId: string | null): Promise<SiteQuotaRow[]> {
    const { rows } = await this.db.query<{ org_id: string; id: string; quota_bytes: string }>(
      'select org_id, id, quota_bytes from sites where quota_bytes is not null and ($1::text is null or org_id = $1) order by org_id, id',
      [orgId],
    );
    return rows.map((r) => ({ orgId: r.org_id, siteId: r.id, quotaBytes: Number(r.quota_bytes) }));
  }

  /**
   * The oldest segments of a camera past its horizons, unlocked: those
   * ending by `eventHorizon`, and those ending by `recordingHorizon` that
   * overlap no event. Oldest first, at most `limit`.
   */
  async segmentsPastRetention(camera: { orgId: string; id: string }, recordingHorizon: number, eventHorizon: number, limit: number): Promise<DoomedSegment[]> {
    const { rows } = await this.db.query<{ key: string; starts_at: Date; bytes: string; overlaps_event: boolean }>(
      `select s.key, s.starts_at, s.bytes, ${overlapsEvent('$5')} as overlaps_event
         from segments s
        where s.org_id = $1 and s.camera_id = $2 and s.ends_at <= $3
          and not ${LOCKED('s', 's.starts_at', 's.ends_at')}
          and (s.ends_at <= $4 or not ${overlapsEvent('$5')})
        order by s.starts_at
        limit $6`,
      [camera.orgId, camera.id, new Date(recordingHorizon), new Date(eventHorizon), [...HEALTH_EVENT_LABELS], limit],
    );
    return rows.map((r) => ({ key: r.key, startsAt: r.starts_at.getTime(), bytes: Number(r.bytes), overlapsEvent: r.overlaps_event }));
  }

  /** Segments of a camera past continuous retention that a held lock keeps. */
  async segmentsKeptByLocks(camera: { orgId: string; id: string }, recordingHorizon: number): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `select count(*) as n from segments s where s.org_id = $1 and s.camera_id = $2 and s.ends_at <= $3 and ${LOCKED('s', 's.starts_at', 's.ends_at')}`,
      [camera.orgId, camera.id, new Date(recordingHorizon)],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Bytes of a site's segments. */
  async siteBytes(orgId: string, siteId: string): Promise<number> {
    const { rows } = await this.db.query<{ bytes: string }>(
      `select coalesce(sum(s.bytes), 0) as bytes from segments s join cameras c on c.org_id = s.org_id and c.id = s.camera_id
        where c.org_id = $1 and c.site_id = $2`,
      [orgId, siteId],
    );
    return Number(rows[0]?.bytes ?? 0);
  }

  /** The oldest unlocked segments of a site's cameras, with their camera. */
  async oldestSiteSegments(orgId: string, siteId: string, limit: number): Promise<Array<DoomedSegment & { cameraId: string }>> {
    const { rows } = await this.db.query<{ key: string; camera_id: string; starts_at: Date; bytes: string }>(
      `select s.key, s.camera_id, s.starts_at, s.bytes
         from segments s join cameras c on c.org_id = s.org_id and c.id = s.camera_id
        where c.org_id = $1 and c.site_id = $2 and not ${LOCKED('s', 's.starts_at', 's.ends_at')}
        order by s.starts_at
        limit $3`,
      [orgId, siteId, limit],
    );
    return rows.map((r) => ({ key: r.key, cameraId: r.camera_id, startsAt: r.starts_at.getTime(), bytes: Number(r.bytes), overlapsEvent: false }));
  }

  /** Deletes segment rows (their objects are gone already); the starts bound the partitions touched. */
  async deleteSegments(orgId: string, segments: readonly { key: string; startsAt: number }[]): Promise<number> {
    if (segments.length === 0) return 0;
    const starts = segments.map((s) => s.startsAt);
    const { rowCount } = await this.db.query(
      'delete from segments where org_id = $1 and key = any($2) and starts_at >= $3 and starts_at <= $4',
      [orgId, segments.map((s) => s.key), new Date(Math.min(...starts)), new Date(Math.max(...starts))],
    );
    return rowCount ?? 0;
  }

  /**
   * Events past retention, unlocked: a camera's (`cameraId`) or the
   * organisation's events without a camera (agent events, `cameraId` null)
   * that ended (or, open, started) by the horizon. Oldest first.
   */
  async eventsPastRetention(orgId: string, cameraId: string | null, horizon: number, limit: number): Promise<DoomedEvent[]> {
    const { rows } = await this.db.query<{ id: string; started_at: Date; snapshot_key: string | null }>(
      `select e.id, e.started_at, e.snapshot_key from events e
        where e.org_id = $1 and ${cameraId === null ? 'e.camera_id is null' : 'e.camera_id = $4'}
          and e.started_at < $2 and coalesce(e.ended_at, e.started_at) <= $2
          and not ${LOCKED('e', 'e.started_at', "coalesce(e.ended_at, 'infinity')")}
        order by e.started_at
        limit $3`,
      cameraId === null ? [orgId, new Date(horizon), limit] : [orgId, new Date(horizon), limit, cameraId],
    );
    return rows.map((r) => ({ id: r.id, startedAt: r.started_at.getTime(), snapshotKey: r.snapshot_key }));
  }

  async deleteEvents(orgId: string, events: readonly DoomedEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const starts = events.map((e) => e.startedAt);
    const { rowCount } = await this.db.query(
      'delete from events where org_id = $1 and id = any($2) and started_at >= $3 and started_at <= $4',
      [orgId, events.map((e) => e.id), new Date(Math.min(...starts)), new Date(Math.max(...starts))],
    );
    return rowCount ?? 0;
  }

  /** The monthly partitions of a table, oldest first. */
  async partitions(table: PartitionedTable): Promise<PartitionSpan[]> {
    const { rows } = await this.db.query<{ name: string }>(
      'select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = $1::regclass',
      [table],
    );
    return rows.flatMap((r) => {
      const m = PARTITION_NAME.exec(r.name);
      if (!m) return [];
      const year = Number(m[2]);
      const month = Number(m[3]) - 1;
      return [{ name: r.name, from: Date.UTC(year, month, 1), to: Date.UTC(year, month + 1, 1) }];
    }).sort((a, b) => a.from - b.from);
  }

  /** Object keys held by a partition's rows (segment keys, or event snapshots), after `afterKey`, in key order. */
  async partitionKeys(table: PartitionedTable, partition: string, afterKey: string, limit: number): Promise<string[]> {
    if (!PARTITION_NAME.test(partition)) throw new Error(`not a partition name: ${partition}`);
    const column = table === 'segments' ? 'key' : 'snapshot_key';
    const { rows } = await this.db.query<{ key: string }>(
      `select distinct ${column} as key from "${partition}" where ${column} is not null and ${column} > $1 order by 1 limit $2`,
      [afterKey, limit],
    );
    return rows.map((r) => r.key);
  }

  async partitionRows(partition: string): Promise<number> {
    if (!PARTITION_NAME.test(partition)) throw new Error(`not a partition name: ${partition}`);
    const { rows } = await this.db.query<{ n: string }>(`select count(*) as n from "${partition}"`);
    return Number(rows[0]?.n ?? 0);
  }

  async isEmpty(partition: string): Promise<boolean> {
    if (!PARTITION_NAME.test(partition)) throw new Error(`not a partition name: ${partition}`);
    const { rows } = await this.db.query(`select 1 from "${partition}" limit 1`);
    return rows.length === 0;
  }

  async dropPartition(partition: string): Promise<void> {
    if (!PARTITION_NAME.test(partition)) throw new Error(`not a partition name: ${partition}`);
    await this.db.query(`drop table if exists "${partition}"`);
  }

  // Settings ------------------------------------------------------------------

  /** A camera's own retention settings (null: the default), or undefined when the scope has no such camera. */
  async cameraSettings(orgId: string, siteIds: readonly string[] | null, cameraId: string): Promise<{ days: number | null; eventDays: number | null } | undefined> {
    const { rows } = await this.db.query<{ retention_days: number | null; retention_event_days: number | null }>(
      'select retention_days, retention_event_days from cameras where org_id = $1 and id = $2 and ($3::text[] is null or site_id = any($3))',
      [orgId, cameraId, siteIds === null ? null : [...siteIds]],
    );
    return rows[0] && { days: rows[0].retention_days, eventDays: rows[0].retention_event_days };
  }

  async setCameraSettings(orgId: string, cameraId: string, days: number | null, eventDays: number | null): Promise<void> {
    await this.db.query('update cameras set retention_days = $3, retention_event_days = $4, updated_at = now() where org_id = $1 and id = $2', [orgId, cameraId, days, eventDays]);
  }

  /** Sets a site's quota; false when the scope has no such site. */
  async setSiteQuota(orgId: string, siteIds: readonly string[] | null, siteId: string, bytes: number | null): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'update sites set quota_bytes = $3 where org_id = $1 and id = $2 and ($4::text[] is null or id = any($4))',
      [orgId, siteId, bytes, siteIds === null ? null : [...siteIds]],
    );
    return (rowCount ?? 0) > 0;
  }

  // Reports -------------------------------------------------------------------

  async startRun(id: string, orgId: string | null, at: number): Promise<void> {
    await this.db.query("insert into retention_runs (id, org_id, started_at, state) values ($1, $2, $3, 'running')", [id, orgId, new Date(at)]);
  }

  async saveRun(report: RetentionReport): Promise<void> {
    await this.db.query(
      `update retention_runs set state = $2, finished_at = $3, deleted_segments = $4, deleted_bytes = $5, deleted_events = $6,
              kept_by_locks = $7, by_reason = $8, dropped_partitions = $9, error = $10
        where id = $1`,
      [report.runId, report.state, report.finishedAt === null ? null : new Date(report.finishedAt), report.deletedSegments, report.deletedBytes,
        report.deletedEvents, report.keptByLocks, JSON.stringify(report.byReason), report.droppedPartitions, report.error],
    );
  }

  async runs(orgId: string, limit: number): Promise<RetentionReport[]> {
    const { rows } = await this.db.query<{
      id: string; org_id: string | null; state: RetentionReport['state']; started_at: Date; finished_at: Date | null; deleted_segments: string;
      deleted_bytes: string; deleted_events: string; kept_by_locks: string; by_reason: Record<string, number>; dropped_partitions: string[]; error: string | null;
    }>('select * from retention_runs where org_id = $1 order by started_at desc limit $2', [orgId, limit]);
    return rows.map((r) => ({
      runId: r.id, orgId: r.org_id, state: r.state, startedAt: r.started_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null,
      deletedSegments: Number(r.deleted_segments), deletedBytes: Number(r.deleted_bytes), deletedEvents: Number(r.deleted_events),
      keptByLocks: Number(r.kept_by_locks), byReason: r.by_reason, droppedPartitions: r.dropped_partitions, error: r.error,
    }));
  }
}
