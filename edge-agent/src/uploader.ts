import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MIN_SEGMENT_MS, segmentKey, type Camera, type StreamName } from '@argus/core';
import { delay, type Logger, type Service } from '@argus/runtime';
import { backoffDelay, type BackoffPolicy } from './core/backoff.js';
import { CloudCallError, type CloudClient } from './adapters/uplink/cloud-client.js';

/** A finished segment file on local disk, waiting to be uploaded and indexed. */
export interface RecordedSegment {
  readonly cameraId: string;
  readonly stream: StreamName;
  readonly path: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

export interface SegmentUploaderOptions {
  readonly client: CloudClient;
  readonly orgId: string;
  readonly cameras: ReadonlyMap<string, Camera>;
  /** Where files the cloud refused for good are kept for inspection. */
  readonly rejectedDir: string;
  readonly retry: BackoffPolicy;
  readonly logger: Logger;
}

/**
 * Uploads finished segments oldest first: the bytes go to the object store
 * through a URL the cloud hands out, then the segment is registered in the
 * index, then the local file is deleted. Every step is idempotent by key, so
 * a retry after any failure is safe; a failure the cloud calls final moves
 * the file aside instead of blocking the queue.
 */
export class SegmentUploader implements Service {
  private readonly options: SegmentUploaderOptions;
  private readonly queue: RecordedSegment[] = [];
  private readonly announced = new Set<string>();
  private readonly abort = new AbortController();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private uploadedCount = 0;

  constructor(options: SegmentUploaderOptions) {
    this.options = options;
  }

  get pending(): number {
    return this.queue.length;
  }

  get uploaded(): number {
    return this.uploadedCount;
  }

  enqueue(segment: RecordedSegment): void {
    this.queue.push(segment);
    this.wake?.();
  }

  start(): Promise<void> {
    this.loop ??= Promise.all([this.announceLoop(), this.drainLoop()]).then(() => undefined);
    return Promise.resolve();
  }

  /** Stops after the queue drains or `drainMs` passes, whichever is first; what is left stays on disk. */
  async stop(drainMs = 10_000): Promise<void> {
    const deadline = Date.now() + drainMs;
    while (this.queue.length > 0 && Date.now() < deadline && this.loop) await delay(100);
    this.abort.abort();
    this.wake?.();
    await this.loop;
    if (this.queue.length > 0) this.options.logger.warn({ left: this.queue.length }, 'uploader stopped with segments still on disk');
  }

  private async drainLoop(): Promise<void> {
    const { logger, retry } = this.options;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      const next = this.queue[0];
      if (!next) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      try {
        await this.upload(next);
        this.queue.shift();
        failures = 0;
      } catch (err) {
        if (err instanceof CloudCallError && !err.retryable) {
          if (err.apiCode === 'CLD_ERR_CAMERA_NOT_FOUND' && this.announced.delete(next.cameraId)) continue;
          logger.error({ err, cameraId: next.cameraId, file: next.path }, 'cloud refused segment; keeping it aside');
          await this.setAside(next);
          this.queue.shift();
          continue;
        }
        failures++;
        const pause = backoffDelay(failures, retry);
        logger.warn({ err: err instanceof Error ? err.message : String(err), retryInMs: pause, pending: this.queue.length }, 'segment upload failed; will retry');
        await delay(pause, this.abort.signal);
      }
    }
  }

  /** Makes every configured camera known to the cloud at start, so it is listed before its first segment lands. */
  private async announceLoop(): Promise<void> {
    let failures = 0;
    for (const cameraId of this.options.cameras.keys()) {
      while (!this.abort.signal.aborted && !this.announced.has(cameraId)) {
        try {
          await this.announce(cameraId);
          failures = 0;
        } catch (err) {
          failures++;
          const pause = backoffDelay(failures, this.options.retry);
          this.options.logger.warn({ cameraId, err: err instanceof Error ? err.message : String(err), retryInMs: pause }, 'could not announce camera; will retry');
          await delay(pause, this.abort.signal);
        }
      }
    }
  }

  private async upload(segment: RecordedSegment): Promise<void> {
    const { client, orgId, logger } = this.options;
    if (segment.endsAt - segment.startsAt < MIN_SEGMENT_MS) {
      // A sliver closed by a stop or restart: too short to index or to play.
      logger.debug({ file: segment.path }, 'dropping sliver segment');
      await unlink(segment.path).catch(() => undefined);
      return;
    }
    await this.announce(segment.cameraId);
    const body = await readFile(segment.path);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const key = segmentKey({ orgId, cameraId: segment.cameraId, stream: segment.stream, startsAt: segment.startsAt });
    const target = await client.requestUpload({ key, bytes: body.length, sha256 });
    await client.putObject(target, body);
    const result = await client.registerSegment({
      cameraId: segment.cameraId,
      stream: segment.stream,
      startsAt: segment.startsAt,
      endsAt: segment.endsAt,
      bytes: body.length,
      sha256,
      key,
    });
    await unlink(segment.path);
    this.uploadedCount++;
    logger.debug({ key, bytes: body.length, created: result.created }, 'segment uploaded');
  }

  private async announce(cameraId: string): Promise<void> {
    if (this.announced.has(cameraId)) return;
    const camera = this.options.cameras.get(cameraId);
    if (!camera) throw new Error(`segment of unconfigured camera ${cameraId}`);
    await this.options.client.upsertCamera(camera);
    this.announced.add(cameraId);
  }

  private async setAside(segment: RecordedSegment): Promise<void> {
    const dir = join(this.options.rejectedDir, segment.cameraId);
    await mkdir(dir, { recursive: true });
    await rename(segment.path, join(dir, basename(segment.path))).catch((err: unknown) => {
      this.options.logger.error({ err, file: segment.path }, 'could not move refused segment aside');
    });
  }
}
