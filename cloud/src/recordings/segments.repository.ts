import type pg from 'pg';
import { MonthPartitions } from '../db/month-partitions.js';
import { inTransaction } from '../db/transaction.js';
import { isGap, MAX_SEGMENT_MS, type Segment, type StreamName, type TimeRange } from '@argus/core';
import type { SegmentRecord } from '@argus/contracts';

/** A segment as indexed, with the live-playlist numbering. Times are epoch ms. */
export interface IndexedSegment extends Segment {
  /** Arrival order within the camera stream, from 1 (EXT-X-MEDIA-SEQUENCE). */
  readonly seq: number;
  /** Recording gaps before this segment in its camera stream (EXT-X-DISCONTINUITY-SEQUENCE). */
  readonly discSeq: number;
  readonly createdAt: number;
}

interface SegmentRow {
  key: string;
  camera_id: string;
  stream: StreamName;
  starts_at: Date;
  ends_at: Date;
  bytes: string; // bigint comes back as a string
  sha256: string;
  seq: string;
  disc_seq: string;
  created_at: Date;
}

const COLUMNS = 'key, camera_id, stream, starts_at, ends_at, bytes, sha256, seq, disc_seq, created_at';

const fromRow = (r: SegmentRow): IndexedSegment => ({
  key: r.key,
  cameraId: r.camera_id,
  stream: r.stream,
  startsAt: r.starts_at.getTime(),
  endsAt: r.ends_at.getTime(),
  bytes: Number(r.bytes),
  sha256: r.sha256,
  seq: Number(r.seq),
  discSeq: Number(r.disc_seq),
  createdAt: r.created_at.getTime(),
});

export function toRecord(s: IndexedSegment): SegmentRecord {
  return {
    key: s.key,
    cameraId: s.cameraId,
    stream: s.stream,
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(s.endsAt).toISOString(),
    bytes: s.bytes,
    sha256: s.sha256,
    createdAt: new Date(s.createdAt).toISOString(),
  };
}

export type InsertResult =
  | { readonly outcome: 'created'; readonly segment: IndexedSegment }
  /** The same key was already indexed (compare content to decide idempotent vs conflict). */
  | { readonly outcome: 'exists'; readonly segment: IndexedSegment }
  /** Another segment of this camera stream already starts at the same instant. */
  | { readonly outcome: 'start-taken' };

export class SegmentsRepository {
  private readonly partitions: MonthPartitions;

  constructor(private readonly db: pg.Pool) {
    this.partitions = new MonthPartitions(db, 'segments');
  }

  async findByKey(orgId: string, key: string): Promise<IndexedSegment | undefined> {
    const { rows } = await this.db.query<SegmentRow>(`select ${COLUMNS} from segments where org_id = $1 and key = $2`, [orgId, key]);
    return rows[0] && fromRow(rows[0]);
  }

  /**
   * Indexes a segment, numbering it for live playlists. The per-stream
   * advisory lock serialises inserts of one camera stream, so seq has no
   * holes or duplicates and disc_seq sees the true predecessor; other
   * streams are not blocked.
   */
  async insert(orgId: string, segment: Segment): Promise<InsertResult> {
    const row = await this.partitions.write([segment.startsAt], () => inTransaction(this.db, async (client) => {
      await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`segments/${orgId}/${segment.cameraId}/${segment.stream}`]);
      const prev = await client.query<{ starts_at: Date; ends_at: Date; disc_seq: string }>(
        `select starts_at, ends_at, disc_seq from segments
          where org_id = $4 and camera_id = $1 and stream = $2 and starts_at < $3
          order by starts_at desc limit 1`,
        [segment.cameraId, segment.stream, new Date(segment.startsAt), orgId],
      );
      const p = prev.rows[0];
      const discSeq = !p ? 0 : Number(p.disc_seq) + (isGap({ startsAt: p.starts_at.getTime(), endsAt: p.ends_at.getTime() }, segment) ? 1 : 0);
      const inserted = await client.query<SegmentRow>(
        `insert into segments (org_id, key, camera_id, stream, starts_at, ends_at, bytes, sha256, seq, disc_seq)
         select $9, $1, $2, $3, $4, $5, $6, $7,
                coalesce((select max(seq) from segments where org_id = $9 and camera_id = $2 and stream = $3), 0) + 1, $8
         on conflict do nothing
         returning ${COLUMNS}`,
        [segment.key, segment.cameraId, segment.stream, new Date(segment.startsAt), new Date(segment.endsAt), segment.bytes, segment.sha256, discSeq, orgId],
      );
      return inserted.rows[0];
    }));
    if (row) return { outcome: 'created', segment: fromRow(row) };
    const existing = await this.findByKey(orgId, segment.key);
    return existing ? { outcome: 'exists', segment: existing } : { outcome: 'start-taken' };
  }

  /** Segments overlapping [from, to), oldest first. */
  async inRange(orgId: string, cameraId: string, stream: StreamName, range: TimeRange): Promise<IndexedSegment[]> {
    const { rows } = await this.db.query<SegmentRow>(
      // The lower bound on starts_at lets the index bound the scan from below:
      // no segment is longer than MAX_SEGMENT_MS, so none starting earlier overlaps.
      `select ${COLUMNS} from segments
        where org_id = $6 and camera_id = $1 and stream = $2
          and starts_at < $4 and starts_at >= $5 and ends_at > $3
        order by starts_at`,
      [cameraId, stream, new Date(range.from), new Date(range.to), new Date(range.from - MAX_SEGMENT_MS), orgId],
    );
    return rows.map(fromRow);
  }

  /** The newest `limit` segments, oldest first. */
  async newest(orgId: string, cameraId: string, stream: StreamName, limit: number): Promise<IndexedSegment[]> {
    const { rows } = await this.db.query<SegmentRow>(
      `select ${COLUMNS} from segments where org_id = $4 and camera_id = $1 and stream = $2 order by starts_at desc limit $3`,
      [cameraId, stream, limit, orgId],
    );
    return rows.map(fromRow).reverse();
  }

  /**
   * Recorded spans of a camera stream within [from, to): overlapping
   * segments merged, and consecutive ones merged when the next starts at most
   * `gapMs` after the end of the ones before (gaps and islands, in SQL: a
   * week of 2 s segments is ~300 000 rows, the answer a handful). Clipped to
   * the range, oldest first. The scan is the (org, camera, stream, starts_at)
   * unique index, bounded below as in inRange.
   */
  async recordedSpans(orgId: string, cameraId: string, stream: StreamName, range: TimeRange, gapMs: number): Promise<TimeRange[]> {
    const { rows } = await this.db.query<{ span_from: Date; span_to: Date }>(
      `with ordered as (
         select starts_at, ends_at,
                max(ends_at) over (order by starts_at rows between unbounded preceding and 1 preceding) as ended_before
           from segments
          where org_id = $1 and camera_id = $2 and stream = $3
            and starts_at < $5 and starts_at >= $6 and ends_at > $4
       ), islands as (
         select starts_at, ends_at,
                count(*) filter (where ended_before is null or starts_at > ended_before + make_interval(secs => $7 / 1000.0))
                  over (order by starts_at) as island
           from ordered
       )
       select greatest(min(starts_at), $4) as span_from, least(max(ends_at), $5) as span_to
         from islands group by island order by 1`,
      [orgId, cameraId, stream, new Date(range.from), new Date(range.to), new Date(range.from - MAX_SEGMENT_MS), gapMs],
    );
    return rows.map((r) => ({ from: r.span_from.getTime(), to: r.span_to.getTime() }));
  }
}
