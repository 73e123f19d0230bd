import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Lane } from '../core/drain-plan.js';
import type { SegmentEntry, SnapshotEntry } from '../outbox/outbox-entry.js';
import type { UploadObserver } from '../uploader.js';

/** What the metrics read of a camera's object detection (ObjectStats of camera/object-pipeline.ts). */
interface ObjectCounts {
  readonly sent: number;
  readonly dropped: number;
  readonly failed: number;
  readonly events: number;
  readonly tracked: number;
}

/**
 * The agent's Prometheus series. Counters are bumped by the parts as things
 * happen; gauges (outbox depth, camera state, disk) are read from a status
 * snapshot at scrape time, so they can never drift from what status() says.
 */
export interface MetricsSnapshot {
  readonly cameras: ReadonlyArray<{ readonly id: string; readonly state: string; readonly detect?: { readonly fps: number | undefined; readonly motion: boolean; readonly objects?: ObjectCounts | undefined } | undefined }>;
  readonly spool: { readonly segments: number; readonly bytes: number; readonly events: number; readonly keptBytes: number };
  readonly disk: { readonly usedBytes: number; readonly freeBytes: number | undefined; readonly maxBytes: number };
}

export const CAMERA_STATES = ['connecting', 'recording', 'offline'] as const;

export class EdgeMetrics implements UploadObserver {
  readonly registry = new Registry();
  private readonly recorded: Counter<'camera'>;
  private readonly uploadedSegments: Counter<'camera' | 'lane'>;
  private readonly uploadFailures: Counter<'camera'>;
  private readonly rejectedSegments: Counter<'camera'>;
  private readonly uploadBytes: Counter<'lane'>;
  private readonly events: Counter;
  private readonly restarts: Counter<'camera' | 'process'>;
  private readonly snapshots: Counter<'camera'>;
  private readonly evictedBytes: Counter<'camera' | 'uploaded'>;

