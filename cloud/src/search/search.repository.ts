import type pg from 'pg';
import type { EventRecord, HistogramBucket, SearchSort } from '@argus/contracts';
import type { SearchCriteria, SearchCursor } from '../core/search-query.js';
import { EVENT_COLUMNS, TIMELINE_EVENT_LOOKBACK_MS, toEventRecord, type EventRow } from '../events/events.repository.js';

/**
 * How long before `from` a matching event may have started (it overlaps the
 * range). Every search bounds `started_at` by [from - this, to), so the scan
 * of events (and, once the table is partitioned by started_at, the set of
 * partitions) is bounded; an event lasting longer is one whose end was lost.
 * The timeline's bound, on purpose: both draw from the same events.
 */
export const SEARCH_EVENT_LOOKBACK_MS = TIMELINE_EVENT_LOOKBACK_MS;

/** A hit as stored, with the exact key of its row for the next page's cursor. */
export interface SearchRow {
  readonly event: EventRecord;
  readonly cursor: SearchCursor;
}

/**
 * Forensic search over the events table: one organisation's detections and
 * camera health events (those with a camera; an agent's health has no
 * picture to show), read only.
 */
export class SearchRepository {
  constructor(private readonly db: pg.Pool) {}

  /**
   * One page of events matching `criteria`, in `sort` order, after `after`
   * (exclusive). Reads `limit + 1` rows: the caller learns whether another
   * page exists.
   */
  async search(orgId: string, criteria: SearchCriteria, sort: SearchSort, after: SearchCursor | undefined, limit: number, now: number): Promise<SearchRow[]> {
    const where = matching(orgId, criteria, now);
    // An event [started_at, ended_at) overlaps [from, to) when it starts before `to` (in matching()) and ends after `from`
    // (an open one has not ended); one that starts at or after `from` overlaps even when it lasted no time at all.
    const p = (value: unknown): string => `$${where.params.push(value)}`;
    const from = p(new Date(criteria.range.from));
    where.clauses.push(`(coalesce(ended_at, 'infinity') > ${from} or started_at >= ${from})`);
    if (after !== undefined) {
      const t = p(after.startedAt);
      const id = p(after.id);
      if (after.sort === 'time') {
        where.clauses.push(`(started_at, id) < (${t}::timestamptz, ${id}::text)`);
      } else if (after.score === null) {
        where.clauses.push(`score is null and (started_at, id) < (${t}::timestamptz, ${id}::text)`);
      } else {
        const s = p(after.score);
        where.clauses.push(`(score is null or score < ${s}::real or (score = ${s}::real and (started_at, id) < (${t}::timestamptz, ${id}::text)))`);
      }
    }
    const order = sort === 'time' ? 'started_at desc, id desc' : 'score desc nulls last, started_at desc, id desc';
    const { rows } = await this.db.query<EventRow & { key_started: string }>(
      `select ${EVENT_COLUMNS}, to_char(started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as key_started
         from events
        where ${where.clauses.join('\n          and ')}
        order by ${order}
        limit ${p(limit + 1)}`,
      where.params,
    );
    return rows.map((row) => ({
      event: toEventRecord(row),
      cursor: sort === 'time'
        ? { sort: 'time', startedAt: row.key_started, id: row.id }
        : { sort: 'score', score: row.score, startedAt: row.key_started, id: row.id },
    }));
  }

  /**
   * How many events matching `criteria` start in each bucket of the range
   * (only those starting within [from, to)), keyed by bucket start (epoch ms).
   */
  async histogram(orgId: string, criteria: SearchCriteria, bucketMs: number, now: number): Promise<Map<number, number>> {
    const where = matching(orgId, criteria, now);
    const p = (value: unknown): string => `$${where.params.push(value)}`;
    where.clauses.push(`started_at >= ${p(new Date(criteria.range.from))}`);
    const size = p(bucketMs);
    const { rows } = await this.db.query<{ bucket: string; n: number }>(
      `select (floor(extract(epoch from started_at) * 1000 / ${size}::bigint) * ${size}::bigint)::bigint::text as bucket, count(*)::int as n
         from events
        where ${where.clauses.join('\n          and ')}
        group by 1`,
      where.params,
    );
    return new Map(rows.map((r) => [Number(r.bucket), r.n]));
  }
}

/**
 * The filters common to searches and histograms: the organisation, the
 * caller's sites, events with a camera, `started_at` within
 * [from - SEARCH_EVENT_LOOKBACK_MS, to) (the bound partition pruning and
 * the start-time indexes need), and each filter that is present.
 */
function matching(orgId: string, c: SearchCriteria, now: number): { clauses: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown): string => `$${params.push(value)}`;
  const clauses = [
    `org_id = ${p(orgId)}`,
    'camera_id is not null',
    `started_at < ${p(new Date(c.range.to))}`,
    `started_at >= ${p(new Date(c.range.from - SEARCH_EVENT_LOOKBACK_MS))}`,
  ];
  if (c.siteIds !== null) clauses.push(`site_id = any(${p([...c.siteIds])}::text[])`);
  if (c.cameraIds !== undefined) clauses.push(`camera_id = any(${p([...c.cameraIds])}::text[])`);
  if (c.labels !== undefined) clauses.push(`label = any(${p([...c.labels])}::text[])`);
  if (c.zones !== undefined) clauses.push(`zones && ${p([...c.zones])}::text[]`);
  if (c.minScore !== undefined) clauses.push(`score >= ${p(c.minScore)}::real`);
  if (c.color !== undefined) clauses.push(`attributes->>'color' = ${p(c.color)}`);
  if (c.minDwellSeconds !== undefined) {
    clauses.push(`coalesce(ended_at, ${p(new Date(now))}::timestamptz) - started_at >= ${p(c.minDwellSeconds)}::double precision * interval '1 second'`);
  }
  return { clauses, params };
}
