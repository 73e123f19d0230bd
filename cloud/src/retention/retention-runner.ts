import type pg from 'pg';
import type { RetentionReport } from '@argus/contracts';
import { PollingLoop, type Logger, type Service } from '@argus/runtime';
import { newId } from '../auth/secrets.js';
import {
  effectiveRetention, horizons, oldestHorizon, partitionsToDrop, quotaCut, type DeletionReason, type RetentionDays,
} from '../core/retention-policy.js';
import type { PartitionedTable } from '../db/month-partitions.js';
import type { EvidenceLocksRepository } from '../evidence/evidence-locks.repository.js';
import { CloudError } from '../errors.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { RetentionCamera, RetentionRepository } from './retention.repository.js';

export interface RetentionRunnerOptions {
  readonly db: pg.Pool;
  readonly repository: RetentionRepository;
  readonly locks: EvidenceLocksRepository;
  readonly store: ObjectStore;
  readonly defaults: RetentionDays;
  /** Rows deleted per step (objects first, then their rows). */
  readonly batch: number;
  /** Between scheduled deployment-wide runs; 0: none (runs on request only). */
  readonly intervalMs: number;
  readonly now: () => number;
  readonly logger: Logger;
}

// One run at a time across every replica: a session advisory lock held for the run.
const RUN_LOCK = 'argus-retention';

/** A month partition is dropped once it is empty and this far behind (late rows for it are unlikely). */
const EMPTY_PARTITION_GRACE_MS = 86_400_000;

class Tally {
  deletedSegments = 0;
  deletedBytes = 0;
  deletedEvents = 0;
  keptByLocks = 0;
  readonly byReason: Record<string, number> = {};
  readonly droppedPartitions: string[] = [];

  count(reason: DeletionReason | 'partition', n: number): void {
    if (n > 0) this.byReason[reason] = (this.byReason[reason] ?? 0) + n;
  }
}

/**
 * Applies retention: whole month partitions dropped when every camera's
 * horizon has passed them (deployment-wide runs only), then per camera the
 * segments and events past their days, then per site the oldest segments
 * over its quota. Evidence locks exempt their ranges from all of it.
 *
 * Every deletion removes the objects first and the index rows after, so a
 * run killed at any point leaves no object without its row; the rows it
 * left behind are chosen again by the next run, whose deletes of objects
 * already gone are no-ops. A killed run's report stays `running`.
 */
export class RetentionRunner implements Service {
  private readonly loop: PollingLoop | undefined;

  constructor(private readonly options: RetentionRunnerOptions) {
    this.loop = options.intervalMs > 0 ? new PollingLoop(() => this.scheduledRun(), options.intervalMs) : undefined;
  }

