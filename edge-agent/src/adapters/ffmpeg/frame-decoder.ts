import type { DetectionSettings } from '@argus/contracts';
import { FrameReader, type Logger, type Service } from '@argus/runtime';
import type { BackoffPolicy } from '../../core/backoff.js';
import type { GreyFrame } from '../../core/motion-types.js';
import type { TsGopCache } from '../../core/ts-gop-cache.js';
import { THUMBNAIL_BYTES } from './build-args.js';
import { buildDetectArgs, DETECT_SNAPSHOT_FD, DETECT_THUMBNAIL_FD, detectFrameBytes, detectFrameSize, type PictureSize } from './detect-args.js';
import { FfmpegProcess, type RunEndReason } from './ffmpeg-process.js';
import { JpegRing, type JpegImage } from './jpeg-stream.js';
import { RawFrameReader } from './raw-frames.js';

/**
 * The detect stream's decoder: one supervised ffmpeg per camera
 * (detect-args.ts) that writes grey frames of a fixed size on stdout at the
 * configured rate, JPEGs every 2 s on fd 3 and, when asked, keyframe
 * thumbnails for freeze detection on fd 4.
 *
 * Frames are cut from stdout into one reused buffer and handed to `onFrame`
 * synchronously, dated on arrival; the frame object and its pixels are
 * reused for the next one (no allocation per frame on this side of the
 * pipe). JPEGs are split on their markers into a small ring (jpeg-stream.ts)
 * and copied out only when asked for (`nearestJpeg`, on a motion peak).
 *
 * Supervised like the recorder: restarted with backoff when ffmpeg exits,
 * killed and restarted when no frame came for `stallTimeoutMs` (a frame's
 * bytes feed the watchdog).
 */
export interface FrameDecoderOptions {
  /** Gets the stream copied as MPEG-TS (the live tap of a sub stream): reset at each run, fed as it comes. */
  readonly liveTap?: TsGopCache;
  readonly ffmpegPath: string;
  /** RTSP URL of the detect stream; it is only ever logged redacted. */
  readonly url: string;
  readonly settings: Pick<DetectionSettings, 'fps' | 'height'>;
  /** The stream's picture size, when known (keeps the frames' aspect; 16:9 otherwise). */
  readonly source?: PictureSize;
  readonly stallTimeoutMs: number;
  readonly restart: BackoffPolicy;
  /** A frame: valid only during the call. */
  readonly onFrame: (frame: GreyFrame) => void;
  /**
   * Keyframe thumbnails for freeze detection (build-args.ts THUMBNAIL_SIZE,
   * grey, point-sampled), each its own copy, dated by the caller on arrival;
   * none are decoded without it.
   */
  readonly onThumbnail?: (thumbnail: Uint8Array) => void;
  /** JPEGs a second (default DETECT_SNAPSHOT_FPS). */
  readonly snapshotFps?: number;
  readonly onRunStart?: (run: number) => void;
  /** A run ended (stopped, exited, stalled); after any but `stopped` the decoder restarts. */
  readonly onRunEnd?: (run: number, reason: RunEndReason) => void;
  readonly logger: Logger;
  /** Wall clock (ms); tests fix it. */
  readonly now?: () => number;
  /** Images kept for snapshots (one a second). */
  readonly jpegRingSize?: number;
}

/** The frame object handed to onFrame: one per decoder, its fields rewritten for every frame. */
interface MutableFrame {
  data: Uint8Array;
  width: number;
  height: number;
  at: number;
}

export type DecoderState = 'starting' | 'running' | 'restarting' | 'stopped';

export interface FrameDecoderStats {
  readonly state: DecoderState;
  readonly width: number;
  readonly height: number;
  /** Frames handed on since start. */
  readonly frames: number;
  /** Runs that ended without a stop (each followed by a restart). */
  readonly restarts: number;
  /** Last frame's arrival (epoch ms). */
  readonly lastFrameAt: number | undefined;
  readonly jpegs: number;
}

export class FrameDecoder implements Service {
  readonly size: PictureSize;
  private readonly options: FrameDecoderOptions;
  private readonly process: FfmpegProcess;
  private readonly reader: FrameReader;
  private readonly jpegs: JpegRing;
  private thumbnails = new RawFrameReader(THUMBNAIL_BYTES);
  private readonly frame: MutableFrame;
  private readonly now: () => number;
  private state: DecoderState = 'stopped';
  private frames = 0;
  private restarts = 0;
  private lastFrameAt: number | undefined;

