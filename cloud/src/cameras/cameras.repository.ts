import type pg from 'pg';
import type { StreamName } from '@argus/core';
import type { CameraSummary, CameraUpsertBody } from './cameras.schemas.js';

interface CameraRow {
  id: string;
  name: string;
  site_id: string;
  streams: StreamName[];
  last_segment_at: Date | null;
}

const toSummary = (row: CameraRow): CameraSummary => ({
  id: row.id,
  name: row.name,
  siteId: row.site_id,
  streams: row.streams,
  lastSegmentAt: row.last_segment_at?.toISOString() ?? null,
});

// Newest segment per stream through the (camera_id, stream, starts_at) index:
// a backward index scan per stream instead of a max() over the whole history.
const SELECT_SUMMARY = `
  select c.id, c.name, c.site_id, c.streams,
         (select max(newest.ends_at)
            from unnest(c.streams) as st(stream)
            cross join lateral (
              select s.ends_at from segments s
               where s.camera_id = c.id and s.stream = st.stream
               order by s.starts_at desc limit 1) as newest) as last_segment_at
    from cameras c`;

/** Cameras of one org. */
export class CamerasRepository {
  constructor(
    private readonly db: pg.Pool,
    private readonly orgId: string,
  ) {}

  /** Inserts or updates; undefined when the id belongs to another org. */
  async upsert(id: string, camera: CameraUpsertBody): Promise<CameraSummary | undefined> {
    const { rowCount } = await this.db.query(
      `insert into cameras (id, org_id, site_id, name, streams) values ($1, $2, $3, $4, $5)
       on conflict (id) do update
         set site_id = excluded.site_id, name = excluded.name, streams = excluded.streams, updated_at = now()
       where cameras.org_id = excluded.org_id`,
      [id, this.orgId, camera.siteId, camera.name, camera.streams],
    );
    return rowCount === 1 ? this.get(id) : undefined;
  }

  async list(): Promise<CameraSummary[]> {
    const { rows } = await this.db.query<CameraRow>(`${SELECT_SUMMARY} where c.org_id = $1 order by c.id`, [this.orgId]);
    return rows.map(toSummary);
  }

  async get(id: string): Promise<CameraSummary | undefined> {
    const { rows } = await this.db.query<CameraRow>(`${SELECT_SUMMARY} where c.org_id = $1 and c.id = $2`, [this.orgId, id]);
    return rows[0] && toSummary(rows[0]);
  }

  /** The camera's streams, or undefined when there is no such camera. */
  async streams(id: string): Promise<StreamName[] | undefined> {
    const { rows } = await this.db.query<{ streams: StreamName[] }>('select streams from cameras where org_id = $1 and id = $2', [this.orgId, id]);
    return rows[0]?.streams;
  }

  async exists(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('select 1 from cameras where org_id = $1 and id = $2', [this.orgId, id]);
    return rowCount === 1;
  }
}
