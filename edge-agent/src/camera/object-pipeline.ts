import { randomUUID } from 'node:crypto';
import type { Box, DetectionEvent, StreamName } from '@argus/core';
import type { DetectionZone, ObjectSettings } from '@argus/contracts';
import type { Logger } from '@argus/runtime';
import { boxColour, cropJpeg } from '../adapters/image/jpeg-tools.js';
import { InferenceGate, toPicture } from '../core/inference-gate.js';
import type { MotionResult } from '../core/motion-types.js';
import { objectEvent } from '../core/object-to-event.js';
import { ObjectTracker } from '../core/object-tracker.js';
import type { ObjectDetection, ObjectEventPhase, ObjectStep } from '../core/object-types.js';
import { zonesAt } from '../core/polygon-mask.js';
import type { SnapshotInput } from '../outbox/outbox.js';

/**
 * A camera's object detection: motion results in (one per detect frame),
 * object events out. The inference gate (core) picks the frames and the
 * region around their motion; the picture is the detect decoder's JPEG
 * nearest to the frame, cropped to the region (adapters/image); the model
 * is behind `inference` (the Rekognition API: AWS or the Argus cloud); the
 * boxes go back onto the picture and into the object tracker (core), whose
 * phases become events with the object's best snapshot and colour, through
 * the event sink.
 *
 * Never more than one picture of a camera in flight, and never more than
 * the agent's `slots` allow: a picture that cannot go now is dropped (the
 * next frame's is newer), never queued.
 */

/** The model, behind whatever API: boxes normalised to the image given. */
export interface ObjectInference {
  detect(image: Uint8Array, request: { readonly minScore: number; readonly labels: ReadonlySet<string> }): Promise<ObjectDetection[]>;
}

/** The agent-wide cap on pictures in flight and per second, shared by its cameras. */
export interface InferenceSlots {
  /** A slot now (true), or none (false: drop the picture). */
  tryAcquire(at: number): boolean;
  release(): void;
}

/** A JPEG of the detect stream and when it arrived (epoch ms). */
export interface Picture {
  readonly bytes: Uint8Array;
  readonly at: number;
}

export interface ObjectPipelineOptions {
  readonly cameraId: string;
  readonly stream: StreamName;
  readonly settings: ObjectSettings;
  readonly zones: readonly DetectionZone[];
  readonly inference: ObjectInference;
  readonly slots: InferenceSlots;
  /** The JPEG nearest to a time, from the decoder's recent ones. */
  readonly pictureAt: (at: number) => Picture | undefined;
  readonly publish: (events: readonly DetectionEvent[], snapshot?: SnapshotInput) => Promise<void> | void;
  readonly snapshotKey: (snapshot: Pick<SnapshotInput, 'cameraId' | 'stream' | 'takenAt'>) => string;
  readonly logger: Logger;
  readonly newId?: () => string;
  /** A picture further than this from the frame is not used (ms). */
  readonly maxPictureAgeMs?: number;
}

export interface ObjectStats {
  /** Frames examined (every motion result). */
  readonly frames: number;
  /** Pictures sent to the model. */
  readonly sent: number;
  /** Pictures the gate wanted but no slot (or picture) was free for. */
  readonly dropped: number;
  /** Calls that failed (throttled, unreachable, refused). */
  readonly failed: number;
  /** Object events started. */
  readonly events: number;
  /** Round trips of the last calls (ms), newest last. */
  readonly latenciesMs: readonly number[];
  /** Tracked objects now (confirmed). */
  readonly tracked: number;
}

/** A new snapshot for an object only when its score rose by this much since the last one. */
const SNAPSHOT_SCORE_RISE = 0.05;
/** How often tracks nobody looks at are expired while no inference runs (ms). */
const EXPIRE_EVERY_MS = 1000;
const LATENCY_WINDOW = 64;
/** Failures logged at most this often (ms). */
const FAILURE_LOG_MS = 30_000;

interface ObjectMeta {
  snapshotKey: string | undefined;
  snapshotScore: number;
  color: string | undefined;
}

export class ObjectPipeline {
  private readonly options: ObjectPipelineOptions;
  private readonly gate = new InferenceGate();
  private readonly tracker: ObjectTracker;
  private readonly labels: ReadonlySet<string>;
  private readonly meta = new Map<string, ObjectMeta>();
  private readonly log: Logger;
  private inFlight: Promise<void> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private lastExpireAt = 0;
  private lastFailureLogAt = Number.NEGATIVE_INFINITY;
  private closed = false;
  private counts = { frames: 0, sent: 0, dropped: 0, failed: 0, events: 0 };
  private readonly latencies: number[] = [];

  constructor(options: ObjectPipelineOptions) {
    this.options = options;
    this.log = options.logger.child({ component: 'objects', cameraId: options.cameraId });
    this.labels = new Set(options.settings.labels);
    const zones = options.zones;
    this.tracker = new ObjectTracker({
      newId: options.newId ?? randomUUID,
      tuning: { minScore: options.settings.minScore },
      ...(zones.length > 0 ? { zonesAt: (x: number, y: number) => zonesAt(x, y, zones) } : {}),
    });
  }

  stats(): ObjectStats {
    return { ...this.counts, latenciesMs: [...this.latencies], tracked: this.tracker.confirmed };
  }

