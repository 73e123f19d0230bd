import { join } from 'node:path';
import type { Camera } from '@argus/core';
import type { DetectionSettings } from '@argus/contracts';
import { ffmpegBinaries, type Logger, type Service } from '@argus/runtime';
import { probeDurationMs } from './adapters/ffmpeg/probe-duration.js';
import { CloudClient } from './adapters/uplink/cloud-client.js';
import { CameraRegistry, type CameraRecord } from './camera/camera-registry.js';
import { CameraUnit } from './camera/camera-unit.js';
import type { DetectStats } from './camera/detect-pipeline.js';
import type { CameraState } from './camera/recorder.js';
import { createAgentLinks, type AgentLinksOptions } from './control/agent-links.js';
import { CAMERAS_FILE_NAME } from './control/camera-list-file.js';
import { DEFAULT_DETECTION } from '@argus/contracts';
import type { CameraConfig, EdgeConfig } from './config.js';
import type { FaultReason } from './core/camera-health.js';
import { createEventSink } from './events/event-sink.js';
import { EdgeMetrics } from './metrics/edge-metrics.js';
import { MetricsServer } from './metrics/metrics-server.js';
import { Outbox, type OutboxStats, type RecordedSegmentInput } from './outbox/outbox.js';
import { writeToSpool } from './outbox/spool-write.js';
import { DiskGuard, type DiskUsageSnapshot } from './storage/disk-guard.js';
import { SegmentUploader } from './uploader.js';
import { createObjectInference } from './adapters/rekognition/object-inference.js';
import { createInferenceSlots } from './camera/object-pipeline.js';

/** One camera in the agent's status (what a heartbeat reports). */
export interface CameraStatus {
  readonly id: string;
  readonly state: CameraState;
  /** Segments ffmpeg finished since start (slivers included). */
  readonly segments: number;
  /** Segments entered into the outbox since start (slivers of a stop or restart are dropped instead). */
  readonly recorded: number;
  /** Frames per second of the current run (ffmpeg progress); undefined while not recording. */
  readonly fps: number | undefined;
  /** Bitrate of the last finished segment (bits/s). */
  readonly bitrateBps: number | undefined;
  /** Wall-clock end of the last finished segment (epoch ms). */
  readonly lastSegmentAt: number | undefined;
  /** Since when the camera is down (epoch ms), while offline. */
  readonly offlineSince: number | undefined;
  /** Why it is down, while offline: exited, stalled, refused, unauthorized, spawn-failed. */
  readonly fault: FaultReason | undefined;
  /** Since when the picture has not changed (epoch ms), while frozen (`camera-frozen` is open). */
  readonly frozenSince?: number | undefined;
  /** ffmpeg restarts since start (the recorder's). */
  readonly restarts: number;
  /** Motion detection: decoder state, stream, frame rate, events, the settings in force. */
  readonly detect?: DetectStats;
}

export interface EdgeStatus {
  readonly cameras: CameraStatus[];
  /** Segments waiting in the outbox (same as spool.segments). */
  readonly pendingUploads: number;
  /** Segments uploaded and indexed since start. */
  readonly uploaded: number;
  /** The outbox: depth and bytes waiting, events waiting, uploaded copies kept. */
  readonly spool: OutboxStats;
  /** The disk guard's view: accounted usage, filesystem free bytes, cap, evictions so far. */
  readonly disk: DiskUsageSnapshot;
  /** Since start: event phases and snapshots queued in the outbox (by the event sink), and sent to the cloud. */
  readonly events?: { readonly queued: number; readonly sent: number; readonly snapshotsQueued: number; readonly snapshotsSent: number };
}

export interface EdgeAgent extends Service {
  /** A snapshot for heartbeats and tests; cheap (no I/O). */
  status(): EdgeStatus;
  /** `http://127.0.0.1:<port>/metrics` while the metrics endpoint listens, else undefined. */
  metricsUrl(): string | undefined;
  /** The agent's cameras: what commands change (control/command-handlers.ts). */
  readonly cameras: CameraRegistry;
  /**
   * Runs exactly these cameras from now on (not written to cameras.json):
   * new ones start, removed ones stop (closing their segment in progress),
   * changed ones restart what changed (camera/camera-unit.ts); the others
   * record on untouched. `detect` defaults to DEFAULT_DETECTION.
   */
  applyCameras(next: ReadonlyArray<Omit<CameraConfig, 'detect'> & { readonly detect?: DetectionSettings }>): Promise<void>;
}

