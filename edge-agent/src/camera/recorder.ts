import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { DetectionEvent, StreamName } from '@argus/core';
import type { Logger, Service } from '@argus/runtime';
import { buildRecordArgs, THUMBNAIL_BYTES } from '../adapters/ffmpeg/build-args.js';
import { FfmpegProcess, type RunEndReason } from '../adapters/ffmpeg/ffmpeg-process.js';
import { RawFrameReader } from '../adapters/ffmpeg/raw-frames.js';
import { parseSegmentListLine } from '../adapters/ffmpeg/segment-list.js';
import type { BackoffPolicy } from '../core/backoff.js';
import { CameraHealth, classifyExit, type FaultReason } from '../core/camera-health.js';
import { FreezeDetector } from '../core/freeze-detector.js';
import { SegmentClock, type PlacedSegment } from '../core/segment-clock.js';
import { LIVE_TAP_MAX_BYTES, TsGopCache } from '../core/ts-gop-cache.js';
import type { RecordedSegment } from '../uploader.js';

export interface RecorderOptions {
  readonly cameraId: string;
  readonly stream: StreamName;
  /** RTSP URL with credentials; it is only ever logged redacted. */
  readonly url: string;
  /** Folder of this camera's segment files while they wait for upload. */
  readonly dir: string;
  readonly segmentSeconds: number;
  readonly stallTimeoutMs: number;
  readonly restart: BackoffPolicy;
  /**
   * Frozen-picture detection over keyframe thumbnails (core/freeze-detector.ts);
   * undefined = off. `thumbnails`: `own` = this ffmpeg decodes the keyframes
   * of what it records; `given` = they come through pushThumbnail (from the
   * camera's detect decoder, which decodes every picture anyway) and the
   * recorder only copies.
   */
  readonly freezeDetection?: { readonly windowMs: number; readonly thumbnails: 'own' | 'given' };
  /** Keep the live tap (default true). */
  readonly liveTap?: boolean;
  readonly ffmpegPath: string;
  readonly onSegment: (segment: RecordedSegment) => void;
  /** Health event phases (camera-offline / camera-stalled / camera-frozen), to be queued in the outbox. */
  readonly onHealthEvents?: (events: DetectionEvent[]) => void;
  /** An ffmpeg run ended without a stop (it will be restarted). */
  readonly onRestart?: () => void;
  readonly logger: Logger;
  /** Wall clock (ms); tests fix it. */
  readonly now?: () => number;
}

/** Progress reports (one a second) the frame rate is averaged over. */
const FPS_WINDOW_REPORTS = 6;

export type CameraState = 'connecting' | 'recording' | 'offline';

/** What a heartbeat reports about one camera's recording. */
export interface RecorderStats {
  readonly state: CameraState;
  readonly segments: number;
  /** Frame rate of the current run, from ffmpeg's progress (frames/s); undefined before the first report. */
  readonly fps: number | undefined;
  /** Wall-clock end of the last finished segment (epoch ms). */
  readonly lastSegmentAt: number | undefined;
  /** When the camera went down (epoch ms), while offline. */
  readonly offlineSince: number | undefined;
  /** ffmpeg runs that ended without a stop. */
  readonly restarts: number;
  /** Reason of the open health event, while down. */
  readonly fault: FaultReason | undefined;
  /** Since when the picture has not changed (epoch ms), while frozen; undefined without freeze detection. */
  readonly frozenSince: number | undefined;
}

/**
 * Records one camera stream: a supervised ffmpeg copy-remuxes RTSP into
 * segment files, and each file ffmpeg reports as finished is handed on with
 * its wall-clock times. The camera's state follows from the runs: a run that
 * produces a segment means recording; a run that ends means offline until the
 * next segment.
 *
 * Faults become health events (core/camera-health.ts): a run that exits
 * opens `camera-offline` at once with the reason read from ffmpeg's last
 * error lines; a stream that stops advancing is killed by the watchdog after
 * `stallTimeoutMs` of no progress and opens `camera-stalled` dated at its
 * last progress. The next finished segment ends the event.
 *
 * A frozen picture does not stall anything (frames keep coming), so each
 * keyframe is decoded into a tiny grey thumbnail: by the camera's detect
 * decoder when the camera detects (it decodes every picture anyway; the
 * recorder then only copies), else by this ffmpeg on a side pipe;
 * core/freeze-detector.ts compares them and `camera-frozen` opens when
 * the picture stayed identical for `freezeDetection.windowMs`, and ends at
 * the first keyframe that differs. Thumbnails are dated on arrival (ffmpeg
 * flushes each one as it is decoded).
 */