  /** One detect frame's motion result, at `at` (epoch ms). Synchronous: the picture goes out in the background. */
  onMotion(result: MotionResult, at: number): void {
    if (this.closed) return;
    this.counts.frames++;
    if (!result.motion && at - this.lastExpireAt >= EXPIRE_EVERY_MS) {
      this.lastExpireAt = at;
      const ended = this.tracker.expire(at);
      if (ended.length > 0) this.emit({ phases: ended, best: [] }, undefined);
    }
    if (this.inFlight) return;
    const tracked = { candidates: this.tracker.candidates, movingBoxes: this.tracker.movingBoxes(), stationaryBoxes: this.tracker.stationaryBoxes() };
    const region = this.gate.decide(result, at, tracked);
    if (!region) return;
    const picture = this.options.pictureAt(at);
    if (!picture || Math.abs(picture.at - at) > (this.options.maxPictureAgeMs ?? 1000) || !this.options.slots.tryAcquire(at)) {
      this.counts.dropped++;
      return;
    }
    this.gate.sent(at);
    this.counts.sent++;
    this.inFlight = this.examine(picture, region).finally(() => {
      this.options.slots.release();
      this.inFlight = undefined;
    });
  }

  /** Resolves once the picture in flight (if any) and everything it published are done. */
  async idle(): Promise<void> {
    await this.inFlight;
    await this.chain;
  }

  /** Ends every tracked object (camera stopped, settings changed) once the picture in flight is done. */
  async finish(): Promise<void> {
    this.closed = true;
    await this.inFlight;
    const ended = this.tracker.finish();
    if (ended.length > 0) this.emit({ phases: ended, best: [] }, undefined);
    await this.chain;
  }

  private async examine(picture: Picture, region: Box): Promise<void> {
    const started = performance.now();
    let detections: ObjectDetection[];
    try {
      const image = await cropJpeg(picture.bytes, region);
      detections = (await this.options.inference.detect(image, { minScore: this.options.settings.minScore, labels: this.labels })).map((d) => ({
        ...d,
        box: toPicture(region, d.box),
      }));
    } catch (err) {
      this.counts.failed++;
      const now = Date.now();
      if (now - this.lastFailureLogAt >= FAILURE_LOG_MS) {
        this.lastFailureLogAt = now;
        this.log.warn({ err: (err as Error).name, message: (err as Error).message, failed: this.counts.failed }, 'object detection call failed; pictures are dropped until it answers');
      }
      return;
    }
    this.latencies.push(performance.now() - started);
    if (this.latencies.length > LATENCY_WINDOW) this.latencies.shift();
    if (this.closed) return;
    const step = this.tracker.observe({ at: picture.at, region, detections });
    if (step.phases.length > 0 || step.best.length > 0) this.emit(step, picture);
  }

  /** Publishes a step's phases (in order, after everything before), with a new best snapshot and colours when due. */
  private emit(step: ObjectStep, picture: Picture | undefined): void {
    const { cameraId, stream } = this.options;
    this.chain = this.chain.then(async () => {
      let snapshot: SnapshotInput | undefined;
      for (const best of step.best) {
        if (!picture) break;
        const meta = this.metaOf(best.id);
        if (meta.snapshotKey !== undefined && best.score < meta.snapshotScore + SNAPSHOT_SCORE_RISE) continue;
        snapshot ??= { cameraId, stream, takenAt: picture.at, jpeg: picture.bytes };
        meta.snapshotKey = this.options.snapshotKey(snapshot);
        meta.snapshotScore = best.score;
        meta.color = (await boxColour(picture.bytes, best.box).catch(() => undefined)) ?? meta.color;
      }
      const events = step.phases.map((phase) => this.eventOf(phase));
      if (events.length > 0 || snapshot) await this.options.publish(events, snapshot);
    });
  }

  private eventOf(phase: ObjectEventPhase): DetectionEvent {
    const meta = this.metaOf(phase.id);
    if (phase.phase === 'start') this.counts.events++;
    if (phase.phase === 'end') this.meta.delete(phase.id);
    return objectEvent(phase, { cameraId: this.options.cameraId, stream: this.options.stream, snapshotKey: meta.snapshotKey, color: meta.color });
  }

  private metaOf(id: string): ObjectMeta {
    let meta = this.meta.get(id);
    if (!meta) {
      meta = { snapshotKey: undefined, snapshotScore: 0, color: undefined };
      this.meta.set(id, meta);
    }
    return meta;
  }
}

/**
 * The agent-wide cap: at most `maxInFlight` pictures at once and
 * `perSecond` a second (a token bucket with a burst of `maxInFlight`),
 * across all cameras.
 */
export function createInferenceSlots(options: { readonly maxInFlight: number; readonly perSecond: number }, startAt = Date.now()): InferenceSlots & { readonly inFlight: number } {
  let inFlight = 0;
  let tokens = options.maxInFlight;
  let updatedAt = startAt;
  return {
    get inFlight() {
      return inFlight;
    },
    tryAcquire(at: number): boolean {
      tokens = Math.min(options.maxInFlight, tokens + ((at - updatedAt) / 1000) * options.perSecond);
      updatedAt = Math.max(updatedAt, at);
      if (inFlight >= options.maxInFlight || tokens < 1) return false;
      tokens -= 1;
      inFlight++;
      return true;
    },
    release(): void {
      inFlight = Math.max(0, inFlight - 1);
    },
  };
}
