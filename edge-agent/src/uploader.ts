import { MAX_EVENT_BATCH } from '@argus/contracts';
import { readFile } from 'node:fs/promises';
import type { Camera, StreamName } from '@argus/core';
import { delay, type Logger, type Service } from '@argus/runtime';
import { CloudCallError, type CloudClient } from './adapters/uplink/cloud-client.js';
import { backoffDelay, type BackoffPolicy } from './core/backoff.js';
import { chooseLane, splitLanes, type Lane } from './core/drain-plan.js';
import { TokenBucket } from './core/token-bucket.js';
import type { QueuedEvent, SegmentEntry, SnapshotEntry } from './outbox/outbox-entry.js';
import type { Outbox } from './outbox/outbox.js';

/** A finished segment file on local disk, as the recorder reports it. */
export interface RecordedSegment {
  readonly cameraId: string;
  readonly stream: StreamName;
  readonly path: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

/** Counters the uploader reports (metrics/edge-metrics.ts implements them). */
export interface UploadObserver {
  uploaded(entry: SegmentEntry, lane: Lane): void;
  failed(entry: SegmentEntry): void;
  rejected(entry: SegmentEntry): void;
  eventsSent(count: number): void;
  snapshotUploaded?(entry: SnapshotEntry): void;
}

/** What the uploader calls of the cloud (adapters/uplink/cloud-client.ts). */
export type UplinkClient = Pick<CloudClient, 'upsertCamera' | 'requestUpload' | 'putObject' | 'registerSegment' | 'postEvents'>;

export interface SegmentUploaderOptions {
  readonly client: UplinkClient;
  readonly cameras: ReadonlyMap<string, Camera>;
  /** Site of a camera found in the outbox but no longer configured. */
  readonly siteId: string;
  readonly outbox: Outbox;
  readonly retry: BackoffPolicy;
  /** Keep indexed files for local playback (the disk guard evicts them first). */
  readonly keepUploaded: boolean;
  /** Backlog lane cap (bytes/s); 0 = uncapped. */
  readonly maxBytesPerSecond: number;
  readonly backlogShare: number;
  /** A camera's newest pending segment is live while it ended less than this long ago (ms). */
  readonly liveWindowMs: number;
  readonly logger: Logger;
  readonly observer?: UploadObserver;
  readonly now?: () => number;
}

const EVENT_BATCH = MAX_EVENT_BATCH;

/**
 * Drains the outbox into the cloud, at least once, for as long as it takes.
 *
 * Two lanes run side by side, so an alert never waits behind media: one
 * stores queued snapshots, then sends queued events; the other sends one
 * segment at a time, chosen by the drain plan
 * (core/drain-plan.ts: a live lane sent at once, a backlog lane oldest first
 * under the token bucket). A segment goes in three idempotent steps: ask
 * for an upload URL and PUT the bytes (state `uploaded`, persisted), then
 * register it in the index, then delete it (or keep it, `keepUploaded`).
 * The cloud de-duplicates by key and event id, so a retry after any failure,
 * or a replay after a crash, indexes nothing twice. Failures the cloud calls
 * retryable back off with jitter; a final refusal sets the segment aside in
 * `rejected/` so the queue moves on.
 *
 * An event phase that references a snapshot is never sent before that
 * snapshot is stored: a batch ends before the first phase whose snapshot is
 * still in the outbox (the event sink queues the snapshot before its
 * phases, and its lane stores snapshots before it sends events, so the
 * wait is only ever one failed upload's backoff). Snapshots are PUT through
 * the same presigned-upload path as segments (`POST /api/uploads`, then
 * PUT), and deleted once stored; the cloud indexes them only through the
 * events that name them.
 */
export class SegmentUploader implements Service {
  private readonly options: SegmentUploaderOptions;
  private readonly log: Logger;
  private readonly announced = new Set<string>();
  private readonly abort = new AbortController();
  private readonly bucket: TokenBucket;
  /** Wakes the waiting lanes (something was added, or the uploader stops). */
  private wakers = { events: undefined as (() => void) | undefined, segments: undefined as (() => void) | undefined };
  private loops: Promise<void> | undefined;
  private announcing: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private sent = { liveBytes: 0, backlogBytes: 0 };
  private uploadedCount = 0;
  private sentCounts = { events: 0, snapshots: 0 };
  private failures = { events: 0, segments: 0 };

  constructor(options: SegmentUploaderOptions) {
    this.options = options;
    this.log = options.logger.child({ component: 'uploader' });
    // Burst: two seconds' worth, at least one large segment, so pacing is smooth but a segment always fits.
    this.bucket = new TokenBucket({ bytesPerSecond: options.maxBytesPerSecond, burstBytes: Math.max(2 * options.maxBytesPerSecond, 4 * 1024 ** 2) }, this.now());
  }

  get pending(): number {
    return this.options.outbox.stats().segments;
  }

  get uploaded(): number {
    return this.uploadedCount;
  }

  /** Event phases the cloud accepted and snapshots it stored, since start. */
  get delivered(): { readonly events: number; readonly snapshots: number } {
    return { ...this.sentCounts };
  }

