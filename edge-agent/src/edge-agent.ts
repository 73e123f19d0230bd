import { join } from 'node:path';
import type { Camera, DetectionEvent } from '@argus/core';
import { ffmpegBinaries, type Logger, type Service } from '@argus/runtime';
import { probeDurationMs } from './adapters/ffmpeg/probe-duration.js';
import { CloudClient } from './adapters/uplink/cloud-client.js';
import { createAgentLinks, type AgentLinksOptions } from './control/agent-links.js';
import type { CameraConfig, EdgeConfig } from './config.js';
import type { FaultReason } from './core/camera-health.js';
import { EdgeMetrics } from './metrics/edge-metrics.js';
import { MetricsServer } from './metrics/metrics-server.js';
import { OUTBOX_DIRS, Outbox, type OutboxStats, type RecordedSegmentInput } from './outbox/outbox.js';
import { Recorder, type CameraState } from './recorder.js';
import { DiskGuard, type DiskUsageSnapshot } from './storage/disk-guard.js';
import { SegmentUploader } from './uploader.js';

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
  /** ffmpeg restarts since start. */
  readonly restarts: number;
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
}

export interface EdgeAgent extends Service {
  /** A snapshot for heartbeats and tests; cheap (no I/O). */
  status(): EdgeStatus;
  /** `http://127.0.0.1:<port>/metrics` while the metrics endpoint listens, else undefined. */
  metricsUrl(): string | undefined;
  /**
   * Records exactly these cameras from now on: new ones start, removed ones
   * stop (closing their segment in progress), changed ones (URL or name)
   * restart; the others record on untouched.
   */
  applyCameras(next: readonly CameraConfig[]): Promise<void>;
}

export interface EdgeAgentOptions {
  readonly logger: Logger;
  readonly ffmpegPath?: string;
  /** Heartbeat and control channel (control/agent-links.ts). */
  readonly links?: AgentLinksOptions;
}

/**
 * The edge agent's composition root. Recorders (one per camera) hand each
 * finished segment and health event to the disk outbox; the uploader drains
 * the outbox to the cloud; the disk guard keeps the spool within its caps;
 * the metrics endpoint reads them all. Recording never waits for the cloud.
 *
 * Start order: outbox (reload and recover what an earlier run left) → disk
 * guard → metrics → uploader → recorders. Stop in reverse: recorders first
 * (ffmpeg closes the segment in progress, which still enters the outbox),
 * then a bounded drain (`uplink.shutdownDrainMs`); the rest stays on disk.
 */