export interface EdgeAgentOptions {
  readonly logger: Logger;
  readonly ffmpegPath?: string;
  /**
   * Where the camera registry keeps the cameras commands add or change (and
   * reads them at start): `argus-edge run` passes cameras.json beside the
   * configuration; default `<dataDir>/cameras.json`.
   */
  readonly camerasFile?: string;
  /** Heartbeat and control channel (control/agent-links.ts). */
  readonly links?: AgentLinksOptions;
}

/**
 * The edge agent's composition root. The camera registry owns one camera
 * unit per camera (camera/camera-unit.ts: the main stream recorded, the
 * detect stream watched for motion); units hand finished segments to the
 * disk outbox and every event (health, motion with its snapshot) to the
 * event sink, the only way into the outbox for events; the uploader drains
 * the outbox to the cloud; the disk guard keeps the spool within its caps;
 * the metrics endpoint reads them all. Recording never waits for the cloud.
 *
 * Start order: outbox (reload and recover what an earlier run left) →
 * camera registry opened (cameras.json read) → disk guard → metrics →
 * uploader → camera units → heartbeat and control channel. Stop in reverse:
 * links, then the units (ffmpeg closes the segment in progress, which still
 * enters the outbox; open motion events end), then the sink's and the
 * outbox's writes, then a bounded drain (`uplink.shutdownDrainMs`); the rest
 * stays on disk.
 */
