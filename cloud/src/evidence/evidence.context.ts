import type pg from 'pg';
import type { Logger } from '@argus/runtime';
import type { AuditLog } from '../audit/audit-log.js';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import { contextPlugin } from '../http/context-plugin.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { SegmentsRepository } from '../recordings/segments.repository.js';
import { evidenceRoutes, type EvidenceRoutesOptions } from './evidence.routes.js';
import { EvidenceKeys } from './evidence-keys.js';
import { ExportRunner } from './export-runner.js';
import { ExportsRepository } from './exports.repository.js';

/** Evidence exports: `/api/exports`, `/api/evidence/public-key`, export media (the runner that makes them is a service started in app.ts). */
export const evidenceContext = contextPlugin<EvidenceRoutesOptions>('evidence', ['argus-auth', 'argus-audit', 'argus-cameras', 'argus-recordings'], evidenceRoutes);

export interface EvidenceDeps {
  readonly pool: pg.Pool;
  readonly cameras: CamerasRepository;
  readonly segments: SegmentsRepository;
  readonly store: ObjectStore;
  readonly auditLog: AuditLog;
  readonly ffmpegPath: string;
  /** Scratch space of running exports (a day of segments can be gigabytes: not the system's temp folder). */
  readonly workDir: string;
  /** ARGUS_EVIDENCE_KEY_FILE; undefined → the key kept in the database. */
  readonly keyFile: string | undefined;
  readonly now: () => number;
  readonly logger: Logger;
}

/** The evidence context's parts for the composition root: its services (key, then runner) and its plugin's options. */
export function evidenceParts(deps: EvidenceDeps): { keys: EvidenceKeys; runner: ExportRunner; options: EvidenceRoutesOptions } {
  const exports = new ExportsRepository(deps.pool);
  const keys = new EvidenceKeys({ pool: deps.pool, keyFile: deps.keyFile, logger: deps.logger });
  const runner = new ExportRunner({
    exports, segments: deps.segments, cameras: deps.cameras, store: deps.store, keys,
    ffmpegPath: deps.ffmpegPath, workDir: deps.workDir, now: deps.now, logger: deps.logger,
  });
  return {
    keys, runner,
    options: { exports, cameras: deps.cameras, segments: deps.segments, store: deps.store, keys, auditLog: deps.auditLog, onQueued: () => runner.wake(), now: deps.now },
  };
}