  start(): Promise<void> {
    this.unsubscribe = this.options.outbox.onAdded(() => this.wakeAll());
    this.loops ??= Promise.all([this.eventLoop(), this.segmentLoop()]).then(() => undefined);
    return Promise.resolve();
  }

  private wakeAll(): void {
    this.wakers.events?.();
    this.wakers.segments?.();
  }

  /** Resolves when `lane` is woken (or after `ms`, when given). */
  private sleep(lane: 'events' | 'segments', ms?: number): Promise<void> {
    const woken = new Promise<void>((resolve) => (this.wakers[lane] = resolve));
    return (ms === undefined ? woken : Promise.race([woken, delay(ms, this.abort.signal)])).finally(() => (this.wakers[lane] = undefined));
  }

  /** Keeps draining for at most `drainMs`, then stops; whatever is left stays in the outbox for the next start. */
  async stop(drainMs = 10_000): Promise<void> {
    const deadline = Date.now() + drainMs;
    const { outbox } = this.options;
    while (this.loops && Date.now() < deadline && (outbox.stats().segments > 0 || outbox.stats().events > 0)) await delay(100);
    this.abort.abort();
    this.wakeAll();
    await this.loops;
    this.unsubscribe?.();
    const left = outbox.stats();
    if (left.segments + left.events > 0) this.log.warn({ segments: left.segments, events: left.events }, 'uploader stopped; the rest stays in the outbox for the next start');
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The small lane: snapshots, then the events that name them, as soon as they are queued. */
  private async eventLoop(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        await this.announceAll();
        const sent = (await this.sendSnapshots()) || (await this.sendEvents());
        this.failures.events = 0;
        if (!sent) await this.sleep('events');
      } catch (err) {
        await this.backOff('events', err, signal);
      }
    }
  }