export class Recorder implements Service {
  private readonly options: RecorderOptions;
  private readonly process: FfmpegProcess;
  private readonly log: Logger;
  /** Items are segment file paths. */
  private clock = new SegmentClock<string>({ maxDriftMs: 2000 });
  /** Places the segments the clock holds when no report follows them (see core/segment-clock.ts). */
  private flushTimer: NodeJS.Timeout | undefined;
  private runPrefix = '';
  private stateValue: CameraState = 'connecting';
  private offlineSince: number | undefined;
  private segments = 0;
  private restarts = 0;
  private fps: number | undefined;
  private lastProgressAt: number | undefined;
  private frames: Array<{ frame: number; at: number }> = [];
  private lastSegmentAt: number | undefined;
  private readonly health: CameraHealth;
  private readonly freeze: FreezeDetector | undefined;
  private thumbnails = new RawFrameReader(THUMBNAIL_BYTES);
  private readonly ownThumbnails: boolean;
  /** The stream's newest GOP and live packets (MPEG-TS), for live pushes that start at once; undefined when the agent keeps none. */
  readonly liveTap: TsGopCache | undefined;

  constructor(options: RecorderOptions) {
    this.options = options;
    this.log = options.logger.child({ component: 'recorder', cameraId: options.cameraId, stream: options.stream });
    this.health = new CameraHealth({ cameraId: options.cameraId, stream: options.stream, newId: randomUUID });
    this.freeze = options.freezeDetection ? new FreezeDetector({ windowMs: options.freezeDetection.windowMs }) : undefined;
    this.ownThumbnails = options.freezeDetection?.thumbnails === 'own';
    const tap = options.liveTap === false ? undefined : new TsGopCache({ maxBytes: LIVE_TAP_MAX_BYTES });
    this.liveTap = tap;
    this.process = new FfmpegProcess({
      ffmpegPath: options.ffmpegPath,
      args: () => buildRecordArgs({
        inputUrl: options.url,
        segmentSeconds: options.segmentSeconds,
        outputPattern: join(options.dir, `${this.runPrefix}-%06d.ts`),
        ...(this.ownThumbnails ? { thumbnails: { fd: 3 } } : {}),
        ...(tap ? { liveTap: { fd: this.ownThumbnails ? 4 : 3 } } : {}),
      }),
      onRunStart: () => {
        // A new run's timestamps start over: pushes fed from the old one end (and start again from this one).
        tap?.reset();
        this.lastProgressAt = this.now();
        this.frames = [];
        this.fps = undefined;
        // A killed run may have left half a picture in the old reader.
        this.thumbnails = new RawFrameReader(THUMBNAIL_BYTES);
      },
      onProgress: (progress) => {
        // Rate over the last few reports, not ffmpeg's run average (which starts at 0 and lags a change).
        const now = this.now();
        this.frames.push({ frame: progress.frame, at: now });
        if (this.frames.length > FPS_WINDOW_REPORTS) this.frames.shift();
        const first = this.frames[0]!;
        if (now > first.at) this.fps = Math.round(((progress.frame - first.frame) * 10_000) / (now - first.at)) / 10;
        this.lastProgressAt = now;
      },
      onStdoutLine: (line) => this.onSegmentLine(line),
      sideOutputs: [...(this.ownThumbnails ? [(chunk: Buffer) => this.onThumbnailData(chunk)] : []), ...(tap ? [(chunk: Buffer) => tap.push(chunk)] : [])],
      onRunEnd: (run, reason) => this.onRunEnd(run, reason),
      stallTimeoutMs: options.stallTimeoutMs,
      backoff: options.restart,
      healthyRunMs: 60_000,
      logger: this.log,
    });
  }

  get state(): CameraState {
    return this.stateValue;
  }

  get segmentCount(): number {
    return this.segments;
  }

  stats(): RecorderStats {
    return {
      state: this.stateValue,
      segments: this.segments,
      fps: this.stateValue === 'recording' ? this.fps : undefined,
      lastSegmentAt: this.lastSegmentAt,
      offlineSince: this.offlineSince,
      restarts: this.restarts,
      fault: this.health.current?.attributes.reason as FaultReason | undefined,
      frozenSince: this.freeze?.frozenSince,
    };
  }

