import { randomUUID } from 'node:crypto';
import type { StreamName } from '@argus/core';
import { objectSettingsOf, type DetectionSettings } from '@argus/contracts';
import type { Logger, Service } from '@argus/runtime';
import { FrameDecoder, type DecoderState } from '../adapters/ffmpeg/frame-decoder.js';
import type { JpegImage } from '../adapters/ffmpeg/jpeg-stream.js';
import type { BackoffPolicy } from '../core/backoff.js';
import { MotionDetector } from '../core/motion-detector.js';
import { LIVE_TAP_MAX_BYTES, TsGopCache } from '../core/ts-gop-cache.js';
import { MotionEventTracker } from '../core/motion-events.js';
import { motionEvent } from '../core/motion-to-event.js';
import type { GreyFrame, MotionEventPhase } from '../core/motion-types.js';
import type { EventSink } from '../events/event-sink.js';
import type { SnapshotInput } from '../outbox/outbox.js';
import { DETECT_OBJECT_PICTURE_FPS } from '../adapters/ffmpeg/detect-args.js';
import { ObjectPipeline, type InferenceSlots, type ObjectInference, type ObjectStats } from './object-pipeline.js';

/**
 * A camera's detect side: the frame decoder (adapters/ffmpeg/frame-decoder.ts)
 * → the motion detector → the motion event tracker (core, pure) → motion
 * events with their best snapshot, through the event sink.
 *
 * Per frame: one `detect` and one `push`, nothing allocated here, nothing
 * logged. A JPEG is touched only when the tracker marks a new peak: the
 * decoder's ring image nearest the peak is copied out (at most once per
 * image, i.e. once a second) and held until the event's next phase, which
 * goes out with it (the sink stores the JPEG before the phase; the uploader
 * sends the phase only once the JPEG is stored). Every later phase of the
 * event carries the best snapshot's key, since the cloud keeps what the
 * last phase says.
 *
 * When the decoder's run ends (exit, stall), the open event ends at its last
 * motion and the detector forgets its background: frames of the next run
 * may be seconds later and the scene changed meanwhile.
 */
export interface DetectPipelineOptions {
  readonly cameraId: string;
  /** The stream detection decodes: `sub` when the camera has one, else `main`. */
  readonly stream: StreamName;
  /** Keep a live tap of a sub stream while decoding it (default true). */
  readonly liveTap?: boolean;
  /** Its RTSP URL (credentials included; only ever logged redacted). */
  readonly url: string;
  readonly settings: DetectionSettings;
  readonly stallTimeoutMs: number;
  readonly restart: BackoffPolicy;
  readonly ffmpegPath: string;
  readonly sink: EventSink;
  readonly logger: Logger;
  readonly onRestart?: () => void;
  /**
   * Keyframe thumbnails of the detect stream, for the recorder's freeze
   * detection (camera-unit.ts): the decoder sees every picture anyway, so
   * the recorder need not decode any. None while detection is off.
   */
  readonly onThumbnail?: (thumbnail: Uint8Array) => void;
  /** Object detection (the agent's endpoint and its shared cap); none = motion only. */
  readonly objects?: { readonly inference: ObjectInference; readonly slots: InferenceSlots };
  /** Event ids (default: UUIDs). */
  readonly newId?: () => string;
  readonly now?: () => number;
}

export type DetectState = 'off' | DecoderState;

/** What a heartbeat or a test reads of a camera's detection. */
export interface DetectStats {
  readonly state: DetectState;
  readonly stream: StreamName;
  readonly fps: number | undefined;
  /** Detect frame size (px). */
  readonly width: number | undefined;
  readonly height: number | undefined;
  /** Frames decoded and examined since start. */
  readonly frames: number;
  /** Decoder runs that ended without a stop. */
  readonly restarts: number;
  /** Motion events started since start. */
  readonly events: number;
  /** Snapshots queued since start. */
  readonly snapshots: number;
  /** A motion event is open now. */
  readonly motion: boolean;
  /** Id of the open motion event. */
  readonly eventId: string | undefined;
  /** Settings in force. */
  readonly settings: DetectionSettings;
  /** Object detection, while it runs. */
  readonly objects: ObjectStats | undefined;
}

/** Frame-rate window: frames per whole second over the last few seconds. */
const FPS_BUCKETS = 8;
const FPS_SECONDS = 5;

/** What the pipeline keeps of the open event between phases. */
interface OpenEvent {
  readonly id: string;
  /** Key of the best snapshot so far (queued with an earlier phase): every later phase carries it. */
  sentKey: string | undefined;
  /** Arrival of that snapshot's image (the same image is never queued twice). */
  sentImageAt: number | undefined;
  /** The image of the newest peak, held until the next phase takes it. */
  held: JpegImage | undefined;
  /** Time of the newest peak. */
  peakAt: number | undefined;
}

