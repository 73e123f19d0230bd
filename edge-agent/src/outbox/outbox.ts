import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MIN_SEGMENT_MS, segmentKey, type DetectionEvent, type StreamName } from '@argus/core';
import type { Logger } from '@argus/runtime';
import { writeFileAtomic } from './atomic-file.js';
import { fromSidecar, fromSnapshotSidecar, toSidecar, toSnapshotSidecar, type QueuedEvent, type SegmentEntry, type SnapshotEntry } from './outbox-entry.js';

/**
 * The edge's durable store-and-forward queue (docs/edge-agent.md, "Outbox").
 *
 * It carries files with their metadata, and event phases. A finished
 * segment stays where ffmpeg wrote it (`segments/<camera>/`); the outbox
 * adds a small JSON sidecar beside it, written atomically, holding its
 * times, size, sha256, key and upload state. A snapshot (an event's best
 * JPEG) is written to `snapshots/<camera>/` with a sidecar of the same kind.
 * Event phases wait as one JSON file each in `events/`. Everything is
 * re-read on `open()`, so an agent killed at any moment loses nothing
 * ffmpeg had finished and nothing the event sink had accepted.
 */
export interface OutboxOptions {
  readonly dataDir: string;
  readonly orgId: string;
  readonly logger: Logger;
  /**
   * Duration (ms) of a media file no sidecar describes, or undefined when it
   * holds no usable video. Used at open() to adopt files from a crashed run.
   */
  readonly probeDurationMs?: (file: string) => Promise<number | undefined>;
}

export interface RecordedSegmentInput {
  readonly cameraId: string;
  readonly stream: StreamName;
  readonly path: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

/** A JPEG to keep until it is stored (core/motion-to-event.ts names its key). */
export interface SnapshotInput {
  readonly cameraId: string;
  readonly stream: StreamName;
  /** When the picture was taken, epoch ms: the key's time. */
  readonly takenAt: number;
  readonly jpeg: Uint8Array;
}

export interface OpenReport {
  readonly pending: number;
  readonly snapshots: number;
  readonly kept: number;
  readonly events: number;
  /** Files without a sidecar that were adopted with probed times. */
  readonly adopted: number;
  /** Files without a sidecar moved to lost+found (or deleted when empty). */
  readonly lostFound: number;
}

export interface OutboxStats {
  /** Segments not yet indexed (pending or uploaded-not-registered). */
  readonly segments: number;
  readonly bytes: number;
  readonly events: number;
  /** Snapshots waiting for upload, and their bytes. */
  readonly snapshots: number;
  readonly snapshotBytes: number;
  /** Indexed segments kept for local playback (storage.keepUploaded). */
  readonly keptSegments: number;
  readonly keptBytes: number;
  readonly oldestPendingAt: number | undefined;
}

export const OUTBOX_DIRS = { segments: 'segments', snapshots: 'snapshots', events: 'events', lostFound: 'lost+found', rejected: 'rejected' } as const;

const SIDECAR = '.json';

export class Outbox {
  private readonly options: OutboxOptions;
  private readonly log: Logger;
  private readonly entries = new Map<string, SegmentEntry>();
  private readonly events: QueuedEvent[] = [];
  /** Pending snapshots by key, in the order they were added. */
  private readonly snapshots = new Map<string, SnapshotEntry>();
  /** Keys of snapshots the cloud refused for good: events drop the reference instead of waiting for them. */
  private readonly lostSnapshots = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private eventCounter = 0;

