import { attachLowLatencyLive, type LowLatencyLive } from '../../console/src/player/low-latency-live.js';

/**
 * The page bench:live drives (bundled by live-bench.ts, served under the
 * cloud's origin so the session cookie goes along): a grid of tiles, each
 * a <video> on attachLowLatencyLive, recording its time to first frame and
 * the glass-to-glass latency of every stamped frame it displays.
 */

import type { TileResult } from './live-bench-harness.js';

const tiles: Array<{ live: LowLatencyLive; video: HTMLVideoElement; result: TileResult }> = [];

function start(cameraIds: string[], stream: 'main' | 'sub', transport: 'auto' | 'hls'): void {
  const grid = document.getElementById('grid')!;
  const columns = Math.ceil(Math.sqrt(cameraIds.length));
  grid.style.gridTemplateColumns = `repeat(${columns}, 1fr)`;
  for (const cameraId of cameraIds) {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    grid.append(video);
    const result: TileResult = { cameraId, firstFrameMs: null, firstDataMs: null, samples: [], transport: 'connecting' };
    const attachedAt = performance.now();
    const live = attachLowLatencyLive(video, {
      cameraId, stream, transport,
      onFirstFrame: (ms) => { result.firstFrameMs = ms; },
      onStampedFrame: ({ sentAtMs, displayedAtMs }) => { if (result.firstFrameMs !== null) result.samples.push(displayedAtMs - sentAtMs); },
      onTransport: (t) => { result.transport = t; if (t === 'ws' && result.firstDataMs === null) result.firstDataMs = performance.now() - attachedAt; },
    });
    tiles.push({ live, video, result });
  }
}

function results(): TileResult[] {
  return tiles.map((t) => ({ ...t.result, samples: [...t.result.samples] }));
}

function resetSamples(): void {
  for (const t of tiles) t.result.samples = [];
}

function stopAll(): void {
  for (const t of tiles.splice(0)) {
    t.live.stop();
    t.video.remove();
  }
}

/** Frames shown so far by each tile's video (to check that pictures advance). */
function framesShown(): number[] {
  return tiles.map((t) => t.video.getVideoPlaybackQuality().totalVideoFrames);
}

Object.assign(window, { liveBench: { start, results, resetSamples, stopAll, framesShown } });
