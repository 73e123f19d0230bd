import type pg from 'pg';
import { MonthPartitions } from '../db/month-partitions.js';
import { inTransaction } from '../db/transaction.js';
import { phaseMayFollow, type EventPhase, type StreamName } from '@argus/core';
import type { HealthAction, HealthEventKind, OpenOutage } from '../core/health-rules.js';
import type { HealthEventInput } from '../core/health-history.js';
import { HEALTH_EVENT_LABELS, type EventRecord } from '@argus/contracts';
import type { TimeRange } from '@argus/core';

/** An event ready to store: times in epoch ms, defaults applied. */
export interface EventWrite {
  readonly id: string;
  readonly phase: EventPhase;
  readonly cameraId: string;
  readonly siteId: string;
  readonly agentId: string;
  readonly stream: StreamName | null;
  readonly label: string;
  readonly score: number | null;
  readonly box: { x: number; y: number; width: number; height: number } | null;
  readonly zones: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly path: EventRecord['path'];
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly snapshotKey: string | null;
}

interface EventRow {
  id: string;
  phase: EventPhase;
  camera_id: string | null;
  agent_id: string | null;
  site_id: string | null;
  stream: StreamName | null;
  label: string;
  score: number | null;
  box: EventRecord['box'];
  zones: string[];
  attributes: Record<string, string>;
  path: EventRecord['path'];
  started_at: Date;
  ended_at: Date | null;
  snapshot_key: string | null;
  source: 'edge' | 'cloud';
  updated_at: Date;
}

const COLUMNS = 'id, phase, camera_id, agent_id, site_id, stream, label, score, box, zones, attributes, path, started_at, ended_at, snapshot_key, source, updated_at';

const toRecord = (r: EventRow): EventRecord => ({
  id: r.id,
  phase: r.phase,
  cameraId: r.camera_id,
  agentId: r.agent_id,
  siteId: r.site_id,
  stream: r.stream,
  label: r.label,
  score: r.score,
  box: r.box,
  zones: r.zones,
  attributes: r.attributes,
  path: r.path,
  startedAt: r.started_at.toISOString(),
  endedAt: r.ended_at?.toISOString() ?? null,
  snapshotKey: r.snapshot_key,
  source: r.source,
  updatedAt: r.updated_at.toISOString(),
});

/** The row, its columns and its record, for other contexts that read events (search/). */
export { COLUMNS as EVENT_COLUMNS, toRecord as toEventRecord, type EventRow };

/** How far an event's start may differ between its phases and still find its stored row (clock corrections on the edge). */
const START_SLACK_MS = 86_400_000;

// Phase order in SQL, the backstop for concurrent first inserts of one id
// (the decision itself is made with core's phaseMayFollow).
const PHASE_RANK = (table: string): string => `array_position(array['start','update','end'], ${table}.phase)`;

export interface EventFilter {
  readonly orgId: string;
  /** null: every site of the org. */
  readonly siteIds: readonly string[] | null;
  readonly cameraId?: string | undefined;
  readonly label?: string | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly limit: number;
}

/** A detection event as the timeline draws it. Times are epoch ms. */
export interface TimelineEventRow {
  readonly id: string;
  readonly label: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly score: number | null;
  readonly zones: readonly string[];
  readonly snapshotKey: string | null;
}

/** A period a camera was offline, clipped to the range asked for. */
export interface OfflinePeriod extends TimeRange {
  readonly reason: string | null;
}

/**
 * How far before a timeline's range an event may start and still be drawn
 * (it overlaps the range). Bounds the index scan; a detection lasting longer
 * than this is an event whose end was lost, not something to draw for ever.
 */
export const TIMELINE_EVENT_LOOKBACK_MS = 24 * 3_600_000;

/** How far before a health history's start its query looks for events still overlapping it (ms). */
export const HEALTH_HISTORY_LOOKBACK_MS = 31 * 24 * 3_600_000;

/** Events of every organisation; each call names the organisation. */
export class EventsRepository {
  private readonly partitions: MonthPartitions;

  constructor(private readonly db: pg.Pool) {
    this.partitions = new MonthPartitions(db, 'events');
  }