  /** The media lane: one segment at a time, live first, backlog under the token bucket. */
  private async segmentLoop(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        await this.announceAll();
        const next = this.pick();
        if (next === undefined) {
          await this.sleep('segments');
          continue;
        }
        if ('waitMs' in next) {
          // Only capped backlog is left: sleep until the bucket allows it, or until something live arrives.
          await this.sleep('segments', next.waitMs);
          continue;
        }
        await this.sendSegment(next.entry, next.lane);
        this.failures.segments = 0;
      } catch (err) {
        await this.backOff('segments', err, signal);
      }
    }
  }

  private async backOff(lane: 'events' | 'segments', err: unknown, signal: AbortSignal): Promise<void> {
    this.failures[lane]++;
    const pause = backoffDelay(this.failures[lane], this.options.retry);
    this.log.warn({ lane, err: err instanceof Error ? err.message : String(err), retryInMs: pause, pending: this.pending }, 'upload failed; will retry');
    await delay(pause, signal);
  }

  private pick(): { entry: SegmentEntry; lane: Lane } | { waitMs: number } | undefined {
    const now = this.now();
    const lanes = splitLanes(this.options.outbox.pendingSegments(), now, this.options.liveWindowMs);
    const oldest = lanes.backlog[0];
    const backlogWait = oldest ? this.bucket.waitMs(oldest.bytes, now) : 0;
    const ready = { live: lanes.live.length > 0, backlog: oldest !== undefined && backlogWait === 0 };
    // The interleave only means something while both lanes wait; a fresh start after either empties.
    if (!ready.live || !oldest) this.sent = { liveBytes: 0, backlogBytes: 0 };
    const lane = chooseLane(ready, this.sent, this.options.backlogShare);
    if (lane === 'live') return { entry: lanes.live[0]!, lane };
    if (lane === 'backlog') return { entry: oldest!, lane };
    return oldest ? { waitMs: backlogWait } : undefined;
  }

  /** A camera changed (name, streams): announce it again before its next upload. */
  reannounce(cameraId: string): void {
    this.announced.delete(cameraId);
    this.wakeAll();
  }

  /** Stores every queued snapshot; true when it stored (or set aside) one. */
  private async sendSnapshots(): Promise<boolean> {
    const { outbox, client } = this.options;
    const pending = outbox.pendingSnapshots();
    for (const entry of pending) {
      try {
        const target = await client.requestUpload({ key: entry.key, bytes: entry.bytes, sha256: entry.sha256 });
        await client.putObject(target, await readFile(entry.path));
        await outbox.removeSnapshot(entry);
        this.sentCounts.snapshots++;
        this.options.observer?.snapshotUploaded?.(entry);
        this.log.debug({ key: entry.key, bytes: entry.bytes }, 'snapshot uploaded');
      } catch (err) {
        if (err instanceof CloudCallError && !err.retryable) {
          if (err.apiCode === 'CLD_ERR_CAMERA_NOT_FOUND' && this.announced.delete(entry.cameraId)) return true; // announce again, then retry
          this.log.error({ err, cameraId: entry.cameraId, key: entry.key }, 'cloud refused a snapshot; keeping it aside in rejected/, its events go without it');
          await outbox.setAsideSnapshot(entry);
          continue;
        }
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          this.log.error({ key: entry.key, file: entry.path }, 'snapshot file gone; its events go without it');
          await outbox.setAsideSnapshot(entry);
          continue;
        }
        throw err;
      }
    }
    return pending.length > 0;
  }

  /**
   * The oldest queued phases that may go now: up to the first whose snapshot
   * is still waiting, each without a reference to a snapshot the cloud refused.
   */
  private sendableEvents(): QueuedEvent[] {
    const { outbox } = this.options;
    const batch = outbox.pendingEvents(EVENT_BATCH);
    const ready: QueuedEvent[] = [];
    for (const q of batch) {
      const key = q.event.snapshotKey;
      if (key !== undefined && outbox.snapshotPending(key)) break;
      if (key !== undefined && outbox.snapshotLost(key)) {
        const { snapshotKey: _lost, ...event } = q.event;
        ready.push({ seq: q.seq, event });
      } else ready.push(q);
    }
    return ready;
  }

  /** Sends one batch of queued events; true when it sent something. */
  private async sendEvents(): Promise<boolean> {
    const { outbox, client, cameras } = this.options;
    const batch = this.sendableEvents();
    if (batch.length === 0) return false;
    try {
      await client.postEvents(batch.map((q) => q.event));
    } catch (err) {
      if (!(err instanceof CloudCallError) || err.retryable) throw err;
      if (err.apiCode === 'CLD_ERR_CAMERA_NOT_FOUND') {
        const unknown = batch.filter((q) => !cameras.has(q.event.cameraId));
        if (unknown.length === 0) {
          this.announced.clear(); // the cloud lost a camera we announced: announce again, then retry
          throw err;
        }
        await this.dropEvents(unknown, 'events of a camera no longer configured');
        return true;
      }
      if (err.apiCode === 'CLD_ERR_NOT_FOUND') throw err; // a cloud without the events endpoint yet: keep them, retry later
      await this.dropEvents(batch, `cloud refused an event batch: ${err.message}`);
      return true;
    }
    await outbox.removeEvents(batch);
    this.sentCounts.events += batch.length;
    this.options.observer?.eventsSent(batch.length);
    return true;
  }

  private async dropEvents(events: readonly QueuedEvent[], why: string): Promise<void> {
    this.log.error({ events: events.map((q) => ({ id: q.event.id, phase: q.event.phase, label: q.event.label })) }, why);
    await this.options.outbox.removeEvents(events);
  }

  private async sendSegment(first: SegmentEntry, lane: Lane): Promise<void> {
    const { outbox, client } = this.options;
    let entry = first;
    try {
      if (entry.state === 'pending') {
        const target = await client.requestUpload({ key: entry.key, bytes: entry.bytes, sha256: entry.sha256 });
        await client.putObject(target, await readFile(entry.path));
        this.bucket.take(lane === 'backlog' ? entry.bytes : 0, this.now());
        entry = await outbox.markUploaded(entry);
      }
      const result = await client.registerSegment({
        cameraId: entry.cameraId, stream: entry.stream, startsAt: entry.startsAt, endsAt: entry.endsAt,
        bytes: entry.bytes, sha256: entry.sha256, key: entry.key,
      });
      await outbox.markRegistered(entry, this.options.keepUploaded);
      this.uploadedCount++;
      if (lane === 'live') this.sent.liveBytes += entry.bytes;
      else this.sent.backlogBytes += entry.bytes;
      this.options.observer?.uploaded(entry, lane);
      this.log.debug({ key: entry.key, bytes: entry.bytes, lane, created: result.created }, 'segment uploaded');
    } catch (err) {
      if (!outbox.has(entry.id)) return; // evicted by the disk guard while in flight: nothing left to send
      if (err instanceof CloudCallError && !err.retryable) {
        if (err.apiCode === 'CLD_ERR_CAMERA_NOT_FOUND' && this.announced.delete(entry.cameraId)) return; // announce again, then retry
        if (err.apiCode === 'CLD_ERR_SEGMENT_NOT_STORED' && entry.state === 'uploaded') {
          await outbox.markPending(entry); // the store lost the bytes: upload them again
          return;
        }
        this.log.error({ err, cameraId: entry.cameraId, file: entry.path }, 'cloud refused segment; keeping it aside in rejected/');
        this.options.observer?.rejected(entry);
        await outbox.setAside(entry);
        return;
      }
      this.options.observer?.failed(entry);
      throw err;
    }
  }

  /** Announces every camera not yet announced; both lanes call it, and share one run. */
  private announceAll(): Promise<void> {
    this.announcing ??= this.announceMissing().finally(() => (this.announcing = undefined));
    return this.announcing;
  }

  /** Every configured camera is made known to the cloud before its first segment or event lands. */
  private async announceMissing(): Promise<void> {
    const { cameras, client, outbox } = this.options;
    const needed = new Set([...cameras.keys(), ...outbox.pendingSegments().map((e) => e.cameraId)]);
    for (const cameraId of needed) {
      if (this.announced.has(cameraId)) continue;
      const camera = cameras.get(cameraId) ?? { id: cameraId, name: cameraId, siteId: this.options.siteId, streams: ['main'] as StreamName[] };
      await client.upsertCamera(camera);
      this.announced.add(cameraId);
    }
  }
}