export class DetectPipeline implements Service {
  private readonly options: DetectPipelineOptions;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly newId: () => string;
  private decoder: FrameDecoder | undefined;
  private detector: MotionDetector | undefined;
  private objects: ObjectPipeline | undefined;
  private tracker: MotionEventTracker;
  private open: OpenEvent | undefined;
  private settings: DetectionSettings;
  private started = false;
  private frames = 0;
  private restartsBefore = 0;
  private events = 0;
  private snapshots = 0;
  private readonly fpsBuckets = new Uint16Array(FPS_BUCKETS);
  private fpsSecond = 0;

  constructor(options: DetectPipelineOptions) {
    this.options = options;
    this.liveTap = options.liveTap === false || options.stream !== 'sub' ? undefined : new TsGopCache({ maxBytes: LIVE_TAP_MAX_BYTES });
    this.log = options.logger.child({ component: 'detect', cameraId: options.cameraId, stream: options.stream });
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.settings = options.settings;
    this.tracker = this.newTracker(options.settings);
  }

  get stream(): StreamName {
    return this.options.stream;
  }

  /** The detect stream's newest GOP and live packets while the decoder runs (camera-unit's sub-stream live tap); undefined when the agent keeps none. */
  readonly liveTap: TsGopCache | undefined;

  async start(): Promise<void> {
    this.started = true;
    await this.startDecoder();
  }

  /** Stops the decoder; an open event ends at its last motion. */
  async stop(): Promise<void> {
    this.started = false;
    await this.stopDecoder();
    this.finish();
  }

  /**
   * New settings, at once: an open event ends (it was measured with the old
   * ones); the decoder is restarted only when the frame rate or size
   * changed, started or stopped when detection was switched on or off; the
   * detector and tracker are rebuilt (masks and zones are rasterised once).
   */
  async configure(settings: DetectionSettings): Promise<void> {
    const before = this.settings;
    this.settings = settings;
    this.finish();
    this.tracker = this.newTracker(settings);
    if (!this.started) return;
    const decoderChanged =
      before.enabled !== settings.enabled || before.fps !== settings.fps || before.height !== settings.height || this.objectsOn(before) !== this.objectsOn(settings);
    if (decoderChanged) {
      await this.stopDecoder();
      await this.startDecoder();
    } else if (this.decoder) {
      this.detector = this.newDetector(this.decoder.size.width, this.decoder.size.height);
      await this.objects?.finish();
      this.objects = this.newObjects();
    }
  }

  stats(): DetectStats {
    const decoder = this.decoder?.stats();
    return {
      state: decoder?.state ?? 'off',
      stream: this.options.stream,
      fps: decoder?.state === 'running' ? this.fps() : undefined,
      width: decoder?.width,
      height: decoder?.height,
      frames: this.frames,
      restarts: this.restartsBefore + (decoder?.restarts ?? 0),
      events: this.events,
      snapshots: this.snapshots,
      motion: this.open !== undefined,
      eventId: this.open?.id,
      settings: this.settings,
      objects: this.objects?.stats(),
    };
  }

  private newTracker(settings: DetectionSettings): MotionEventTracker {
    return new MotionEventTracker({ settings, newId: this.newId });
  }

  private newDetector(width: number, height: number): MotionDetector {
    return new MotionDetector({ width, height, settings: this.settings });
  }

  /** Objects are detected when the settings ask for it and the agent has an endpoint. */
  private objectsOn(settings: DetectionSettings): boolean {
    return this.options.objects !== undefined && objectSettingsOf(settings).enabled;
  }

  private newObjects(): ObjectPipeline | undefined {
    const { options } = this;
    const decoder = this.decoder;
    if (!options.objects || !decoder || !this.objectsOn(this.settings)) return undefined;
    return new ObjectPipeline({
      cameraId: options.cameraId,
      stream: options.stream,
      settings: objectSettingsOf(this.settings),
      zones: this.settings.zones,
      inference: options.objects.inference,
      slots: options.objects.slots,
      pictureAt: (at) => decoder.nearestJpeg(at),
      publish: (events, snapshot) => options.sink.publish(events, snapshot),
      snapshotKey: (snapshot) => options.sink.snapshotKey(snapshot),
      logger: this.log,
      ...(options.newId ? { newId: options.newId } : {}),
    });
  }

