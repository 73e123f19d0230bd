import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { StreamName } from '@argus/core';
import type { ExportRecord, ExportState } from '@argus/contracts';
import { inTransaction } from '../db/transaction.js';

/** An export job as stored. Times are epoch ms. */
export interface StoredExport {
  readonly orgId: string;
  readonly id: string;
  readonly cameraId: string;
  readonly siteId: string;
  readonly stream: StreamName;
  readonly from: number;
  readonly to: number;
  readonly reason: string;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly state: ExportState;
  readonly attempts: number;
  readonly finishedAt: number | null;
  readonly clipKey: string | null;
  readonly manifestKey: string | null;
  readonly clipSha256: string | null;
  readonly error: string | null;
}

/** A job this replica holds: `claim` proves it when the job is finished. */
export interface ClaimedExport extends StoredExport {
  readonly claim: string;
}

interface ExportRow {
  org_id: string;
  id: string;
  camera_id: string;
  site_id: string;
  stream: StreamName;
  from_at: Date;
  to_at: Date;
  reason: string;
  created_by: string;
  created_at: Date;
  state: ExportState;
  attempts: number;
  finished_at: Date | null;
  clip_key: string | null;
  manifest_key: string | null;
  clip_sha256: string | null;
  error: string | null;
  claim: string | null;
}

const COLUMNS = 'org_id, id, camera_id, site_id, stream, from_at, to_at, reason, created_by, created_at, state, attempts, finished_at, clip_key, manifest_key, clip_sha256, error, claim';

const fromRow = (r: ExportRow): StoredExport => ({
  orgId: r.org_id, id: r.id, cameraId: r.camera_id, siteId: r.site_id, stream: r.stream,
  from: r.from_at.getTime(), to: r.to_at.getTime(), reason: r.reason, createdBy: r.created_by, createdAt: r.created_at.getTime(),
  state: r.state, attempts: r.attempts, finishedAt: r.finished_at?.getTime() ?? null,
  clipKey: r.clip_key, manifestKey: r.manifest_key, clipSha256: r.clip_sha256, error: r.error,
});

/** `/api/media/<key>`: how records name media (as alerts name their snapshots). */
const mediaUrl = (key: string | null): string | null => (key === null ? null : `/api/media/${key}`);

export function exportRecord(e: StoredExport): ExportRecord {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    id: e.id, state: e.state, cameraId: e.cameraId, stream: e.stream, from: iso(e.from), to: iso(e.to), reason: e.reason,
    createdBy: e.createdBy, createdAt: iso(e.createdAt), finishedAt: e.finishedAt === null ? null : iso(e.finishedAt),
    clipUrl: e.state === 'done' ? mediaUrl(e.clipKey) : null,
    manifestUrl: e.state === 'done' ? mediaUrl(e.manifestKey) : null,
    clipSha256: e.state === 'done' ? e.clipSha256 : null,
    error: e.error,
  };
}

/** What asking for an export stores; the rest is the queue's. */
export type NewExport = Pick<StoredExport, 'cameraId' | 'siteId' | 'stream' | 'from' | 'to' | 'reason' | 'createdBy'>;

/** The job queue of evidence exports, shared by the replicas of one database. */
export class ExportsRepository {
  constructor(private readonly db: pg.Pool) {}

  async create(orgId: string, job: NewExport, at: number): Promise<StoredExport> {
    const id = `exp_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    const { rows } = await this.db.query<ExportRow>(
      `insert into evidence_exports (org_id, id, camera_id, site_id, stream, from_at, to_at, reason, created_by, created_at, state)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued') returning ${COLUMNS}`,
      [orgId, id, job.cameraId, job.siteId, job.stream, new Date(job.from), new Date(job.to), job.reason, job.createdBy, new Date(at)],
    );
    return fromRow(rows[0]!);
  }

  /** undefined when there is no such export in the org or it is of a camera outside `siteIds` (null: every site). */
  async get(orgId: string, siteIds: readonly string[] | null, id: string): Promise<StoredExport | undefined> {
    const { rows } = await this.db.query<ExportRow>(
      `select ${COLUMNS} from evidence_exports where org_id = $1 and id = $2 and ($3::text[] is null or site_id = any($3))`,
      [orgId, id, siteIds === null ? null : [...siteIds]],
    );
    return rows[0] && fromRow(rows[0]);
  }

  /** Newest first. */
  async list(orgId: string, siteIds: readonly string[] | null, limit: number): Promise<StoredExport[]> {
    const { rows } = await this.db.query<ExportRow>(
      `select ${COLUMNS} from evidence_exports where org_id = $1 and ($2::text[] is null or site_id = any($2))
        order by created_at desc, seq desc limit $3`,
      [orgId, siteIds === null ? null : [...siteIds], limit],
    );
    return rows.map(fromRow);
  }

  /**
   * Takes the oldest job that is queued, or running under an expired lease
   * (its replica is gone), for this replica until `at + leaseMs`. Jobs
   * abandoned `maxAttempts` times are failed instead of taken again.
   */
  async claimNext(at: number, leaseMs: number, maxAttempts: number): Promise<ClaimedExport | undefined> {
    return inTransaction(this.db, async (client) => {
      await client.query(
        `update evidence_exports set state = 'failed', finished_at = $1, claim = null, lease_until = null,
                error = 'the export was interrupted ' || attempts || ' times (its cloud replica stopped); ask for it again'
          where state = 'running' and lease_until < $1 and attempts >= $2`,
        [new Date(at), maxAttempts],
      );
      const claim = randomUUID();
      const { rows } = await client.query<ExportRow>(
        `update evidence_exports e set state = 'running', attempts = e.attempts + 1, claim = $2, lease_until = $3, error = null
          where (e.org_id, e.id) = (
            select org_id, id from evidence_exports
             where state = 'queued' or (state = 'running' and lease_until < $1)
             order by created_at, seq limit 1
             for update skip locked)
          returning ${COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')}`,
        [new Date(at), claim, new Date(at + leaseMs)],
      );
      const row = rows[0];
      return row && { ...fromRow(row), claim };
    });
  }

  /** Extends the lease; false when the job is no longer this claim's (another replica took it over). */
  async renew(job: ClaimedExport, until: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `update evidence_exports set lease_until = $4 where org_id = $1 and id = $2 and claim = $3 and state = 'running'`,
      [job.orgId, job.id, job.claim, new Date(until)],
    );
    return rowCount === 1;
  }

  async done(job: ClaimedExport, result: { clipKey: string; manifestKey: string; clipSha256: string }, at: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `update evidence_exports set state = 'done', finished_at = $4, clip_key = $5, manifest_key = $6, clip_sha256 = $7, claim = null, lease_until = null, error = null
        where org_id = $1 and id = $2 and claim = $3 and state = 'running'`,
      [job.orgId, job.id, job.claim, new Date(at), result.clipKey, result.manifestKey, result.clipSha256],
    );
    return rowCount === 1;
  }

  async failed(job: ClaimedExport, error: string, at: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `update evidence_exports set state = 'failed', finished_at = $4, error = $5, claim = null, lease_until = null
        where org_id = $1 and id = $2 and claim = $3 and state = 'running'`,
      [job.orgId, job.id, job.claim, new Date(at), error.slice(0, 1000)],
    );
    return rowCount === 1;
  }
}