export function createEdgeAgent(config: EdgeConfig, options: EdgeAgentOptions): EdgeAgent {
  const logger = options.logger;
  const log = logger.child({ component: 'edge-agent' });
  const ffmpegPath = options.ffmpegPath ?? ffmpegBinaries().ffmpeg;
  const client = new CloudClient({ baseUrl: config.cloud.url, edgeToken: config.cloud.token, timeoutMs: config.cloud.timeoutMs });
  const cameraOf = (c: CameraConfig): Camera => ({ id: c.id, name: c.name, siteId: config.siteId, streams: ['main'] });
  // Read by the uploader on every pass, so a camera added later is announced to the cloud before its first segment.
  const cameras = new Map<string, Camera>(config.cameras.map((c) => [c.id, cameraOf(c)]));
  const outbox = new Outbox({ dataDir: config.dataDir, orgId: config.orgId, logger, probeDurationMs: (file) => probeDurationMs(ffmpegPath, file) });
  const bitrates = new Map<string, number>();
  const recordedCounts = new Map<string, number>();

  // eslint-disable-next-line prefer-const -- the metrics snapshot reads the status, which needs the parts below
  let status: () => EdgeStatus;
  const metrics = new EdgeMetrics(() => status());
  const metricsServer = new MetricsServer({ registry: metrics.registry, port: config.metrics.port, logger: logger.child({ component: 'metrics' }) });
  const guard = new DiskGuard({
    outbox,
    maxBytes: config.storage.maxBytes,
    minFreeBytes: config.storage.minFreeBytes,
    cameras: config.cameras.length,
    logger,
    checkIntervalMs: 2000,
    onEvicted: (evicted) => evicted.forEach((e) => metrics.evicted(e)),
  });
  const uploader = new SegmentUploader({
    client,
    cameras,
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

  // Outbox writes in flight: stop() waits for them, so the segment ffmpeg closes on SIGTERM is persisted.
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  // Event phases are written one after another, so an `end` never lands before its `start`.
  let eventChain: Promise<void> = Promise.resolve();

  /** Retries a spool write once after ENOSPC, having evicted room for it; never throws. */
  async function persist(what: string, write: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' && attempt === 1) {
          log.error({ what }, 'disk full (ENOSPC) writing the outbox; evicting and retrying');
          await guard.check(64 * 1024 ** 2);
          continue;
        }
        log.error({ err, what }, 'could not write to the outbox; the file stays on disk for the next start to settle');
        return;
      }
    }
  }

  const recordSegment = (segment: RecordedSegmentInput): void => {
    track(persist(`segment ${segment.path}`, async () => {
      const entry = await outbox.addSegment(segment);
      if (!entry) return;
      metrics.segmentRecorded(entry.cameraId);
      recordedCounts.set(entry.cameraId, (recordedCounts.get(entry.cameraId) ?? 0) + 1);
      bitrates.set(entry.cameraId, Math.round((entry.bytes * 8 * 1000) / Math.max(1, entry.endsAt - entry.startsAt)));
      void guard.check();
    }));
  };
  const queueEvents = (events: DetectionEvent[]): void => {
    eventChain = eventChain.then(() => persist(`events ${events.map((e) => `${e.label}/${e.phase}`).join(',')}`, () => outbox.addEvents(events)));
    track(eventChain);
  };

  const newRecorder = (camera: CameraConfig): Recorder =>
    new Recorder({
      cameraId: camera.id,
      stream: 'main',
      url: camera.main,
      dir: join(config.dataDir, OUTBOX_DIRS.segments, camera.id),
      segmentSeconds: config.segmentSeconds,
      stallTimeoutMs: config.stallTimeoutMs,
      ...(config.freezeDetection.enabled ? { freezeDetection: { windowMs: config.freezeDetection.windowMs } } : {}),
      restart: config.restart,
      ffmpegPath,
      onSegment: recordSegment,
      onHealthEvents: queueEvents,
      onRestart: () => metrics.ffmpegRestarted(camera.id),
      logger,
    });
  /** The cameras being recorded, in configuration order. */
  const recorders = new Map<string, { camera: CameraConfig; recorder: Recorder }>(
    config.cameras.map((camera) => [camera.id, { camera, recorder: newRecorder(camera) }]),
  );

  status = () => {
    const spool = outbox.stats();
    return {
      cameras: [...recorders.values()].map(({ camera: c, recorder }) => {
        const s = recorder.stats();
        return {
          id: c.id, state: s.state, segments: s.segments, recorded: recordedCounts.get(c.id) ?? 0, fps: s.fps, bitrateBps: bitrates.get(c.id), lastSegmentAt: s.lastSegmentAt,
          offlineSince: s.offlineSince, fault: s.fault, frozenSince: s.frozenSince, restarts: s.restarts,
        };
      }),
      pendingUploads: spool.segments,
      uploaded: uploader.uploaded,
      spool,
      disk: guard.usage(),
    };
  };

  const links = createAgentLinks({ config, client, status: () => status(), ffmpegPath, logger, ...(options.links ? { options: options.links } : {}) });

  let started = false;
  let stopped: Promise<void> | undefined;
  // Camera list changes run one after another, and stop() waits for the one in progress.
  let applying: Promise<void> = Promise.resolve();
  return {
    async start() {
      const reloaded = await outbox.open();
      await guard.start();
      await metricsServer.start();
      await uploader.start();
      started = true;
      for (const { recorder } of recorders.values()) await recorder.start();
      await links.start();
      log.info({ cameras: recorders.size, cloud: config.cloud.url, outbox: reloaded }, 'edge agent started');
    },
    stop() {
      stopped ??= (async () => {
        await links.stop();
        await applying;
        await Promise.all([...recorders.values()].map(({ recorder }) => recorder.stop()));
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
      applying = applying.then(async () => {
        if (stopped) return;
        const wanted = new Map(next.map((c) => [c.id, c]));
        for (const [id, { camera, recorder }] of recorders) {
          const update = wanted.get(id);
          if (update && update.main === camera.main && update.name === camera.name) continue;
          await recorder.stop();
          recorders.delete(id);
          cameras.delete(id);
          log.info({ cameraId: id }, update ? 'camera changed; restarting its recorder' : 'camera removed; recording stopped');
        }
        for (const camera of next) {
          if (recorders.has(camera.id)) continue;
          const recorder = newRecorder(camera);
          recorders.set(camera.id, { camera, recorder });
          cameras.set(camera.id, cameraOf(camera));
          if (started) await recorder.start();
          log.info({ cameraId: camera.id }, 'camera added; recording');
        }
      });
      return applying;
    },
    metricsUrl() {
      const port = metricsServer.port;
      return port === undefined ? undefined : `http://127.0.0.1:${port}/metrics`;
    },
  };
}