  private async startDecoder(): Promise<void> {
    if (!this.settings.enabled || this.decoder) return;
    const { options } = this;
    const decoder = new FrameDecoder({
      // Only a sub stream's copy is a live tap: the main one comes from the recorder.
      ...(this.liveTap ? { liveTap: this.liveTap } : {}),
      ...(this.objectsOn(this.settings) ? { snapshotFps: DETECT_OBJECT_PICTURE_FPS } : {}),
      ffmpegPath: options.ffmpegPath,
      url: options.url,
      settings: this.settings,
      stallTimeoutMs: options.stallTimeoutMs,
      restart: options.restart,
      onFrame: (frame) => this.onFrame(frame),
      ...(options.onThumbnail ? { onThumbnail: options.onThumbnail } : {}),
      onRunEnd: (_run, reason) => {
        if (reason.kind === 'stopped') return;
        // Frames of the next run come after a gap: end what was open, learn the background afresh.
        this.finish();
        this.detector?.reset();
        options.onRestart?.();
      },
      logger: this.log,
      now: this.now,
    });
    this.decoder = decoder;
    this.detector = this.newDetector(decoder.size.width, decoder.size.height);
    this.objects = this.newObjects();
    await decoder.start();
  }

  private async stopDecoder(): Promise<void> {
    const decoder = this.decoder;
    if (!decoder) return;
    this.decoder = undefined;
    this.detector = undefined;
    const objects = this.objects;
    this.objects = undefined;
    await Promise.all([decoder.stop(), objects?.finish()]);
    this.restartsBefore += decoder.stats().restarts;
  }

  private onFrame(frame: GreyFrame): void {
    const detector = this.detector;
    if (!detector) return;
    this.frames++;
    this.countFrame(frame.at);
    const result = detector.detect(frame);
    this.objects?.onMotion(result, frame.at);
    const step = this.tracker.push(result, frame.at);
    if (step.phase?.phase === 'start') {
      this.open = { id: step.phase.id, sentKey: undefined, sentImageAt: undefined, held: undefined, peakAt: undefined };
      this.events++;
    }
    if (step.peak) this.hold(frame.at);
    if (step.phase) this.send(step.phase);
  }

  /** The open event has a new peak at `peakAt`: hold the image nearest to it, unless it is the one already held or sent. */
  private hold(peakAt: number): void {
    const open = this.open;
    const image = open && this.decoder?.nearestJpeg(peakAt);
    if (!open || !image) return;
    open.peakAt = peakAt;
    if (image.at !== open.held?.at && image.at !== open.sentImageAt) open.held = image;
  }

  private send(phase: MotionEventPhase): void {
    const { cameraId, stream, sink } = this.options;
    const open = this.open?.id === phase.id ? this.open : undefined;
    let snapshot: SnapshotInput | undefined;
    if (open) {
      // An image that arrived after the peak may be nearer to it than the one held.
      if (open.peakAt !== undefined && this.decoder) {
        const nearest = this.decoder.nearestJpeg(open.peakAt);
        if (nearest && nearest.at !== open.sentImageAt && (!open.held || Math.abs(nearest.at - open.peakAt) < Math.abs(open.held.at - open.peakAt))) open.held = nearest;
      }
      if (open.held) {
        snapshot = { cameraId, stream, takenAt: open.held.at, jpeg: open.held.bytes };
        open.sentKey = sink.snapshotKey(snapshot);
        open.sentImageAt = open.held.at;
        open.held = undefined;
        this.snapshots++;
      }
    }
    if (phase.phase === 'end') this.open = undefined;
    void sink.publish([motionEvent(phase, { cameraId, stream, snapshotKey: open?.sentKey })], snapshot);
  }

  /** Ends the open event now (stop, settings change, decoder restart). */
  private finish(): void {
    const end = this.tracker.finish();
    if (end) this.send(end);
    this.open = undefined;
  }

  private countFrame(at: number): void {
    const second = Math.floor(at / 1000);
    if (second !== this.fpsSecond) {
      // Clear the buckets of the seconds skipped since the last frame (all of them after a long gap).
      for (let s = this.fpsSecond + 1; s <= second && s - this.fpsSecond <= FPS_BUCKETS; s++) this.fpsBuckets[s % FPS_BUCKETS] = 0;
      if (second - this.fpsSecond > FPS_BUCKETS) this.fpsBuckets.fill(0);
      this.fpsSecond = second;
    }
    const bucket = second % FPS_BUCKETS;
    this.fpsBuckets[bucket] = (this.fpsBuckets[bucket] ?? 0) + 1;
  }

  /** Frames per second over the last FPS_SECONDS whole seconds. */
  private fps(): number | undefined {
    const current = Math.floor(this.now() / 1000);
    if (current - this.fpsSecond > FPS_SECONDS) return 0;
    let sum = 0;
    for (let s = current - FPS_SECONDS; s < current; s++) if (s <= this.fpsSecond) sum += this.fpsBuckets[((s % FPS_BUCKETS) + FPS_BUCKETS) % FPS_BUCKETS]!;
    return Math.round((sum / FPS_SECONDS) * 10) / 10;
  }
}
