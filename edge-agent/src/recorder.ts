import { mkdir, readdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { StreamName } from '@argus/core';
import type { Logger, Service } from '@argus/runtime';
import { buildRecordArgs } from './adapters/ffmpeg/build-args.js';
import { FfmpegProcess, type RunEndReason } from './adapters/ffmpeg/ffmpeg-process.js';
import { parseSegmentListLine } from './adapters/ffmpeg/segment-list.js';
import type { BackoffPolicy } from './core/backoff.js';
import { SegmentClock } from './core/segment-clock.js';
import type { RecordedSegment } from './uploader.js';

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
  readonly ffmpegPath: string;
  readonly onSegment: (segment: RecordedSegment) => void;
  readonly logger: Logger;
  /** Wall clock (ms); tests fix it. */
  readonly now?: () => number;
}

export type CameraState = 'connecting' | 'recording' | 'offline';

/**
 * Records one camera stream: a supervised ffmpeg copy-remuxes RTSP into
 * segment files, and each file ffmpeg reports as finished is handed on with
 * its wall-clock times. The camera's state follows from the runs: a run that
 * produces a segment means recording; a run that ends means offline until the
 * next segment.
 */
export class Recorder implements Service {
  private readonly options: RecorderOptions;
  private readonly process: FfmpegProcess;
  private readonly log: Logger;
  private clock = new SegmentClock({ maxDriftMs: 2000 });
  private runPrefix = '';
  private stateValue: CameraState = 'connecting';
  private offlineSince: number | undefined;
  private segments = 0;

  constructor(options: RecorderOptions) {
    this.options = options;
    this.log = options.logger.child({ component: 'recorder', cameraId: options.cameraId, stream: options.stream });
    this.process = new FfmpegProcess({
      ffmpegPath: options.ffmpegPath,
      args: () => buildRecordArgs({
        inputUrl: options.url,
        segmentSeconds: options.segmentSeconds,
        outputPattern: join(options.dir, `${this.runPrefix}-%06d.ts`),
      }),
      onRunStart: () => undefined,
      onStdoutLine: (line) => this.onSegmentLine(line),
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

  async start(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
    const leftovers = (await readdir(this.options.dir)).filter((f) => f.endsWith('.ts'));
    if (leftovers.length > 0) {
      // Files an earlier process never reported as finished: their times are unknown, so they are kept, not indexed.
      this.log.warn({ files: leftovers.length, dir: this.options.dir }, 'unreported segment files from an earlier run left in place');
    }
    this.newRun();
    await this.process.start();
  }

  stop(): Promise<void> {
    return this.process.stop();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private newRun(): void {
    this.runPrefix = `${this.now().toString(36)}`;
    this.clock = new SegmentClock({ maxDriftMs: 2000 });
  }

  private onSegmentLine(line: string): void {
    const entry = parseSegmentListLine(line);
    if (!entry) {
      this.log.warn({ line }, 'unexpected ffmpeg output line');
      return;
    }
    const times = this.clock.place(entry, this.now());
    if (times.reanchored) this.log.warn('media time drifted from the wall clock; re-anchored');
    if (this.stateValue !== 'recording') {
      this.log.info({ offlineMs: this.offlineSince === undefined ? undefined : this.now() - this.offlineSince }, 'camera recording');
      this.stateValue = 'recording';
      this.offlineSince = undefined;
    }
    this.segments++;
    this.options.onSegment({
      cameraId: this.options.cameraId,
      stream: this.options.stream,
      path: isAbsolute(entry.file) ? entry.file : join(this.options.dir, entry.file),
      startsAt: times.startsAt,
      endsAt: times.endsAt,
    });
  }

  private onRunEnd(_run: number, reason: RunEndReason): void {
    if (reason.kind !== 'stopped' && this.stateValue !== 'offline') {
      this.stateValue = 'offline';
      this.offlineSince = this.now();
      this.log.warn({ reason: reason.kind }, 'camera offline');
    }
    this.newRun();
  }
}
