import { api } from '../store/api.js';
import { createPlayer, type PlaybackTime, type PlayerState } from './create-player.js';

/**
 * The one place a Live wall tile (or its single view) starts live video.
 * Today it plays the on-demand push (GET /api/cameras/:id/live-now.m3u8:
 * the first request makes the cloud command the camera's agent to push;
 * the push ends once nothing has asked for the playlist or a segment for
 * ARGUS_LIVE_IDLE_SECONDS) through the console's hls.js wrapper. A
 * lower-latency transport replaces the body of attachLive() and keeps its
 * signature, so no tile changes.
 *
 * `stream` is passed along, but the cloud does not choose a stream for the
 * push yet: main and sub give the same picture until it does.
 */

export type LiveStreamName = 'main' | 'sub';

export interface LiveOptions {
  readonly cameraId: string;
  readonly stream: LiveStreamName;
  /** Player state changes (loading, playing, buffering, error with the cloud's code, e.g. CLD_ERR_FORBIDDEN). */
  readonly onState?: (state: PlayerState) => void;
  /** Called as playback advances (~4 Hz): a frozen picture is one whose time stops moving. */
  readonly onTime?: (time: PlaybackTime) => void;
}

export interface LiveHandle {
  /**
   * Stops loading and releases the element (hls.js, MSE, src) so no further
   * playlist or segment request keeps the cloud's session watched and the
   * push stops after its idle time. Idempotent.
   */
  stop(): void;
}

export function attachLive(video: HTMLVideoElement, opts: LiveOptions): LiveHandle {
  const player = createPlayer(video, {
    onState: (state) => opts.onState?.(state),
    ...(opts.onTime === undefined ? {} : { onTime: opts.onTime }),
    explainFailure: (url) => api.explainPlaylistFailure(url),
  });
  player.load(api.liveNowPlaylistUrl(opts.cameraId, opts.stream), { live: true });
  return { stop: () => player.destroy() };
}
