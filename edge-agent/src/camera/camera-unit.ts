import { join } from 'node:path';
import type { Logger } from '@argus/runtime';
import type { StreamName } from '@argus/core';
import type { EdgeConfig } from '../config.js';
import type { EventSink } from '../events/event-sink.js';
import { OUTBOX_DIRS, type RecordedSegmentInput } from '../outbox/outbox.js';
import { sameDetection, type CameraRecord, type CameraUnitHandle } from './camera-registry.js';
import { DetectPipeline, type DetectPipelineOptions, type DetectStats } from './detect-pipeline.js';
import type { TsGopCache } from '../core/ts-gop-cache.js';
import { Recorder, type RecorderStats } from './recorder.js';

/** The agent settings a camera unit runs with (config.ts). */
export type UnitSettings = Pick<EdgeConfig, 'dataDir' | 'segmentSeconds' | 'stallTimeoutMs' | 'freezeDetection' | 'liveTap' | 'restart'>;

export interface CameraUnitOptions {
  readonly camera: CameraRecord;
  readonly settings: UnitSettings;
  readonly ffmpegPath: string;
  /** Health events of the recorder and motion events of the detect pipeline go here. */
  readonly sink: EventSink;
  /** A finished segment, for the outbox. */
  readonly onSegment: (segment: RecordedSegmentInput) => void;
  /** One of the camera's ffmpeg runs ended without a stop (metrics). */
  readonly onRestart?: (part: 'recorder' | 'decoder') => void;
  /** Object detection: the agent's endpoint and its cap shared by all cameras; none = motion only. */
  readonly objects?: DetectPipelineOptions['objects'];
  readonly logger: Logger;
}

export interface CameraUnitStats {
  readonly recorder: RecorderStats;
  readonly detect: DetectStats;
}

/**
 * One camera: its main stream recorded (camera/recorder.ts: copy-remux to
 * segments, health events) and its detect stream watched
 * (camera/detect-pipeline.ts: frames → motion → events with snapshots). The
 * detect stream is `sub` when the camera has one, else `main` (a second
 * RTSP session to the camera: the recording is never re-encoded or
 * decoded for detection).
 *
 * Freeze detection's keyframe thumbnails come from the detect decoder while
 * the camera detects (it decodes every picture anyway, and the recorder
 * then only copies), else from the recorder's own ffmpeg.
 *
 * A change restarts only what it concerns: a new main URL the recorder, a
 * new detect URL the detect pipeline, new detection settings at most the
 * frame decoder (detect-pipeline.ts), switching detection on or off also
 * the recorder (its thumbnails change hands), a new name nothing.
 */
export class CameraUnit implements CameraUnitHandle {
  private options: CameraUnitOptions;
  private readonly log: Logger;
  private recorderValue: Recorder;
  private detectValue: DetectPipeline;
  private running = false;

  constructor(options: CameraUnitOptions) {
    this.options = options;
    this.log = options.logger.child({ component: 'camera-unit', cameraId: options.camera.id });
    this.recorderValue = this.newRecorder(options.camera);
    this.detectValue = this.newDetect(options.camera);
  }

  get camera(): CameraRecord {
    return this.options.camera;
  }

  get recorder(): Recorder {
    return this.recorderValue;
  }

  /** A stream's running copy: main's from the recorder, sub's from the detect decoder while it decodes the sub stream. */
  liveTap(stream: StreamName): TsGopCache | undefined {
    if (stream === 'main') return this.recorderValue.liveTap;
    return this.detectValue.liveTap; // a pipeline on the main stream keeps none
  }

  get detect(): DetectPipeline {
    return this.detectValue;
  }

  async start(): Promise<void> {
    this.running = true;
    await this.recorderValue.start();
    await this.detectValue.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all([this.recorderValue.stop(), this.detectValue.stop()]);
  }

  stats(): CameraUnitStats {
    return { recorder: this.recorderValue.stats(), detect: this.detectValue.stats() };
  }

  async update(next: CameraRecord): Promise<void> {
    const before = this.options.camera;
    this.options = { ...this.options, camera: next };
    if (next.main !== before.main || next.detect.enabled !== before.detect.enabled) {
      this.log.info(next.main !== before.main ? 'camera changed; restarting its recorder' : 'detection switched; restarting the recorder');
      await this.recorderValue.stop();
      this.recorderValue = this.newRecorder(next);
      if (this.running) await this.recorderValue.start();
    }
    if (detectUrl(next) !== detectUrl(before)) {
      this.log.info({ stream: detectStream(next) }, 'detect stream changed; restarting detection');
      await this.detectValue.stop();
      this.detectValue = this.newDetect(next);
      if (this.running) await this.detectValue.start();
    } else if (!sameDetection(next.detect, before.detect)) {
      await this.detectValue.configure(next.detect);
    }
  }

  private newRecorder(camera: CameraRecord): Recorder {
    const { settings, sink } = this.options;
    return new Recorder({
      cameraId: camera.id,
      stream: 'main',
      url: camera.main,
      dir: join(settings.dataDir, OUTBOX_DIRS.segments, camera.id),
      segmentSeconds: settings.segmentSeconds,
      stallTimeoutMs: settings.stallTimeoutMs,
      liveTap: settings.liveTap.enabled,
      ...(settings.freezeDetection.enabled
        ? { freezeDetection: { windowMs: settings.freezeDetection.windowMs, thumbnails: camera.detect.enabled ? ('given' as const) : ('own' as const) } }
        : {}),
      restart: settings.restart,
      ffmpegPath: this.options.ffmpegPath,
      onSegment: (segment) => this.options.onSegment(segment),
      onHealthEvents: (events) => void sink.publish(events),
      onRestart: () => this.options.onRestart?.('recorder'),
      logger: this.options.logger,
    });
  }

  private newDetect(camera: CameraRecord): DetectPipeline {
    const { settings } = this.options;
    return new DetectPipeline({
      cameraId: camera.id,
      stream: detectStream(camera),
      url: detectUrl(camera),
      settings: camera.detect,
      liveTap: settings.liveTap.enabled,
      stallTimeoutMs: settings.stallTimeoutMs,
      restart: settings.restart,
      ffmpegPath: this.options.ffmpegPath,
      sink: this.options.sink,
      onRestart: () => this.options.onRestart?.('decoder'),
      ...(this.options.objects ? { objects: this.options.objects } : {}),
      ...(settings.freezeDetection.enabled ? { onThumbnail: (thumbnail: Uint8Array) => this.recorderValue.pushThumbnail(thumbnail) } : {}),
      logger: this.options.logger,
    });
  }
}

/** The stream a camera detects on: `sub` when it has one. */
export function detectStream(camera: Pick<CameraRecord, 'sub'>): 'sub' | 'main' {
  return camera.sub === undefined ? 'main' : 'sub';
}

function detectUrl(camera: CameraRecord): string {
  return camera.sub ?? camera.main;
}
