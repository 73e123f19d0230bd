import type pg from 'pg';
import { ALERT_PLAYBACK_LEAD_SECONDS, type AlertRecord, type AlertState } from '@argus/contracts';
import { newId } from '../auth/secrets.js';
import { eventPlaybackUrl } from '../core/playback-url.js';

interface AlertRow {
  id: string;
  rule_id: string;
  rule_name: string;
  severity: AlertRecord['severity'];
  state: AlertState;
  event_id: string;
  label: string;
  camera_id: string | null;
  site_id: string | null;
  event_started_at: Date;
  opened_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  note: string | null;
  assignee: string | null;
  snapshot_key: string | null;
  event_ended_at: Date | null;
}

// The event's snapshot and end come from the event itself: an alert opened on a start shows the snapshot of a later phase.
const SELECT = `select a.id, a.rule_id, a.rule_name, a.severity, a.state, a.event_id, a.label, a.camera_id, a.site_id, a.event_started_at, a.opened_at,
       a.acknowledged_at, a.acknowledged_by, a.resolved_at, a.resolved_by, a.note, a.assignee, e.snapshot_key, e.ended_at as event_ended_at
  from alerts a left join events e on e.org_id = a.org_id and e.id = a.event_id`;

/** Playback of the camera from ALERT_PLAYBACK_LEAD_SECONDS before the event to a minute after it (or its end). */
export const alertPlaybackUrl = (cameraId: string, startedAt: number, endedAt: number | null): string =>
  eventPlaybackUrl(cameraId, startedAt, endedAt, ALERT_PLAYBACK_LEAD_SECONDS);

const toRecord = (r: AlertRow): AlertRecord => ({
  id: r.id,
  ruleId: r.rule_id,
  ruleName: r.rule_name,
  severity: r.severity,
  state: r.state,
  eventId: r.event_id,
  label: r.label,
  cameraId: r.camera_id,
  siteId: r.site_id,
  eventStartedAt: r.event_started_at.toISOString(),
  openedAt: r.opened_at.toISOString(),
  acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
  acknowledgedBy: r.acknowledged_by,
  resolvedAt: r.resolved_at?.toISOString() ?? null,
  resolvedBy: r.resolved_by,
  note: r.note,
  assignee: r.assignee,
  snapshotUrl: r.snapshot_key === null ? null : `/api/media/${r.snapshot_key}`,
  playbackUrl: r.camera_id === null ? null : alertPlaybackUrl(r.camera_id, r.event_started_at.getTime(), r.event_ended_at?.getTime() ?? null),
});

export interface NewAlert {
  readonly orgId: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: AlertRecord['severity'];
  readonly eventId: string;
  readonly label: string;
  readonly cameraId: string | null;
  readonly siteId: string | null;
  readonly eventStartedAt: number;
  readonly openedAt: number;
}

export interface AlertFilter {
  readonly orgId: string;
  /** null: every site of the organisation. */
  readonly siteIds: readonly string[] | null;
  readonly state?: AlertState | undefined;
  readonly cameraId?: string | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly limit: number;
}

/** A transition: who, when, and what it sets. */
export type AlertTransition =
  | { readonly kind: 'ack'; readonly by: string; readonly at: number; readonly note?: string | undefined }
  | { readonly kind: 'resolve'; readonly by: string; readonly at: number; readonly note?: string | undefined }
  | { readonly kind: 'assign'; readonly assignee: string | null };

/** Alerts (migration 007). */
export class AlertsRepository {
  constructor(private readonly db: pg.Pool) {}

  /** Opens an alert; undefined when the rule already has one for this event (one per rule and tracked object). */
  async open(alert: NewAlert): Promise<AlertRecord | undefined> {
    const id = newId('alr');
    const { rowCount } = await this.db.query(
      `insert into alerts (org_id, id, rule_id, rule_name, severity, state, event_id, label, camera_id, site_id, event_started_at, opened_at)
       values ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11)
       on conflict (org_id, rule_id, event_id) do nothing`,
      [alert.orgId, id, alert.ruleId, alert.ruleName, alert.severity, alert.eventId, alert.label, alert.cameraId, alert.siteId, new Date(alert.eventStartedAt), new Date(alert.openedAt)],
    );
    return (rowCount ?? 0) > 0 ? this.get(alert.orgId, null, id) : undefined;
  }