  /**
   * Upserts a batch by id in one transaction. An event is applied when its
   * phase may follow the stored one (core's phaseMayFollow) and, for an id
   * already stored, it is about the same camera; otherwise it is ignored.
   * Several phases of one id in a batch are applied in order.
   */
  async upsertBatch(orgId: string, events: readonly EventWrite[]): Promise<{ accepted: number; ignored: number; applied: EventWrite[] }> {
    if (events.length === 0) return { accepted: 0, ignored: 0, applied: [] };
    return this.partitions.write(events.map((e) => e.startedAt), () => inTransaction(this.db, async (client) => {
      const ids = [...new Set(events.map((e) => e.id))];
      // Locks the stored rows of the batch: concurrent batches touching them wait, so phases are decided on current data.
      // An event's start is part of its key (the edge never moves it), so the rows are looked for around the batch's
      // starts: the scan prunes to those partitions instead of probing every month's index for every id.
      const starts = events.map((e) => e.startedAt);
      const { rows } = await client.query<{ id: string; phase: EventPhase; camera_id: string | null; source: string; started_at: Date }>(
        `select id, phase, camera_id, source, started_at from events
          where org_id = $1 and id = any($2) and started_at >= $3 and started_at <= $4
          for update`,
        [orgId, ids, new Date(Math.min(...starts) - START_SLACK_MS), new Date(Math.max(...starts) + START_SLACK_MS)],
      );
      const stored = new Map(rows.map((r) => [r.id, r]));
      const latest = new Map<string, EventWrite>();
      let accepted = 0;
      for (const event of events) {
        const before = stored.get(event.id);
        const current = latest.get(event.id)?.phase ?? before?.phase;
        const sameSubject = !before || (before.camera_id === event.cameraId && before.source === 'edge');
        if (sameSubject && (current === undefined || phaseMayFollow(current, event.phase))) {
          latest.set(event.id, event);
          accepted += 1;
        }
      }
      if (latest.size === 0) return { accepted, ignored: events.length, applied: [] };
      // One statement for the batch. An event keeps the start it was stored with: it is part of the key (the partition).
      const batch = [...latest.values()].map((e) => ({
        id: e.id, site_id: e.siteId, camera_id: e.cameraId, agent_id: e.agentId, phase: e.phase, label: e.label, stream: e.stream,
        score: e.score, box: e.box, zones: e.zones, attributes: e.attributes, path: e.path,
        started_at: new Date(stored.get(e.id)?.started_at.getTime() ?? e.startedAt).toISOString(),
        ended_at: e.endedAt === null ? null : new Date(e.endedAt).toISOString(), snapshot_key: e.snapshotKey,
      }));
      await client.query(
        `insert into events (id, org_id, site_id, camera_id, agent_id, phase, label, stream, score, box, zones, attributes, started_at, ended_at, snapshot_key, source, path)
         select r.id, $1, r.site_id, r.camera_id, r.agent_id, r.phase, r.label, r.stream, r.score, r.box, r.zones, r.attributes, r.started_at, r.ended_at, r.snapshot_key, 'edge', r.path
           from jsonb_to_recordset($2::jsonb) as r(id text, site_id text, camera_id text, agent_id text, phase text, label text, stream text, score real,
                                                     box jsonb, zones text[], attributes jsonb, path jsonb, started_at timestamptz, ended_at timestamptz, snapshot_key text)
         on conflict (org_id, id, started_at) do update set
           phase = excluded.phase, label = excluded.label, stream = excluded.stream, score = excluded.score, box = excluded.box,
           zones = excluded.zones, attributes = excluded.attributes, path = excluded.path, ended_at = excluded.ended_at,
           snapshot_key = excluded.snapshot_key, agent_id = excluded.agent_id, updated_at = now()
         where ${PHASE_RANK('excluded')} >= ${PHASE_RANK('events')} and events.camera_id = excluded.camera_id`,
        [orgId, JSON.stringify(batch)],
      );
      return { accepted, ignored: events.length - accepted, applied: [...latest.values()] };
    }));
  }

  /** Events overlapping [from, to) (an open event extends to now), newest start first. */
  async list(filter: EventFilter): Promise<EventRecord[]> {
    const { rows } = await this.db.query<EventRow>(
      `select ${COLUMNS} from events
        where org_id = $1
          and ($2::text is null or camera_id = $2)
          and ($3::text is null or label = $3)
          and ($4::timestamptz is null or coalesce(ended_at, 'infinity') >= $4)
          and ($5::timestamptz is null or started_at < $5)
          and ($7::text[] is null or site_id = any($7))
        order by started_at desc, id
        limit $6`,
      [
        filter.orgId, filter.cameraId ?? null, filter.label ?? null,
        filter.from === undefined ? null : new Date(filter.from), filter.to === undefined ? null : new Date(filter.to), filter.limit,
        filter.siteIds === null ? null : [...filter.siteIds],
      ],
    );
    return rows.map(toRecord);
  }

  /** Cloud-raised health events that have started and not ended. */
  async openOutages(orgId: string): Promise<OpenOutage[]> {
    const { rows } = await this.db.query<{ id: string; label: HealthEventKind; subject: string }>(
      `select id, label, coalesce(camera_id, agent_id) as subject from events
        where org_id = $1 and source = 'cloud' and phase <> 'end' and label in ('camera-offline', 'agent-offline')`,
      [orgId],
    );
    return rows.map((r) => ({ eventId: r.id, kind: r.label, subjectId: r.subject }));
  }

