import type { AuditLog } from '../audit/audit-log.js';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { SegmentsRepository } from './segments.repository.js';

/** What the recordings routes are built from (injected by app.ts). */
export interface RecordingsOptions {
  readonly cameras: CamerasRepository;
  readonly segments: SegmentsRepository;
  readonly store: ObjectStore;
  readonly auditLog: AuditLog;
  /** Clock, epoch ms; tests fix it. */
  readonly now?: () => number;
}

/** Playlists are polled: one audit line per viewer and camera in this long. */
export const VIEW_AUDIT_EVERY_MS = 5 * 60_000;