  async start(): Promise<void> {
    // Files left by an earlier process are the outbox's business (outbox.open() settles them before recorders start).
    await mkdir(this.options.dir, { recursive: true });
    this.newRun();
    await this.process.start();
  }

  async stop(): Promise<void> {
    await this.process.stop();
    this.liveTap?.reset();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private newRun(): void {
    this.runPrefix = `${this.now().toString(36)}`;
    this.clock = new SegmentClock<string>({ maxDriftMs: 2000 });
  }

  private onSegmentLine(line: string): void {
    const entry = parseSegmentListLine(line);
    if (!entry) {
      this.log.warn({ line }, 'unexpected ffmpeg output line');
      return;
    }
    const path = isAbsolute(entry.file) ? entry.file : join(this.options.dir, entry.file);
    const placed = this.clock.report(path, entry, this.now());
    if (this.stateValue !== 'recording') {
      this.log.info({ offlineMs: this.offlineSince === undefined ? undefined : this.now() - this.offlineSince }, 'camera recording');
      this.stateValue = 'recording';
      this.offlineSince = undefined;
    }
    this.segments++;
    clearTimeout(this.flushTimer);
    if (this.clock.holding > 0) {
      this.flushTimer = setTimeout(() => this.placeAll(this.clock.flush()), 1500 * this.options.segmentSeconds);
    }
    this.placeAll(placed);
  }

  private placeAll(placed: readonly PlacedSegment<string>[]): void {
    for (const segment of placed) {
      if (segment.reanchored) this.log.warn('media time drifted from the wall clock; re-anchored');
      this.lastSegmentAt = segment.endsAt;
      this.emit(this.health.recovered(segment.startsAt));
      this.options.onSegment({
        cameraId: this.options.cameraId,
        stream: this.options.stream,
        path: segment.item,
        startsAt: segment.startsAt,
        endsAt: segment.endsAt,
      });
    }
  }

  private onThumbnailData(chunk: Buffer): void {
    for (const frame of this.thumbnails.push(chunk)) this.examine(frame);
  }

  /**
   * A keyframe thumbnail of the camera from its detect decoder (with
   * `freezeDetection.thumbnails: 'given'`), dated now; ignored otherwise.
   */
  pushThumbnail(thumbnail: Uint8Array): void {
    if (this.freeze && !this.ownThumbnails) this.examine(thumbnail);
  }

  private examine(thumbnail: Uint8Array): void {
    const freeze = this.freeze;
    if (!freeze) return;
    const change = freeze.push(thumbnail, this.now());
    if (change?.kind === 'frozen') {
      this.log.warn({ frozenSince: new Date(change.sinceMs).toISOString() }, 'camera picture frozen');
      this.emit(this.health.froze(change.sinceMs));
    } else if (change?.kind === 'moving') {
      this.log.info('camera picture moving again');
      this.emit(this.health.moved(change.atMs));
    }
  }

  private onRunEnd(_run: number, reason: RunEndReason): void {
    if (reason.kind !== 'stopped') {
      this.restarts++;
      this.options.onRestart?.();
      const fault = faultOf(reason);
      const at = reason.kind === 'stalled' ? (this.lastProgressAt ?? this.now()) : this.now();
      if (this.stateValue !== 'offline') {
        this.stateValue = 'offline';
        this.offlineSince = at;
        this.log.warn({ reason: fault.reason, detail: fault.detail }, 'camera offline');
      }
      this.emit(this.health.fault(fault.reason, at, fault.detail));
    }
    // Segments the run finished but the clock still held are placed with what the run taught it.
    clearTimeout(this.flushTimer);
    this.placeAll(this.clock.flush());
    this.newRun();
  }

  private emit(events: DetectionEvent[]): void {
    if (events.length > 0) this.options.onHealthEvents?.(events);
  }
}

function faultOf(reason: Exclude<RunEndReason, { kind: 'stopped' }>): { reason: FaultReason; detail?: string } {
  switch (reason.kind) {
    case 'stalled':
      return { reason: 'stalled' };
    case 'spawn-failed':
      return { reason: 'spawn-failed', detail: reason.message };
    case 'exit': {
      const detail = reason.lastErrors.at(-1);
      return detail === undefined ? { reason: classifyExit(reason.lastErrors) } : { reason: classifyExit(reason.lastErrors), detail };
    }
  }
}