  /**
   * Applies one health decision; idempotent (a replica that raced us has
   * written the same row). Returns the event as stored when this call
   * changed it (to publish), undefined when it was already so.
   */
  async applyHealth(orgId: string, action: HealthAction): Promise<EventRecord | undefined> {
    if (action.type === 'start') {
      const camera = action.kind === 'camera-offline';
      const { rows } = await this.partitions.write([action.since], () => this.db.query<EventRow>(
        `insert into events (id, org_id, site_id, camera_id, agent_id, phase, label, attributes, started_at, source)
         select $1, $2, $3, $4, $5, 'start', $6, $7, $8, 'cloud'
          where not exists (select 1 from events where org_id = $2 and id = $1)
         on conflict (org_id, id, started_at) do nothing
         returning ${COLUMNS}`,
        [action.eventId, orgId, action.siteId, camera ? action.subjectId : null, camera ? null : action.subjectId, action.kind, JSON.stringify({ reason: action.reason }), new Date(action.since)],
      ));
      return rows[0] && toRecord(rows[0]);
    }
    const { rows } = await this.db.query<EventRow>(
      `update events set phase = 'end', ended_at = $2, updated_at = now() where org_id = $3 and id = $1 and phase <> 'end'
       returning ${COLUMNS}`,
      [action.outage.eventId, new Date(action.endedAt), orgId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /**
   * Detection events of a camera (health events excluded) overlapping
   * [from, to), at most `limit`: the newest ones when more overlap
   * (`truncated`), returned oldest first. A backward scan of
   * events_camera_started_idx from `to`, bounded by the look-back.
   */
  async timelineEvents(orgId: string, cameraId: string, range: TimeRange, limit: number): Promise<{ events: TimelineEventRow[]; truncated: boolean }> {
    const { rows } = await this.db.query<{ id: string; label: string; started_at: Date; ended_at: Date | null; score: number | null; zones: string[]; snapshot_key: string | null }>(
      `select id, label, started_at, ended_at, score, zones, snapshot_key from events
        where org_id = $1 and camera_id = $2 and label <> all($3)
          and started_at < $5 and started_at >= $6 and coalesce(ended_at, 'infinity') >= $4
        order by started_at desc, id desc
        limit $7`,
      [orgId, cameraId, [...HEALTH_EVENT_LABELS], new Date(range.from), new Date(range.to), new Date(range.from - TIMELINE_EVENT_LOOKBACK_MS), limit + 1],
    );
    const kept = rows.slice(0, limit).reverse();
    return {
      truncated: rows.length > limit,
      events: kept.map((r) => ({
        id: r.id, label: r.label, startedAt: r.started_at.getTime(), endedAt: r.ended_at?.getTime() ?? null,
        score: r.score, zones: r.zones, snapshotKey: r.snapshot_key,
      })),
    };
  }

  /**
   * Health events (HEALTH_EVENT_LABELS) of the given cameras, and of the
   * given agents (agent events have no camera), overlapping [from, to), the
   * newest `limit` returned oldest first. The partition scan is bounded by
   * HEALTH_HISTORY_LOOKBACK_MS before `from`: an outage open for longer is
   * still shown by the site's current health, not by its history.
   */
  async healthHistory(orgId: string, subjects: { cameraIds: readonly string[]; agentIds: readonly string[] }, range: TimeRange, limit: number): Promise<{ rows: HealthEventInput[]; truncated: boolean }> {
    const { rows } = await this.db.query<{ id: string; label: string; camera_id: string | null; agent_id: string | null; started_at: Date; ended_at: Date | null; reason: string | null; source: 'edge' | 'cloud' }>(
      `select id, label, camera_id, agent_id, started_at, ended_at, attributes->>'reason' as reason, source from events
        where org_id = $1 and label = any($2)
          and (camera_id = any($3) or (camera_id is null and agent_id = any($4)))
          and started_at < $6 and started_at >= $7 and coalesce(ended_at, 'infinity') > $5
        order by started_at desc, id desc
        limit $8`,
      [orgId, [...HEALTH_EVENT_LABELS], [...subjects.cameraIds], [...subjects.agentIds], new Date(range.from), new Date(range.to), new Date(range.from - HEALTH_HISTORY_LOOKBACK_MS), limit + 1],
    );
    return {
      truncated: rows.length > limit,
      rows: rows.slice(0, limit).reverse().map((r) => ({
        id: r.id, label: r.label, cameraId: r.camera_id, agentId: r.agent_id,
        startedAt: r.started_at.getTime(), endedAt: r.ended_at?.getTime() ?? null, reason: r.reason, source: r.source,
      })),
    };
  }

  /**
   * A camera's `camera-offline` periods (the edge's and the cloud's)
   * overlapping [from, to), clipped to it, oldest first; one still open runs
   * until `openUntil` (now). Through events_camera_offline_idx (migration 004).
   */
  async offlinePeriods(orgId: string, cameraId: string, range: TimeRange, openUntil: number): Promise<OfflinePeriod[]> {
    const { rows } = await this.db.query<{ period_from: Date; period_to: Date; reason: string | null }>(
      `select greatest(started_at, $3) as period_from, least(coalesce(ended_at, $5), $4) as period_to, attributes->>'reason' as reason
         from events
        where org_id = $1 and camera_id = $2 and label = 'camera-offline'
          and started_at < $4 and coalesce(ended_at, $5) > $3
        order by started_at, id`,
      [orgId, cameraId, new Date(range.from), new Date(range.to), new Date(Math.max(openUntil, range.from))],
    );
    return rows
      .map((r) => ({ from: r.period_from.getTime(), to: r.period_to.getTime(), reason: r.reason }))
      .filter((p) => p.to > p.from);
  }
}