  async start(): Promise<void> {
    // The first scheduled run comes a minute after start (or sooner with a shorter interval), not during it.
    this.loop?.start(Math.min(this.options.intervalMs, 60_000));
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  private async scheduledRun(): Promise<void> {
    try {
      await this.run(null);
    } catch (err) {
      if (!(err instanceof CloudError && err.code === 'CLD_ERR_RETENTION_BUSY')) this.options.logger.error({ err }, 'scheduled retention run failed');
    }
  }

  /**
   * One run, for one organisation or (null) the whole deployment, which
   * also drops partitions. CLD_ERR_RETENTION_BUSY when a run is going.
   */
  async run(orgId: string | null): Promise<RetentionReport> {
    const { db, repository, now, logger } = this.options;
    const client = await db.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [RUN_LOCK]);
      if (!rows[0]?.locked) throw new CloudError('CLD_ERR_RETENTION_BUSY', 'a retention run is already going; try again when it has finished');
      const runId = newId('ret');
      const startedAt = now();
      await repository.startRun(runId, orgId, startedAt);
      const tally = new Tally();
      let error: string | null = null;
      try {
        await this.apply(orgId, tally);
      } catch (err) {
        error = (err as Error).message;
        logger.error({ err, runId }, 'retention run failed');
      }
      const report: RetentionReport = {
        runId, orgId, state: error === null ? 'done' : 'failed', startedAt: new Date(startedAt).toISOString(), finishedAt: new Date(now()).toISOString(),
        deletedSegments: tally.deletedSegments, deletedBytes: tally.deletedBytes, deletedEvents: tally.deletedEvents,
        droppedPartitions: tally.droppedPartitions, keptByLocks: tally.keptByLocks, byReason: tally.byReason, error,
      };
      await repository.saveRun(report);
      logger.info({ runId, orgId, deletedSegments: report.deletedSegments, deletedEvents: report.deletedEvents, droppedPartitions: report.droppedPartitions.length, ms: now() - startedAt }, 'retention run finished');
      return report;
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [RUN_LOCK]).catch(() => undefined);
      client.release();
    }
  }

  private async apply(orgId: string | null, tally: Tally): Promise<void> {
    const { repository, locks, defaults, now } = this.options;
    const at = now();
    const cameras = await repository.cameras(orgId);
    if (orgId === null) {
      const oldest = oldestHorizon(cameras.map((c) => effectiveRetention(c, defaults)), defaults, at);
      const held = await locks.held(null);
      for (const table of ['segments', 'events'] as const) await this.dropWholePartitions(table, oldest, held, tally);
    }
    for (const camera of cameras) await this.applyCamera(camera, at, tally);
    // Events of the organisation(s) without a camera (agent events) follow the deployment's event days.
    const orgs = orgId === null ? [...new Set(cameras.map((c) => c.orgId))] : [orgId];
    for (const org of orgs) await this.deleteEvents(org, null, horizons(defaults, at).events, tally);
    for (const quota of await repository.quotas(orgId)) await this.applyQuota(quota.orgId, quota.siteId, quota.quotaBytes, tally);
    if (orgId === null) await this.dropEmptyPartitions(at, tally);
  }

  private async dropWholePartitions(table: PartitionedTable, horizon: number, held: readonly { from: number; to: number }[], tally: Tally): Promise<void> {
    const { repository, store, batch, logger } = this.options;
    for (const partition of partitionsToDrop(await repository.partitions(table), horizon, held)) {
      const rows = await repository.partitionRows(partition.name);
      let after = '';
      for (;;) {
        const keys = await repository.partitionKeys(table, partition.name, after, batch * 4);
        if (keys.length === 0) break;
        await store.deleteMany(keys);
        after = keys[keys.length - 1]!;
      }
      await repository.dropPartition(partition.name);
      if (table === 'segments') tally.deletedSegments += rows;
      else tally.deletedEvents += rows;
      tally.count('partition', rows);
      tally.droppedPartitions.push(partition.name);
      logger.info({ partition: partition.name, rows }, 'retention dropped a partition');
    }
  }

  private async applyCamera(camera: RetentionCamera, at: number, tally: Tally): Promise<void> {
    const { repository, store, defaults, batch } = this.options;
    const h = horizons(effectiveRetention(camera, defaults), at);
    for (;;) {
      const doomed = await repository.segmentsPastRetention(camera, h.recording, h.events, batch);
      if (doomed.length === 0) break;
      await store.deleteMany(doomed.map((s) => s.key));
      await repository.deleteSegments(camera.orgId, doomed);
      for (const s of doomed) {
        tally.deletedSegments += 1;
        tally.deletedBytes += s.bytes;
        tally.count(s.overlapsEvent ? 'event-age' : 'age', 1);
      }
      if (doomed.length < batch) break;
    }
    tally.keptByLocks += await repository.segmentsKeptByLocks(camera, h.recording);
    await this.deleteEvents(camera.orgId, camera.id, h.events, tally);
  }

  private async deleteEvents(orgId: string, cameraId: string | null, horizon: number, tally: Tally): Promise<void> {
    const { repository, store, batch } = this.options;
    for (;;) {
      const doomed = await repository.eventsPastRetention(orgId, cameraId, horizon, batch);
      if (doomed.length === 0) break;
      await store.deleteMany(doomed.flatMap((e) => (e.snapshotKey === null ? [] : [e.snapshotKey])));
      const n = await repository.deleteEvents(orgId, doomed);
      tally.deletedEvents += n;
      if (doomed.length < batch) break;
    }
  }

  private async applyQuota(orgId: string, siteId: string, quotaBytes: number, tally: Tally): Promise<void> {
    const { repository, store, batch } = this.options;
    let used = await repository.siteBytes(orgId, siteId);
    while (used > quotaBytes) {
      const oldest = await repository.oldestSiteSegments(orgId, siteId, batch);
      const cut = oldest.slice(0, quotaCut(used, quotaBytes, oldest));
      if (cut.length === 0) break; // what is left is locked
      await store.deleteMany(cut.map((s) => s.key));
      await repository.deleteSegments(orgId, cut);
      for (const s of cut) {
        used -= s.bytes;
        tally.deletedSegments += 1;
        tally.deletedBytes += s.bytes;
      }
      tally.count('quota', cut.length);
    }
  }

  private async dropEmptyPartitions(at: number, tally: Tally): Promise<void> {
    const { repository } = this.options;
    for (const table of ['segments', 'events'] as const) {
      for (const partition of await repository.partitions(table)) {
        if (partition.to > at - EMPTY_PARTITION_GRACE_MS) continue;
        if (!(await repository.isEmpty(partition.name))) continue;
        await repository.dropPartition(partition.name);
        tally.droppedPartitions.push(partition.name);
      }
    }
  }
}