  constructor(options: OutboxOptions) {
    this.options = options;
    this.log = options.logger.child({ component: 'outbox' });
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  /** Calls `fn` whenever something is added (the uploader waits on it). */
  onAdded(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Loads every entry and event left by earlier runs, and settles files no sidecar describes. */
  async open(): Promise<OpenReport> {
    const { dataDir } = this.options;
    await mkdir(join(dataDir, OUTBOX_DIRS.segments), { recursive: true });
    await mkdir(join(dataDir, OUTBOX_DIRS.events), { recursive: true });
    let adopted = 0;
    let lostFound = 0;
    for (const cameraId of await readdir(join(dataDir, OUTBOX_DIRS.segments))) {
      const dir = join(dataDir, OUTBOX_DIRS.segments, cameraId);
      if (!(await stat(dir)).isDirectory()) continue;
      const names = new Set(await readdir(dir));
      const orphans: string[] = [];
      for (const name of names) {
        const path = join(dir, name);
        if (name.endsWith('.tmp')) {
          await unlink(path).catch(() => undefined); // a sidecar write cut short; its segment is an orphan below
        } else if (name.endsWith(`.ts${SIDECAR}`)) {
          const media = name.slice(0, -SIDECAR.length);
          if (!names.has(media)) {
            // Deleted after upload or eviction, just before its sidecar was.
            await unlink(path).catch(() => undefined);
            continue;
          }
          const entry = fromSidecar(await readFile(path, 'utf8'), join(dir, media), `${cameraId}/${media}`);
          if (entry) this.entries.set(entry.id, entry);
          else {
            this.log.warn({ file: path }, 'unreadable outbox sidecar; treating its segment as unrecorded');
            await unlink(path).catch(() => undefined);
            orphans.push(media);
          }
        } else if (name.endsWith('.ts') && !names.has(`${name}${SIDECAR}`)) {
          orphans.push(name);
        }
      }
      for (const name of orphans.sort()) {
        if (await this.adoptOrphan(cameraId, join(dir, name))) adopted++;
        else lostFound++;
      }
    }
    const snapshots = await this.openSnapshots();
    const eventFiles = (await readdir(join(dataDir, OUTBOX_DIRS.events))).sort();
    for (const name of eventFiles) {
      const path = join(dataDir, OUTBOX_DIRS.events, name);
      if (!name.endsWith(SIDECAR)) {
        await unlink(path).catch(() => undefined);
        continue;
      }
      try {
        this.events.push({ seq: name, event: JSON.parse(await readFile(path, 'utf8')) as DetectionEvent });
      } catch {
        this.log.warn({ file: path }, 'unreadable queued event dropped');
        await unlink(path).catch(() => undefined);
      }
    }
    const report = { pending: this.pendingSegments().length, snapshots, kept: this.keptSegments().length, events: this.events.length, adopted, lostFound };
    if (report.pending + report.events + snapshots + adopted + lostFound > 0) this.log.info(report, 'outbox reloaded');
    return report;
  }

  /**
   * Records a segment ffmpeg finished. A sliver (shorter than any segment
   * the index takes, closed by a stop or restart) is deleted instead.
   * Throws on I/O errors (ENOSPC included); the file is then an orphan the
   * next open() settles.
   */
  async addSegment(input: RecordedSegmentInput): Promise<SegmentEntry | undefined> {
    if (input.endsAt - input.startsAt < MIN_SEGMENT_MS) {
      await unlink(input.path).catch(() => undefined);
      return undefined;
    }
    const { bytes, sha256 } = await hashFile(input.path);
    const entry: SegmentEntry = {
      id: `${input.cameraId}/${basename(input.path)}`,
      cameraId: input.cameraId,
      stream: input.stream,
      path: input.path,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      bytes,
      sha256,
      key: segmentKey({ orgId: this.options.orgId, cameraId: input.cameraId, stream: input.stream, startsAt: input.startsAt }),
      state: 'pending',
    };
    await writeFileAtomic(`${entry.path}${SIDECAR}`, toSidecar(entry));
    this.entries.set(entry.id, entry);
    this.notify();
    return entry;
  }

  /** Object key of a snapshot: a media key of the camera with the `.jpg` extension (as the `snapshot` command's). */
  snapshotKey(input: { readonly cameraId: string; readonly stream: StreamName; readonly takenAt: number }): string {
    return segmentKey({ orgId: this.options.orgId, cameraId: input.cameraId, stream: input.stream, startsAt: input.takenAt, ext: 'jpg' });
  }

  /**
   * Keeps a JPEG until it is stored: the file first, then its sidecar (both
   * atomic), so a crash leaves either nothing or a complete entry. The same
   * picture twice (same key) is kept once. Throws on I/O errors.
   */
  async addSnapshot(input: SnapshotInput): Promise<SnapshotEntry> {
    const key = this.snapshotKey(input);
    const known = this.snapshots.get(key);
    if (known) return known;
    const dir = join(this.options.dataDir, OUTBOX_DIRS.snapshots, input.cameraId);
    await mkdir(dir, { recursive: true });
    const name = basename(key);
    const entry: SnapshotEntry = {
      id: `${input.cameraId}/${name}`, cameraId: input.cameraId, stream: input.stream, path: join(dir, name), takenAt: input.takenAt,
      bytes: input.jpeg.length, sha256: createHash('sha256').update(input.jpeg).digest('hex'), key,
    };
    await writeFileAtomic(entry.path, input.jpeg);
    await writeFileAtomic(`${entry.path}${SIDECAR}`, toSnapshotSidecar(entry));
    this.snapshots.set(key, entry);
    this.notify();
    return entry;
  }

  /** Snapshots still to upload, oldest first. */
  pendingSnapshots(): SnapshotEntry[] {
    return [...this.snapshots.values()];
  }

  /** Whether an event referencing `key` must wait: its snapshot is still in the outbox. */
  snapshotPending(key: string): boolean {
    return this.snapshots.has(key);
  }

  /** The snapshot `key` was refused for good: events referencing it go without it. */
  snapshotLost(key: string): boolean {
    return this.lostSnapshots.has(key);
  }

  /** The snapshot is stored: delete it (file first, then sidecar). */
  async removeSnapshot(entry: SnapshotEntry): Promise<void> {
    await unlink(entry.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    this.snapshots.delete(entry.key);
    await unlink(`${entry.path}${SIDECAR}`).catch(() => undefined);
  }

  /** Moves a snapshot the cloud refused for good to `rejected/<camera>/`; events stop waiting for it. */
  async setAsideSnapshot(entry: SnapshotEntry): Promise<void> {
    const dir = join(this.options.dataDir, OUTBOX_DIRS.rejected, entry.cameraId);
    await mkdir(dir, { recursive: true });
    await rename(entry.path, join(dir, basename(entry.path))).catch(() => undefined);
    await rename(`${entry.path}${SIDECAR}`, join(dir, `${basename(entry.path)}${SIDECAR}`)).catch(() => undefined);
    this.snapshots.delete(entry.key);
    this.lostSnapshots.add(entry.key);
  }

  /** Queues event phases for `POST /api/events`, in order. */
  async addEvents(events: readonly DetectionEvent[]): Promise<void> {
    for (const event of events) {
      const seq = `${Date.now().toString().padStart(15, '0')}-${(this.eventCounter++ % 1e6).toString().padStart(6, '0')}-${event.phase}${SIDECAR}`;
      await writeFileAtomic(join(this.options.dataDir, OUTBOX_DIRS.events, seq), JSON.stringify(event));
      this.events.push({ seq, event });
    }
    if (events.length > 0) this.notify();
  }

  /** Segments still to send, in no particular order (the drain plan orders them). */
  pendingSegments(): SegmentEntry[] {
    return [...this.entries.values()].filter((e) => e.state !== 'registered');
  }

  /** Indexed segments kept for local playback. */
  keptSegments(): SegmentEntry[] {
    return [...this.entries.values()].filter((e) => e.state === 'registered');
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The oldest queued event phases, at most `limit`. */
  pendingEvents(limit: number): QueuedEvent[] {
    return this.events.slice(0, limit);
  }

  async removeEvents(sent: readonly QueuedEvent[]): Promise<void> {
    const seqs = new Set(sent.map((q) => q.seq));
    for (const q of sent) await unlink(join(this.options.dataDir, OUTBOX_DIRS.events, q.seq)).catch(() => undefined);
    for (let i = this.events.length - 1; i >= 0; i--) if (seqs.has(this.events[i]!.seq)) this.events.splice(i, 1);
  }

  /** The bytes are in the object store: a restart re-registers without re-uploading. */
  async markUploaded(entry: SegmentEntry): Promise<SegmentEntry> {
    return this.update(entry, 'uploaded');
  }

  /** The object store lost the bytes: upload again. */
  async markPending(entry: SegmentEntry): Promise<SegmentEntry> {
    return this.update(entry, 'pending');
  }

  /** Indexed: keep the file for local playback, or delete it (file first, then its sidecar). */
  async markRegistered(entry: SegmentEntry, keep: boolean): Promise<void> {
    if (keep) {
      await this.update(entry, 'registered');
      return;
    }
    await this.remove(entry);
  }

  /** Deletes segments (disk guard): media file first, so a crash in between leaves a sidecar without media, which open() drops. */
  async remove(entry: SegmentEntry): Promise<void> {
    await unlink(entry.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    this.entries.delete(entry.id);
    await unlink(`${entry.path}${SIDECAR}`).catch(() => undefined);
  }

  /** Moves a segment the cloud refused for good to `rejected/<camera>/`, with its sidecar for inspection. */
  async setAside(entry: SegmentEntry): Promise<void> {
    const dir = join(this.options.dataDir, OUTBOX_DIRS.rejected, entry.cameraId);
    await mkdir(dir, { recursive: true });
    await rename(entry.path, join(dir, basename(entry.path)));
    await rename(`${entry.path}${SIDECAR}`, join(dir, `${basename(entry.path)}${SIDECAR}`)).catch(() => undefined);
    this.entries.delete(entry.id);
  }

  stats(): OutboxStats {
    let segments = 0, bytes = 0, keptSegments = 0, keptBytes = 0;
    let oldestPendingAt: number | undefined;
    for (const e of this.entries.values()) {
      if (e.state === 'registered') {
        keptSegments++;
        keptBytes += e.bytes;
      } else {
        segments++;
        bytes += e.bytes;
        if (oldestPendingAt === undefined || e.startsAt < oldestPendingAt) oldestPendingAt = e.startsAt;
      }
    }
    let snapshotBytes = 0;
    for (const s of this.snapshots.values()) snapshotBytes += s.bytes;
    return { segments, bytes, events: this.events.length, snapshots: this.snapshots.size, snapshotBytes, keptSegments, keptBytes, oldestPendingAt };
  }

  private async update(entry: SegmentEntry, state: SegmentEntry['state']): Promise<SegmentEntry> {
    const next = { ...entry, state };
    if (!this.entries.has(entry.id)) return next; // evicted meanwhile: writing its sidecar would resurrect a ghost
    await writeFileAtomic(`${entry.path}${SIDECAR}`, toSidecar(next));
    this.entries.set(entry.id, next);
    return next;
  }

  /**
   * Reloads pending snapshots: a JPEG with its sidecar is queued again; a
   * JPEG without one was cut short by a crash before any event referenced it
   * (the sink queues events after their snapshot), and is deleted, as is a
   * sidecar without its JPEG. Returns how many were reloaded.
   */
  private async openSnapshots(): Promise<number> {
    const root = join(this.options.dataDir, OUTBOX_DIRS.snapshots);
    await mkdir(root, { recursive: true });
    const found: SnapshotEntry[] = [];
    for (const cameraId of await readdir(root)) {
      const dir = join(root, cameraId);
      if (!(await stat(dir)).isDirectory()) continue;
      const names = new Set(await readdir(dir));
      for (const name of names) {
        const path = join(dir, name);
        if (name.endsWith('.tmp')) {
          await unlink(path).catch(() => undefined);
        } else if (name.endsWith(`.jpg${SIDECAR}`)) {
          const media = name.slice(0, -SIDECAR.length);
          const entry = names.has(media) ? fromSnapshotSidecar(await readFile(path, 'utf8'), join(dir, media), `${cameraId}/${media}`) : undefined;
          if (entry) found.push(entry);
          else {
            await unlink(path).catch(() => undefined);
            if (names.has(media)) await unlink(join(dir, media)).catch(() => undefined);
          }
        } else if (name.endsWith('.jpg') && !names.has(`${name}${SIDECAR}`)) {
          await unlink(path).catch(() => undefined);
        }
      }
    }
    for (const entry of found.sort((a, b) => a.takenAt - b.takenAt)) this.snapshots.set(entry.key, entry);
    return found.length;
  }

  private notify(): void {
    for (const fn of this.listeners) fn();
  }

  /**
   * A media file without a sidecar: ffmpeg finished it but the agent died
   * before recording it, or ffmpeg itself was killed mid-segment (a
   * truncated MPEG-TS file still plays up to the cut). Its wall-clock end is
   * its last write (mtime) and its length is probed, so it is adopted and
   * uploaded like any other segment, marked `recovered`. A file with no
   * playable video, or too short to index, goes to lost+found.
   */
  private async adoptOrphan(cameraId: string, path: string): Promise<boolean> {
    const info = await stat(path);
    if (info.size === 0) {
      // Opened by ffmpeg just before the crash, nothing written yet: there is nothing to keep.
      await unlink(path).catch(() => undefined);
      return false;
    }
    const durationMs = info.size > 0 ? await this.options.probeDurationMs?.(path) : undefined;
    if (durationMs !== undefined && durationMs >= MIN_SEGMENT_MS) {
      const endsAt = Math.round(info.mtimeMs);
      // Never overlap a recorded segment of the same camera (the times of a recovered file are an estimate).
      const before = [...this.entries.values()].filter((e) => e.cameraId === cameraId && e.startsAt < endsAt);
      const floor = Math.max(0, ...before.map((e) => e.endsAt));
      const startsAt = Math.max(endsAt - durationMs, floor);
      if (endsAt - startsAt >= MIN_SEGMENT_MS) {
        const { bytes, sha256 } = await hashFile(path);
        const entry: SegmentEntry = {
          id: `${cameraId}/${basename(path)}`, cameraId, stream: 'main', path, startsAt, endsAt, bytes, sha256,
          key: segmentKey({ orgId: this.options.orgId, cameraId, stream: 'main', startsAt }), state: 'pending', recovered: true,
        };
        await writeFileAtomic(`${path}${SIDECAR}`, toSidecar(entry));
        this.entries.set(entry.id, entry);
        this.log.warn({ file: path, startsAt: new Date(startsAt).toISOString(), durationMs }, 'adopted a segment file the previous run never recorded');
        return true;
      }
    }
    const dir = join(this.options.dataDir, OUTBOX_DIRS.lostFound, cameraId);
    await mkdir(dir, { recursive: true });
    await rename(path, join(dir, basename(path)));
    this.log.warn({ file: path, bytes: info.size, durationMs }, 'segment file without usable video or times moved to lost+found');
    return false;
  }
}

async function hashFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}
