import type pg from 'pg';
import type { StreamName } from '@argus/core';
import { cameraOutage, type CameraObservation } from '../core/health-rules.js';
import type { CameraSummary, CameraUpsertBody } from '@argus/contracts';
import type { TenantScope } from '../http/principal.js';

interface CameraRow {
  id: string;
  name: string;
  site_id: string;
  streams: StreamName[];
  created_at: Date;
  last_segment_at: Date | null;
  state: string | null;
  state_since: Date | null;
  fps: number | null;
  bitrate_kbps: number | null;
  reported_last_segment_at: Date | null;
}

/** What the health rules and the health endpoints need of a camera. */
export interface CameraHealthRecord extends CameraObservation {
  readonly name: string;
  readonly fps: number | null;
  readonly bitrateKbps: number | null;
  /** Newest indexed segment end (the cloud's own knowledge). */
  readonly indexedLastSegmentAt: number | null;
}

const ms = (d: Date | null): number | null => d?.getTime() ?? null;

const toHealth = (row: CameraRow): CameraHealthRecord => {
  const indexed = ms(row.last_segment_at);
  const reported = ms(row.reported_last_segment_at);
  return {
    id: row.id,
    name: row.name,
    siteId: row.site_id,
    createdAt: row.created_at.getTime(),
    // The edge knows of segments still queued for upload: a camera recording
    // behind a slow uplink is online, its recordings merely late.
    lastSegmentAt: indexed === null ? reported : reported === null ? indexed : Math.max(indexed, reported),
    indexedLastSegmentAt: indexed,
    state: row.state,
    stateSince: ms(row.state_since),
    fps: row.fps,
    bitrateKbps: row.bitrate_kbps,
  };
};

// Newest segment per stream through the (camera_id, stream, starts_at) index:
// a backward index scan per stream instead of a max() over the whole history.
const SELECT_SUMMARY = `
  select c.id, c.name, c.site_id, c.streams, c.created_at,
         h.state, h.state_since, h.fps, h.bitrate_kbps, h.last_segment_at as reported_last_segment_at,
         (select max(newest.ends_at)
            from unnest(c.streams) as st(stream)
            cross join lateral (
              select s.ends_at from segments s
               where s.org_id = c.org_id and s.camera_id = c.id and s.stream = st.stream
               order by s.starts_at desc limit 1) as newest) as last_segment_at
    from cameras c
    left join camera_health h on h.org_id = c.org_id and h.camera_id = c.id`;

export interface CamerasHealthOptions {
  /** Clock, epoch ms. */
  readonly now: () => number;
  /** See CloudConfig.health.cameraGraceMs. */
  readonly graceMs: number;
}

export type UpsertOutcome =
  /** `change`: whether the camera is new, changed (name, site, streams) or as it was. */
  | { readonly outcome: 'ok'; readonly camera: CameraSummary; readonly change: 'created' | 'changed' | 'unchanged' }
  | { readonly outcome: 'other-site'; readonly siteId: string };

/** `and c.site_id` within the scope's sites (none: every site of the org). Parameters $1 org, $2 sites. */
const IN_SCOPE = 'c.org_id = $1 and ($2::text[] is null or c.site_id = any($2))';
const scopeParams = (scope: TenantScope): [string, string[] | null] => [scope.orgId, scope.siteIds === null ? null : [...scope.siteIds]];

/** Cameras of every organisation; each call names the organisation (and sites) it reads within. */
export class CamerasRepository {
  constructor(
    private readonly db: pg.Pool,
    private readonly health: CamerasHealthOptions = { now: Date.now, graceMs: 30_000 },
  ) {}

