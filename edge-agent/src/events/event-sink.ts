import type { DetectionEvent } from '@argus/core';
import type { Logger } from '@argus/runtime';
import type { Outbox, SnapshotInput } from '../outbox/outbox.js';
import { writeToSpool } from '../outbox/spool-write.js';

/**
 * The only way events reach the outbox: health events of the recorders,
 * storage events of the disk guard, motion events of the camera units.
 *
 * Everything published goes through one chain, so phases reach the outbox
 * (and from there the cloud) in the order they were published: an `end`
 * never before its `start`. A phase published with a snapshot has the JPEG
 * written to the outbox first, so by the time the phase is queued its
 * snapshot is too, and the uploader stores the snapshot before it sends the
 * phase (uploader.ts). A snapshot that cannot be written (disk full even
 * after eviction) is forgotten: its phases, and later ones referencing the
 * same key, go without it rather than pointing at nothing.
 */
export interface EventSink {
  /**
   * Queues event phases after everything published before, with the
   * snapshot their `snapshotKey` names when given. Never throws; resolves
   * once the phases are on disk (or the write was given up and logged).
   */
  publish(events: readonly DetectionEvent[], snapshot?: SnapshotInput): Promise<void>;
  /** The object key a snapshot will have (what its events carry as `snapshotKey`). */
  snapshotKey(snapshot: Pick<SnapshotInput, 'cameraId' | 'stream' | 'takenAt'>): string;
  /** Resolves once everything published so far is on disk. */
  flush(): Promise<void>;
  /** Event phases and snapshots written to the outbox since start. */
  counts(): { readonly events: number; readonly snapshots: number };
}

export interface EventSinkOptions {
  readonly outbox: Outbox;
  /** Frees spool space after ENOSPC (the disk guard's emergency check). */
  readonly makeRoom: (bytes: number) => Promise<void>;
  readonly logger: Logger;
}

export function createEventSink(options: EventSinkOptions): EventSink {
  const { outbox } = options;
  const log = options.logger.child({ component: 'event-sink' });
  const spool = { makeRoom: options.makeRoom, log };
  let chain: Promise<void> = Promise.resolve();
  /** Keys of snapshots that never made it to disk. */
  const unwritten = new Set<string>();
  const queued = { events: 0, snapshots: 0 };

  const withoutUnwritten = (events: readonly DetectionEvent[]): DetectionEvent[] =>
    events.map((e) => {
      if (e.snapshotKey === undefined || !unwritten.has(e.snapshotKey)) return e;
      const { snapshotKey: _dropped, ...rest } = e;
      return rest;
    });

  return {
    publish(events, snapshot) {
      if (events.length === 0 && !snapshot) return chain;
      chain = chain.then(async () => {
        if (snapshot) {
          const key = outbox.snapshotKey(snapshot);
          const stored = await writeToSpool(`snapshot ${key}`, async () => void (await outbox.addSnapshot(snapshot)), spool);
          if (stored) queued.snapshots++;
          else unwritten.add(key);
        }
        const ready = withoutUnwritten(events);
        if (ready.length === 0) return;
        if (await writeToSpool(`events ${ready.map((e) => `${e.label}/${e.phase}`).join(',')}`, () => outbox.addEvents(ready), spool)) queued.events += ready.length;
      });
      return chain;
    },
    snapshotKey: (snapshot) => outbox.snapshotKey(snapshot),
    flush: () => chain,
    counts: () => ({ ...queued }),
  };
}
