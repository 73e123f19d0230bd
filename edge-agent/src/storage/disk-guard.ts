import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DetectionEvent } from '@argus/core';
import type { Logger, Service } from '@argus/runtime';
import { planEviction, type LostSpan } from '../core/retention-policy.js';
import type { EventSink } from '../events/event-sink.js';
import { OUTBOX_DIRS, type Outbox } from '../outbox/outbox.js';
import type { SegmentEntry } from '../outbox/outbox-entry.js';
import { folderBytes, freeBytes } from './disk-usage.js';

/**
 * Keeps the spool under `storage.maxBytes` and the filesystem above
 * `storage.minFreeBytes`: when either is crossed, it deletes segments by the
 * retention policy (core/retention-policy.ts: indexed copies first, then the
 * oldest not yet uploaded) and queues a `storage-evicted` event for every
 * span of recording that is lost that way. It never throws: a failing check
 * is logged and retried at the next one.
 *
 * Usage is accounted, not walked, on every check: the outbox knows the size
 * of every finished segment, files in lost+found/ and rejected/ are measured
 * at start, and each camera's segment still being written is estimated as
 * the largest finished one (the planner frees that much headroom).
 */
export interface DiskGuardOptions {
  readonly outbox: Outbox;
  /** Where `storage-evicted` events go. */
  readonly events: Pick<EventSink, 'publish'>;
  readonly maxBytes: number;
  readonly minFreeBytes: number;
  /** Cameras recording at once (each has one file in progress): a number, or read at every check. */
  readonly cameras: number | (() => number);
  readonly logger: Logger;
  /** Periodic check (ms); the agent also checks after every new segment. */
  readonly checkIntervalMs?: number;
  /** Free bytes of the spool's filesystem; tests replace it. */
  readonly freeBytes?: (path: string) => Promise<number>;
  readonly onEvicted?: (evicted: readonly SegmentEntry[], lost: readonly LostSpan[]) => void;
}

export interface DiskUsageSnapshot {
  /** Accounted media bytes in the spool, files in progress estimated (bytes). */
  readonly usedBytes: number;
  readonly freeBytes: number | undefined;
  readonly maxBytes: number;
  readonly evictedSegments: number;
  readonly evictedBytes: number;
  /** Bytes of never-uploaded recording evicted so far. */
  readonly lostBytes: number;
}

export const STORAGE_EVICTED_LABEL = 'storage-evicted';

export class DiskGuard implements Service {
  private readonly options: DiskGuardOptions;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private emergencyBytes = 0;
  private extraBytes = 0;
  private largestSegment = 0;
  private lastFree: number | undefined;
  private evictedSegments = 0;
  private evictedBytes = 0;
  private lostBytes = 0;
  /** `storage-evicted` phases being queued (not awaited by the pass: the sink may be waiting on this very check after ENOSPC). */
  private publishing: Promise<void> = Promise.resolve();

  constructor(options: DiskGuardOptions) {
    this.options = options;
    this.log = options.logger.child({ component: 'disk-guard' });
  }

  async start(): Promise<void> {
    const dir = this.options.outbox.dataDir;
    this.extraBytes = (await folderBytes(join(dir, OUTBOX_DIRS.lostFound))) + (await folderBytes(join(dir, OUTBOX_DIRS.rejected)));
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs ?? 5000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.publishing;
  }

  usage(): DiskUsageSnapshot {
    return {
      usedBytes: this.usedBytes(),
      freeBytes: this.lastFree,
      maxBytes: this.options.maxBytes,
      evictedSegments: this.evictedSegments,
      evictedBytes: this.evictedBytes,
      lostBytes: this.lostBytes,
    };
  }

  /**
   * Checks the caps and evicts if needed; `emergencyBytes` frees that much
   * more (after ENOSPC: the filesystem is full whatever the accounting says).
   * Concurrent calls coalesce into one more pass.
   */
  check(emergencyBytes = 0): Promise<void> {
    this.emergencyBytes = Math.max(this.emergencyBytes, emergencyBytes);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const extra = this.emergencyBytes;
          this.emergencyBytes = 0;
          await this.pass(extra);
        } while (this.again);
      } catch (err) {
        this.log.error({ err }, 'disk check failed; will retry');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private usedBytes(): number {
    const s = this.options.outbox.stats();
    // Snapshots are counted, not evicted: a few tens of KB each, and their events wait for them.
    return s.bytes + s.keptBytes + s.snapshotBytes + this.extraBytes + this.inProgressBytes();
  }

  private inProgressBytes(): number {
    const cameras = this.options.cameras;
    return (typeof cameras === 'number' ? cameras : cameras()) * this.largestSegment;
  }

  private async pass(emergencyBytes: number): Promise<void> {
    const { outbox } = this.options;
    const files = [...outbox.pendingSegments(), ...outbox.keptSegments()];
    for (const f of files) this.largestSegment = Math.max(this.largestSegment, f.bytes);
    this.lastFree = await (this.options.freeBytes ?? freeBytes)(outbox.dataDir);
    const plan = planEviction(
      files.map((f) => ({ ...f, uploaded: f.state !== 'pending' })),
      { usedBytes: this.usedBytes() + emergencyBytes, freeBytes: this.lastFree - emergencyBytes },
      // Headroom of one more segment per camera, so a check does not evict again at every new segment.
      { maxBytes: this.options.maxBytes, minFreeBytes: this.options.minFreeBytes, headroomBytes: this.inProgressBytes() },
    );
    if (plan.evict.length === 0) return;
    const evicted: SegmentEntry[] = [];
    for (const file of plan.evict) {
      const entry = files.find((f) => f.id === file.id)!;
      if (!outbox.has(entry.id)) continue; // uploaded and deleted meanwhile
      await outbox.remove(entry);
      evicted.push(entry);
      this.evictedSegments++;
      this.evictedBytes += entry.bytes;
    }
    const lost = plan.lost;
    for (const span of lost) this.lostBytes += span.bytes;
    if (lost.length > 0) {
      this.publishing = this.options.events.publish(lost.flatMap((span) => storageEvictedEvents(span, randomUUID())));
      this.log.warn({ lost: lost.map((s) => ({ ...s, from: new Date(s.from).toISOString(), to: new Date(s.to).toISOString() })) }, 'spool full: evicted recordings that were never uploaded');
    } else {
      this.log.info({ segments: evicted.length, bytes: evicted.reduce((n, e) => n + e.bytes, 0) }, 'spool full: evicted uploaded copies');
    }
    if (plan.shortBytes > 0) this.log.error({ shortBytes: plan.shortBytes }, 'spool still over its caps with nothing left to evict');
    this.options.onEvicted?.(evicted, lost);
  }
}

/** The alert for a lost span: a start and an end of one event (it happened and is over). */
export function storageEvictedEvents(span: LostSpan, id: string): DetectionEvent[] {
  const start: DetectionEvent = {
    id,
    phase: 'start',
    cameraId: span.cameraId,
    stream: 'main',
    label: STORAGE_EVICTED_LABEL,
    score: 1,
    zones: [],
    attributes: { cameraId: span.cameraId, from: new Date(span.from).toISOString(), to: new Date(span.to).toISOString(), bytes: String(span.bytes) },
    startedAt: span.from,
  };
  return [start, { ...start, phase: 'end', endedAt: span.to }];
}