  constructor(snapshot: () => MetricsSnapshot) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'argus_edge_' });
    this.recorded = new Counter({ name: 'argus_edge_segments_recorded_total', help: 'Segments finished by ffmpeg and queued in the outbox', labelNames: ['camera'], registers });
    this.uploadedSegments = new Counter({ name: 'argus_edge_segments_uploaded_total', help: 'Segments uploaded and indexed by the cloud', labelNames: ['camera', 'lane'], registers });
    this.uploadFailures = new Counter({ name: 'argus_edge_segment_upload_failures_total', help: 'Upload attempts that failed and will be retried', labelNames: ['camera'], registers });
    this.rejectedSegments = new Counter({ name: 'argus_edge_segments_rejected_total', help: 'Segments the cloud refused for good (moved to rejected/)', labelNames: ['camera'], registers });
    this.uploadBytes = new Counter({ name: 'argus_edge_upload_bytes_total', help: 'Segment bytes uploaded', labelNames: ['lane'], registers });
    this.events = new Counter({ name: 'argus_edge_events_sent_total', help: 'Event phases delivered to the cloud', registers });
    this.restarts = new Counter({ name: 'argus_edge_ffmpeg_restarts_total', help: 'ffmpeg runs that ended without a stop', labelNames: ['camera', 'process'], registers });
    this.snapshots = new Counter({ name: 'argus_edge_snapshots_uploaded_total', help: 'Event snapshots (JPEG) stored in the cloud', labelNames: ['camera'], registers });
    this.evictedBytes = new Counter({ name: 'argus_edge_evicted_bytes_total', help: 'Bytes deleted by the disk guard', labelNames: ['camera', 'uploaded'], registers });

    const gauge = (name: string, help: string, labelNames: string[], read: (g: Gauge<string>, s: MetricsSnapshot) => void): void => {
      new Gauge({
        name, help, labelNames, registers,
        collect() {
          this.reset();
          read(this, snapshot());
        },
      });
    };
    gauge('argus_edge_outbox_segments', 'Segments waiting in the outbox', [], (g, s) => g.set(s.spool.segments));
    gauge('argus_edge_outbox_bytes', 'Bytes of the segments waiting in the outbox', [], (g, s) => g.set(s.spool.bytes));
    gauge('argus_edge_outbox_events', 'Event phases waiting in the outbox', [], (g, s) => g.set(s.spool.events));
    gauge('argus_edge_kept_bytes', 'Bytes of uploaded segments kept for local playback', [], (g, s) => g.set(s.spool.keptBytes));
    gauge('argus_edge_disk_used_bytes', 'Media bytes in the spool (files in progress estimated)', [], (g, s) => g.set(s.disk.usedBytes));
    gauge('argus_edge_disk_max_bytes', 'storage.maxBytes', [], (g, s) => g.set(s.disk.maxBytes));
    gauge('argus_edge_disk_free_bytes', 'Free bytes of the spool filesystem', [], (g, s) => {
      if (s.disk.freeBytes !== undefined) g.set(s.disk.freeBytes);
    });
    gauge('argus_edge_detect_fps', 'Frames per second the motion detector examines (decoder running)', ['camera'], (g, s) => {
      for (const c of s.cameras) if (c.detect?.fps !== undefined) g.set({ camera: c.id }, c.detect.fps);
    });
    gauge('argus_edge_motion', 'A motion event is open (1) or not (0)', ['camera'], (g, s) => {
      for (const c of s.cameras) if (c.detect) g.set({ camera: c.id }, c.detect.motion ? 1 : 0);
    });
    // Object detection (camera/object-pipeline.ts): counts since the detect pipeline started, as gauges of its totals.
    const objectGauge = (name: string, help: string, pick: (o: ObjectCounts) => number): void =>
      gauge(name, help, ['camera'], (g, s) => {
        for (const c of s.cameras) if (c.detect?.objects) g.set({ camera: c.id }, pick(c.detect.objects));
      });
    objectGauge('argus_edge_objects_sent', 'Pictures sent to object detection', (o) => o.sent);
    objectGauge('argus_edge_objects_dropped', 'Pictures the inference gate wanted but no slot or picture was free for', (o) => o.dropped);
    objectGauge('argus_edge_objects_failed', 'Object detection calls that failed', (o) => o.failed);
    objectGauge('argus_edge_objects_events', 'Object events started', (o) => o.events);
    objectGauge('argus_edge_objects_tracked', 'Objects tracked now', (o) => o.tracked);
    gauge('argus_edge_camera_state', 'Camera state (1 for the current one)', ['camera', 'state'], (g, s) => {
      for (const c of s.cameras) for (const state of CAMERA_STATES) g.set({ camera: c.id, state }, c.state === state ? 1 : 0);
    });
  }

  segmentRecorded(cameraId: string): void {
    this.recorded.inc({ camera: cameraId });
  }

  /** `process`: the recorder's ffmpeg or the detect stream's decoder. */
  ffmpegRestarted(cameraId: string, process: 'recorder' | 'decoder' = 'recorder'): void {
    this.restarts.inc({ camera: cameraId, process });
  }

  snapshotUploaded(entry: SnapshotEntry): void {
    this.snapshots.inc({ camera: entry.cameraId });
  }

  evicted(entry: SegmentEntry): void {
    this.evictedBytes.inc({ camera: entry.cameraId, uploaded: String(entry.state !== 'pending') }, entry.bytes);
  }

  uploaded(entry: SegmentEntry, lane: Lane): void {
    this.uploadedSegments.inc({ camera: entry.cameraId, lane });
    this.uploadBytes.inc({ lane }, entry.bytes);
  }

  failed(entry: SegmentEntry): void {
    this.uploadFailures.inc({ camera: entry.cameraId });
  }

  rejected(entry: SegmentEntry): void {
    this.rejectedSegments.inc({ camera: entry.cameraId });
  }

  eventsSent(count: number): void {
    this.events.inc(count);
  }
}
