import { join } from 'node:path';
import type { Camera } from '@argus/core';
import { ffmpegBinaries, type Logger, type Service } from '@argus/runtime';
import { CloudClient } from './adapters/uplink/cloud-client.js';
import type { EdgeConfig } from './config.js';
import { Recorder, type CameraState } from './recorder.js';
import { SegmentUploader } from './uploader.js';

export interface EdgeAgent extends Service {
  /** Per camera: recorder state and segments recorded so far. */
  status(): { cameras: Array<{ id: string; state: CameraState; segments: number }>; pendingUploads: number; uploaded: number };
}

/**
 * The edge agent's composition root: one recorder per camera feeding one
 * uploader. Recording never waits for the cloud; the uploader retries until
 * the cloud takes each segment.
 */
export function createEdgeAgent(config: EdgeConfig, options: { logger: Logger; ffmpegPath?: string }): EdgeAgent {
  const logger = options.logger;
  const ffmpegPath = options.ffmpegPath ?? ffmpegBinaries().ffmpeg;
  const client = new CloudClient({ baseUrl: config.cloud.url, edgeToken: config.cloud.token, timeoutMs: config.cloud.timeoutMs });
  const cameras = new Map<string, Camera>(
    config.cameras.map((c) => [c.id, { id: c.id, name: c.name, siteId: config.siteId, streams: ['main'] }]),
  );
  const uploader = new SegmentUploader({
    client,
    orgId: config.orgId,
    cameras,
    rejectedDir: join(config.dataDir, 'rejected'),
    retry: config.retry,
    logger: logger.child({ component: 'uploader' }),
  });
  const recorders = config.cameras.map(
    (camera) =>
      new Recorder({
        cameraId: camera.id,
        stream: 'main',
        url: camera.main,
        dir: join(config.dataDir, 'segments', camera.id),
        segmentSeconds: config.segmentSeconds,
        stallTimeoutMs: config.stallTimeoutMs,
        restart: config.restart,
        ffmpegPath,
        onSegment: (segment) => uploader.enqueue(segment),
        logger,
      }),
  );

  let stopped: Promise<void> | undefined;
  return {
    async start() {
      await uploader.start();
      for (const recorder of recorders) await recorder.start();
      logger.info({ cameras: recorders.length, cloud: config.cloud.url }, 'edge agent started');
    },
    stop() {
      stopped ??= (async () => {
        // Recorders first: ffmpeg closes the segment in progress, which is then uploaded.
        await Promise.all(recorders.map((r) => r.stop()));
        await uploader.stop();
        logger.info('edge agent stopped');
      })();
      return stopped;
    },
    status() {
      return {
        cameras: config.cameras.map((c, i) => ({ id: c.id, state: recorders[i]!.state, segments: recorders[i]!.segmentCount })),
        pendingUploads: uploader.pending,
        uploaded: uploader.uploaded,
      };
    },
  };
}