export function createEdgeAgent(config: EdgeConfig, options: EdgeAgentOptions): EdgeAgent {
  const logger = options.logger;
  const log = logger.child({ component: 'edge-agent' });
  const ffmpegPath = options.ffmpegPath ?? ffmpegBinaries().ffmpeg;
  const client = new CloudClient({ baseUrl: config.cloud.url, edgeToken: config.cloud.token, timeoutMs: config.cloud.timeoutMs });
  const cameraOf = (c: CameraRecord): Camera => ({ id: c.id, name: c.name, siteId: config.siteId, streams: c.sub === undefined ? ['main'] : ['main', 'sub'] });
  // Read by the uploader on every pass, so a camera added later is announced to the cloud before its first segment.
  const announced = new Map<string, Camera>();
  const outbox = new Outbox({ dataDir: config.dataDir, orgId: config.orgId, logger, probeDurationMs: (file) => probeDurationMs(ffmpegPath, file) });
  const bitrates = new Map<string, number>();
  const recordedCounts = new Map<string, number>();

  // eslint-disable-next-line prefer-const -- the metrics snapshot reads the status, which needs the parts below
  let status: () => EdgeStatus;
  const metrics = new EdgeMetrics(() => status());
  const metricsServer = new MetricsServer({ registry: metrics.registry, port: config.metrics.port, logger: logger.child({ component: 'metrics' }) });
  // eslint-disable-next-line prefer-const -- the sink frees space through the guard, which queues its events through the sink
  let guard: DiskGuard;
  const makeRoom = (bytes: number): Promise<void> => guard.check(bytes);
  const sink = createEventSink({ outbox, makeRoom, logger });
  // eslint-disable-next-line prefer-const -- the guard counts the cameras the registry runs
  let registry: CameraRegistry;
  guard = new DiskGuard({
    outbox,
    events: sink,
    maxBytes: config.storage.maxBytes,
    minFreeBytes: config.storage.minFreeBytes,
    cameras: () => registry.list().length,
    logger,
    checkIntervalMs: 2000,
    onEvicted: (evicted) => evicted.forEach((e) => metrics.evicted(e)),
  });
  const uploader = new SegmentUploader({
    client,
    cameras: announced,
    siteId: config.siteId,
    outbox,
    retry: config.retry,
    keepUploaded: config.storage.keepUploaded,
    maxBytesPerSecond: config.uplink.maxBytesPerSecond,
    backlogShare: config.uplink.backlogShare,
    liveWindowMs: 3 * config.segmentSeconds * 1000,
    logger,
    observer: metrics,
  });

  // Segment writes in flight: stop() waits for them, so the segment ffmpeg closes on SIGTERM is persisted.
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const spool = { makeRoom, log };
  const recordSegment = (segment: RecordedSegmentInput): void => {
    track(writeToSpool(`segment ${segment.path}`, async () => {
      const entry = await outbox.addSegment(segment);
      if (!entry) return;
      metrics.segmentRecorded(entry.cameraId);
      recordedCounts.set(entry.cameraId, (recordedCounts.get(entry.cameraId) ?? 0) + 1);
      bitrates.set(entry.cameraId, Math.round((entry.bytes * 8 * 1000) / Math.max(1, entry.endsAt - entry.startsAt)));
      void guard.check();
    }, spool));
  };

  // Object detection: one endpoint client and one cap for all cameras (docs/edge-agent.md, "Objects").
  const inference = createObjectInference(config.inference, config.cloud);
  const objects = inference ? { inference, slots: createInferenceSlots({ maxInFlight: config.inference.maxInFlight, perSecond: config.inference.perSecond }) } : undefined;

  registry = new CameraRegistry({
    configured: config.cameras,
    camerasFile: options.camerasFile ?? join(config.dataDir, CAMERAS_FILE_NAME),
    createUnit: (camera) => new CameraUnit({
      camera,
      settings: config,
      ffmpegPath,
      sink,
      onSegment: recordSegment,
      onRestart: (part) => metrics.ffmpegRestarted(camera.id, part),
      ...(objects ? { objects } : {}),
      logger,
    }),
    logger,
  });
  registry.onChange((cameraId, camera) => {
    if (camera) announced.set(cameraId, cameraOf(camera));
    else announced.delete(cameraId);
    uploader.reannounce(cameraId);
  });

  status = () => {
    const spoolStats = outbox.stats();
    return {
      cameras: registry.units<CameraUnit>().map(({ camera: c, unit }) => {
        const { recorder: s, detect } = unit.stats();
        return {
          id: c.id, state: s.state, segments: s.segments, recorded: recordedCounts.get(c.id) ?? 0, fps: s.fps, bitrateBps: bitrates.get(c.id), lastSegmentAt: s.lastSegmentAt,
          offlineSince: s.offlineSince, fault: s.fault, frozenSince: s.frozenSince, restarts: s.restarts, detect,
        };
      }),
      pendingUploads: spoolStats.segments,
      uploaded: uploader.uploaded,
      spool: spoolStats,
      disk: guard.usage(),
      events: (() => {
        const queued = sink.counts();
        const sent = uploader.delivered;
        return { queued: queued.events, sent: sent.events, snapshotsQueued: queued.snapshots, snapshotsSent: sent.snapshots };
      })(),
    };
  };

  const links = createAgentLinks({ config, client, status: () => status(), registry, ffmpegPath, logger, ...(options.links ? { options: options.links } : {}) });

  let started = false;
  let stopped: Promise<void> | undefined;
  return {
    cameras: registry,
    async start() {
      const reloaded = await outbox.open();
      await registry.open();
      for (const camera of registry.list()) announced.set(camera.id, cameraOf(camera));
      await guard.start();
      await metricsServer.start();
      await uploader.start();
      started = true;
      await registry.start();
      await links.start();
      log.info({ cameras: registry.list().length, cloud: config.cloud.url, outbox: reloaded }, 'edge agent started');
    },
    stop() {
      stopped ??= (async () => {
        await links.stop();
        await registry.stop();
        inference?.close();
        await sink.flush();
        while (inFlight.size > 0) await Promise.all([...inFlight]);
        if (started) await uploader.stop(config.uplink.shutdownDrainMs);
        await guard.stop();
        await metricsServer.stop();
        log.info({ left: outbox.stats() }, 'edge agent stopped');
      })();
      return stopped;
    },
    status: () => status(),
    applyCameras(next) {
      return registry.replaceAll(next.map((c) => ({ ...c, detect: c.detect ?? { ...DEFAULT_DETECTION } })));
    },
    metricsUrl() {
      const port = metricsServer.port;
      return port === undefined ? undefined : `http://127.0.0.1:${port}/metrics`;
    },
  };
}
