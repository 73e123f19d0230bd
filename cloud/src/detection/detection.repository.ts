import type pg from 'pg';
import { DEFAULT_DETECTION, type DetectionSettings } from '@argus/contracts';
import type { TenantScope } from '../http/principal.js';

/** A camera's detection settings as stored on its row. Times are epoch ms. */
export interface StoredDetection {
  readonly detection: DetectionSettings;
  /** The stream its agent said it detects on; null until an agent acknowledged settings. */
  readonly stream: 'main' | 'sub' | null;
  /** When the camera's agent acknowledged these settings; null while never saved. */
  readonly appliedAt: number | null;
}

interface DetectionRow {
  detection: Partial<DetectionSettings> | null;
  detection_stream: 'main' | 'sub' | null;
  detection_applied_at: Date | null;
}

/**
 * Detection settings live on the camera row (`cameras.detection`, migration
 * 004): one row per camera, written only once the camera's agent has
 * acknowledged them, so what is stored is what the agent runs.
 */
export class DetectionRepository {
  constructor(private readonly db: pg.Pool) {}

  /**
   * The camera's settings (DEFAULT_DETECTION until first saved; fields that
   * a newer release added take their default); undefined for a camera
   * outside the scope, as for one that does not exist.
   */
  async get(scope: TenantScope, cameraId: string): Promise<StoredDetection | undefined> {
    const { rows } = await this.db.query<DetectionRow>(
      `select c.detection, c.detection_stream, c.detection_applied_at from cameras c
        where c.org_id = $1 and ($2::text[] is null or c.site_id = any($2)) and c.id = $3`,
      [scope.orgId, scope.siteIds === null ? null : [...scope.siteIds], cameraId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      detection: { ...DEFAULT_DETECTION, ...row.detection },
      stream: row.detection_stream,
      appliedAt: row.detection_applied_at?.getTime() ?? null,
    };
  }

  /** Stores acknowledged settings; false when the camera no longer exists. */
  async save(orgId: string, cameraId: string, applied: { detection: DetectionSettings; stream: 'main' | 'sub' | null; appliedAt: number }): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `update cameras set detection = $3, detection_stream = $4, detection_applied_at = $5
        where org_id = $1 and id = $2`,
      [orgId, cameraId, JSON.stringify(applied.detection), applied.stream, new Date(applied.appliedAt)],
    );
    return rowCount === 1;
  }
}
