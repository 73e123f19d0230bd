import type pg from 'pg';
import type { EvidenceLockRecord } from '@argus/contracts';
import type { TimeRange } from '@argus/core';
import { newId } from '../auth/secrets.js';
import type { TenantScope } from '../http/principal.js';

interface LockRow {
  id: string;
  camera_id: string;
  site_id: string;
  from_at: Date;
  to_at: Date;
  reason: string;
  created_by: string;
  created_at: Date;
  released_at: Date | null;
  released_by: string | null;
}

const COLUMNS = 'id, camera_id, site_id, from_at, to_at, reason, created_by, created_at, released_at, released_by';

const toRecord = (r: LockRow): EvidenceLockRecord => ({
  id: r.id,
  cameraId: r.camera_id,
  siteId: r.site_id,
  from: r.from_at.toISOString(),
  to: r.to_at.toISOString(),
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  releasedAt: r.released_at?.toISOString() ?? null,
  releasedBy: r.released_by,
});

/** A held lock as retention sees it. */
export interface HeldLock extends TimeRange {
  readonly orgId: string;
  readonly cameraId: string;
}

/** Evidence locks (migration 011): a camera's range exempt from retention while the lock holds. */
export class EvidenceLocksRepository {
  constructor(private readonly db: pg.Pool) {}

  async create(orgId: string, lock: { cameraId: string; siteId: string; range: TimeRange; reason: string }, createdBy: string, at: number): Promise<EvidenceLockRecord> {
    const { rows } = await this.db.query<LockRow>(
      `insert into evidence_locks (org_id, id, camera_id, site_id, from_at, to_at, reason, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
      [orgId, newId('lock'), lock.cameraId, lock.siteId, new Date(lock.range.from), new Date(lock.range.to), lock.reason, createdBy, new Date(at)],
    );
    return toRecord(rows[0]!);
  }

  /** Locks the scope may see, overlapping the range when given, newest first. */
  async list(scope: TenantScope, filter: { cameraId?: string | undefined; range?: TimeRange | undefined; released: boolean }): Promise<EvidenceLockRecord[]> {
    const { rows } = await this.db.query<LockRow>(
      `select ${COLUMNS} from evidence_locks
        where org_id = $1 and ($2::text[] is null or site_id = any($2)) and ($3::text is null or camera_id = $3)
          and ($4::timestamptz is null or to_at > $4) and ($5::timestamptz is null or from_at < $5)
          and ($6 or released_at is null)
        order by created_at desc, id desc
        limit 1000`,
      [scope.orgId, scope.siteIds === null ? null : [...scope.siteIds], filter.cameraId ?? null,
        filter.range ? new Date(filter.range.from) : null, filter.range ? new Date(filter.range.to) : null, filter.released],
    );
    return rows.map(toRecord);
  }

  async get(scope: TenantScope, id: string): Promise<EvidenceLockRecord | undefined> {
    const { rows } = await this.db.query<LockRow>(
      `select ${COLUMNS} from evidence_locks where org_id = $1 and id = $2 and ($3::text[] is null or site_id = any($3))`,
      [scope.orgId, id, scope.siteIds === null ? null : [...scope.siteIds]],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Releases a held lock; undefined when there is no such lock or it was already released. */
  async release(scope: TenantScope, id: string, by: string, at: number): Promise<EvidenceLockRecord | undefined> {
    const { rows } = await this.db.query<LockRow>(
      `update evidence_locks set released_at = $4, released_by = $5
        where org_id = $1 and id = $2 and ($3::text[] is null or site_id = any($3)) and released_at is null
        returning ${COLUMNS}`,
      [scope.orgId, id, scope.siteIds === null ? null : [...scope.siteIds], new Date(at), by],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Every held lock, of one organisation or all. */
  async held(orgId: string | null): Promise<HeldLock[]> {
    const { rows } = await this.db.query<{ org_id: string; camera_id: string; from_at: Date; to_at: Date }>(
      'select org_id, camera_id, from_at, to_at from evidence_locks where released_at is null and ($1::text is null or org_id = $1)',
      [orgId],
    );
    return rows.map((r) => ({ orgId: r.org_id, cameraId: r.camera_id, from: r.from_at.getTime(), to: r.to_at.getTime() }));
  }
}