  /** For the rules of a batch: which (rule, event) pairs already have an alert, and each rule's last alert per camera. */
  async history(orgId: string, ruleIds: readonly string[], eventIds: readonly string[]): Promise<{ alerted: Set<string>; lastOnCamera: Map<string, number> }> {
    const alerted = new Set<string>();
    const lastOnCamera = new Map<string, number>();
    if (ruleIds.length === 0) return { alerted, lastOnCamera };
    const pairs = await this.db.query<{ rule_id: string; event_id: string }>(
      'select rule_id, event_id from alerts where org_id = $1 and rule_id = any($2) and event_id = any($3)',
      [orgId, [...ruleIds], [...eventIds]],
    );
    for (const r of pairs.rows) alerted.add(`${r.rule_id}\n${r.event_id}`);
    const last = await this.db.query<{ rule_id: string; camera_id: string | null; opened_at: Date }>(
      `select rule_id, camera_id, max(opened_at) as opened_at from alerts where org_id = $1 and rule_id = any($2) group by rule_id, camera_id`,
      [orgId, [...ruleIds]],
    );
    for (const r of last.rows) lastOnCamera.set(`${r.rule_id}\n${r.camera_id ?? ''}`, r.opened_at.getTime());
    return { alerted, lastOnCamera };
  }

  /** An alert the scope may see (siteIds null: any site). */
  async get(orgId: string, siteIds: readonly string[] | null, id: string): Promise<AlertRecord | undefined> {
    const { rows } = await this.db.query<AlertRow>(`${SELECT} where a.org_id = $1 and a.id = $2 and ($3::text[] is null or a.site_id = any($3))`, [orgId, id, siteIds === null ? null : [...siteIds]]);
    return rows[0] && toRecord(rows[0]);
  }

  /** Newest first; from/to select alerts whose event started in [from, to). */
  async list(filter: AlertFilter): Promise<AlertRecord[]> {
    const { rows } = await this.db.query<AlertRow>(
      `${SELECT}
        where a.org_id = $1
          and ($2::text[] is null or a.site_id = any($2))
          and ($3::text is null or a.state = $3)
          and ($4::text is null or a.camera_id = $4)
          and ($5::timestamptz is null or a.event_started_at >= $5)
          and ($6::timestamptz is null or a.event_started_at < $6)
        order by a.opened_at desc, a.id desc
        limit $7`,
      [
        filter.orgId, filter.siteIds === null ? null : [...filter.siteIds], filter.state ?? null, filter.cameraId ?? null,
        filter.from === undefined ? null : new Date(filter.from), filter.to === undefined ? null : new Date(filter.to), filter.limit,
      ],
    );
    return rows.map(toRecord);
  }

  /**
   * Applies a transition when the alert's state allows it: acknowledge an
   * open alert; resolve an open or acknowledged one; assign an alert that is
   * not resolved. Returns the alert after it, or `{ refused: state }`.
   */
  async transition(orgId: string, siteIds: readonly string[] | null, id: string, t: AlertTransition): Promise<AlertRecord | { refused: AlertState } | undefined> {
    const scope = siteIds === null ? null : [...siteIds];
    let sql: string;
    let values: unknown[];
    switch (t.kind) {
      case 'ack':
        sql = `update alerts set state = 'acknowledged', acknowledged_at = $4, acknowledged_by = $5, note = coalesce($6, note)
                where org_id = $1 and id = $2 and ($3::text[] is null or site_id = any($3)) and state = 'open'`;
        values = [orgId, id, scope, new Date(t.at), t.by, t.note ?? null];
        break;
      case 'resolve':
        sql = `update alerts set state = 'resolved', resolved_at = $4, resolved_by = $5, note = coalesce($6, note),
                      acknowledged_at = coalesce(acknowledged_at, $4), acknowledged_by = coalesce(acknowledged_by, $5)
                where org_id = $1 and id = $2 and ($3::text[] is null or site_id = any($3)) and state in ('open', 'acknowledged')`;
        values = [orgId, id, scope, new Date(t.at), t.by, t.note ?? null];
        break;
      case 'assign':
        sql = `update alerts set assignee = $4 where org_id = $1 and id = $2 and ($3::text[] is null or site_id = any($3)) and state <> 'resolved'`;
        values = [orgId, id, scope, t.assignee];
        break;
    }
    const { rowCount } = await this.db.query(sql, values);
    const after = await this.get(orgId, siteIds, id);
    if (!after) return undefined;
    return (rowCount ?? 0) > 0 ? after : { refused: after.state };
  }
}