  /**
   * Inserts or updates a camera of `orgId`. With `onlySite`, an existing
   * camera of another site is left untouched (an agent may not move another
   * site's camera).
   */
  async upsert(orgId: string, id: string, camera: CameraUpsertBody, onlySite?: string): Promise<UpsertOutcome> {
    // The CTE reads the row as it was before this statement (the same snapshot), for the audit log's "what changed".
    const { rows: written } = await this.db.query<{ before: { name: string; site_id: string; streams: StreamName[] } | null }>(
      `with before as (select name, site_id, streams from cameras where org_id = $2 and id = $1)
       insert into cameras (id, org_id, site_id, name, streams) values ($1, $2, $3, $4, $5)
       on conflict (org_id, id) do update
         set site_id = excluded.site_id, name = excluded.name, streams = excluded.streams, updated_at = now()
       where $6::text is null or cameras.site_id = $6
       returning (select row_to_json(before) from before) as before`,
      [id, orgId, camera.siteId, camera.name, camera.streams, onlySite ?? null],
    );
    if (written.length === 1) {
      const summary = await this.get({ orgId, siteIds: null }, id);
      const before = written[0]!.before;
      const same = before !== null && before.name === camera.name && before.site_id === camera.siteId && before.streams.join() === camera.streams.join();
      if (summary) return { outcome: 'ok', camera: summary, change: before === null ? 'created' : same ? 'unchanged' : 'changed' };
    }
    const { rows } = await this.db.query<{ site_id: string }>('select site_id from cameras where org_id = $1 and id = $2', [orgId, id]);
    return { outcome: 'other-site', siteId: rows[0]?.site_id ?? camera.siteId };
  }

  async list(scope: TenantScope): Promise<CameraSummary[]> {
    const { rows } = await this.db.query<CameraRow>(`${SELECT_SUMMARY} where ${IN_SCOPE} order by c.id`, scopeParams(scope));
    return rows.map((r) => this.toSummary(r));
  }

  /** undefined for a camera outside the scope, as for one that does not exist. */
  async get(scope: TenantScope, id: string): Promise<CameraSummary | undefined> {
    const { rows } = await this.db.query<CameraRow>(`${SELECT_SUMMARY} where ${IN_SCOPE} and c.id = $3`, [...scopeParams(scope), id]);
    return rows[0] && this.toSummary(rows[0]);
  }

  /** Health view of the scope's cameras, or of one site's. */
  async healthRecords(scope: TenantScope, siteId?: string): Promise<CameraHealthRecord[]> {
    const { rows } = await this.db.query<CameraRow>(
      `${SELECT_SUMMARY} where ${IN_SCOPE} and ($3::text is null or c.site_id = $3) order by c.id`,
      [...scopeParams(scope), siteId ?? null],
    );
    return rows.map(toHealth);
  }

  /** The camera's streams and site, or undefined when there is no such camera in the scope. */
  async streams(scope: TenantScope, id: string): Promise<{ streams: StreamName[]; siteId: string } | undefined> {
    const { rows } = await this.db.query<{ streams: StreamName[]; site_id: string }>(`select c.streams, c.site_id from cameras c where ${IN_SCOPE} and c.id = $3`, [...scopeParams(scope), id]);
    return rows[0] && { streams: rows[0].streams, siteId: rows[0].site_id };
  }

  /** Site of each camera of the org that exists (ids of other orgs or none are absent). */
  async sitesOf(orgId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ id: string; site_id: string }>('select id, site_id from cameras where org_id = $1 and id = any($2)', [orgId, ids]);
    return new Map(rows.map((r) => [r.id, r.site_id]));
  }

  async siteOf(orgId: string, id: string): Promise<string | undefined> {
    return (await this.sitesOf(orgId, [id])).get(id);
  }

  async exists(scope: TenantScope, id: string): Promise<boolean> {
    const { rowCount } = await this.db.query(`select 1 from cameras c where ${IN_SCOPE} and c.id = $3`, [...scopeParams(scope), id]);
    return rowCount === 1;
  }

  /** Every site id that cameras of the org name (cameras may name sites never created with POST /api/sites). */
  async siteIds(orgId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ site_id: string }>('select distinct site_id from cameras where org_id = $1', [orgId]);
    return rows.map((r) => r.site_id);
  }

  isOnline(camera: CameraHealthRecord): boolean {
    return cameraOutage(camera, this.health.now(), this.health.graceMs) === undefined;
  }

  private toSummary(row: CameraRow): CameraSummary {
    const health = toHealth(row);
    return {
      id: row.id,
      name: row.name,
      siteId: row.site_id,
      streams: row.streams,
      lastSegmentAt: row.last_segment_at?.toISOString() ?? null,
      online: this.isOnline(health),
      state: row.state,
    };
  }
}