  constructor(options: FrameDecoderOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.size = detectFrameSize(options.source, options.settings.height);
    const bytes = detectFrameBytes(this.size);
    this.frame = { data: new Uint8Array(0), width: this.size.width, height: this.size.height, at: 0 };
    this.reader = new FrameReader(bytes, (data) => this.onPicture(data));
    this.jpegs = new JpegRing({ size: options.jpegRingSize ?? 4, now: this.now });
    this.process = new FfmpegProcess({
      ffmpegPath: options.ffmpegPath,
      args: () =>
        buildDetectArgs({
          inputUrl: options.url,
          settings: options.settings,
          ...(options.source ? { source: options.source } : {}),
          snapshotFd: DETECT_SNAPSHOT_FD,
          ...(options.snapshotFps === undefined ? {} : { snapshotFps: options.snapshotFps }),
          ...(options.onThumbnail ? { thumbnailFd: DETECT_THUMBNAIL_FD } : {}),
          ...(options.liveTap ? { liveTapFd: options.onThumbnail ? DETECT_THUMBNAIL_FD + 1 : DETECT_THUMBNAIL_FD } : {}),
        }),
      onStdoutData: (chunk) => this.reader.push(chunk),
      // fd 3, then fd 4 (DETECT_SNAPSHOT_FD, DETECT_THUMBNAIL_FD), then the live tap's.
      sideOutputs: [
        (chunk) => this.jpegs.push(chunk),
        ...(options.onThumbnail ? [(chunk: Buffer) => this.onThumbnailData(chunk)] : []),
        ...(options.liveTap ? [(chunk: Buffer) => options.liveTap!.push(chunk)] : []),
      ],
      onRunStart: (run) => {
        // A new run starts on a picture boundary: drop what a killed run left half-read.
        this.reader.reset();
        this.jpegs.reset();
        this.thumbnails = new RawFrameReader(THUMBNAIL_BYTES);
        options.liveTap?.reset(); // the new run's timestamps start over
        this.state = run === 1 ? 'starting' : 'restarting';
        options.onRunStart?.(run);
      },
      onRunEnd: (run, reason) => {
        // (The supervisor logs the end and the pause before the restart.)
        if (reason.kind !== 'stopped') {
          this.restarts++;
          this.state = 'restarting';
        }
        options.onRunEnd?.(run, reason);
      },
      stallTimeoutMs: options.stallTimeoutMs,
      backoff: options.restart,
      healthyRunMs: 60_000,
      stopGraceMs: 1000, // nothing to close: raw frames and JPEGs, no file
      logger: options.logger,
    });
  }

  start(): Promise<void> {
    this.state = 'starting';
    return this.process.start();
  }

  async stop(): Promise<void> {
    await this.process.stop();
    this.options.liveTap?.reset();
    this.state = 'stopped';
  }

  /** A copy of the JPEG that arrived nearest to `at` (epoch ms), from the last few seconds; undefined before the first. */
  nearestJpeg(at: number): JpegImage | undefined {
    return this.jpegs.nearest(at);
  }

  stats(): FrameDecoderStats {
    return {
      state: this.state, width: this.size.width, height: this.size.height, frames: this.frames, restarts: this.restarts,
      lastFrameAt: this.lastFrameAt, jpegs: this.jpegs.counts.images,
    };
  }

  private onThumbnailData(chunk: Buffer): void {
    const onThumbnail = this.options.onThumbnail;
    if (onThumbnail) for (const thumbnail of this.thumbnails.push(chunk)) onThumbnail(thumbnail);
  }

  private onPicture(data: Uint8Array): void {
    const at = this.now();
    this.frames++;
    this.lastFrameAt = at;
    if (this.state !== 'running') {
      this.state = 'running';
      this.options.logger.info({ width: this.size.width, height: this.size.height, fps: this.options.settings.fps }, 'frame decoder running');
    }
    const frame = this.frame;
    frame.data = data;
    frame.at = at;
    this.options.onFrame(frame);
  }
}
