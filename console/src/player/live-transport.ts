import { api } from '../store/api.js';
import { createPlayer, type PlaybackTime, type PlayerState } from './create-player.js';
import { attachLowLatencyLive, type LiveTransport } from './low-latency-live.js';

/**
 * The one place a Live wall tile (or its single view) starts live video:
 * the low-latency transport (player/low-latency-live.ts: fMP4 fragments over
 * GET /api/cameras/:id/live.ws into Media Source Extensions; the socket makes
 * the cloud command the camera's agent to push, and the push ends once the
 * last viewer has left for ARGUS_LIVE_IDLE_SECONDS), with the console's
 * hls.js player on live-now.m3u8 as its fallback. Both report the same
 * small state set (create-player's PlayerState) and playback time, so a tile
 * does not know which one plays.
 */

export type LiveStreamName = 'main' | 'sub';

/** Shortest stall (ms) of the socket transport shown as buffering. */
const SHOWN_STALL_MS = 1_000;

export interface LiveOptions {
  readonly cameraId: string;
  /** Sub for grid tiles, main for the single view. */
  readonly stream: LiveStreamName;
  /** Player state changes (loading, playing, buffering, error with the cloud's code, e.g. CLD_ERR_FORBIDDEN). */
  readonly onState?: (state: PlayerState) => void;
  /** Called as playback advances (~4 Hz): a frozen picture is one whose time stops moving. */
  readonly onTime?: (time: PlaybackTime) => void;
  /** Which transport plays: 'ws' (low latency), 'hls' (fallback), 'connecting' or 'stopped'. */
  readonly onTransport?: (transport: LiveTransport) => void;
}

export interface LiveHandle {
  /**
   * Closes the socket (or stops the fallback player) and releases the
   * element, so the cloud's session loses this viewer and the push stops
   * after its idle time. Idempotent.
   */
  stop(): void;
}

export function attachLive(video: HTMLVideoElement, opts: LiveOptions): LiveHandle {
  let state: PlayerState = { name: 'idle' };
  let onFallback = false;
  const setState = (next: PlayerState): void => {
    if (next.name === state.name && next.message === state.message && next.code === state.code) return;
    state = next;
    opts.onState?.(next);
  };
  // The socket transport's states come from the element; the fallback player reports its own.
  // A stall shorter than this is not shown: the catch-up jump to the live edge waits for a moment each time.
  let waitingTimer: ReturnType<typeof setTimeout> | undefined;
  const stillPlaying = (): void => {
    clearTimeout(waitingTimer);
    waitingTimer = undefined;
  };
  const onPlaying = (): void => {
    stillPlaying();
    if (!onFallback) setState({ name: 'playing' });
  };
  const onWaiting = (): void => {
    if (onFallback || state.name !== 'playing' || waitingTimer !== undefined) return;
    waitingTimer = setTimeout(() => {
      waitingTimer = undefined;
      if (!onFallback && state.name === 'playing') setState({ name: 'buffering' });
    }, SHOWN_STALL_MS);
  };
  const onTimeUpdate = (): void => {
    if (onFallback) return;
    stillPlaying();
    // The catch-up jump to the live edge is a seek: 'waiting' comes, and 'playing' need not follow; time moving again is playing.
    if (state.name !== 'playing' && !video.paused && video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA) setState({ name: 'playing' });
    opts.onTime?.({ currentTime: video.currentTime, playingDate: null });
  };
  video.muted = true;
  video.playsInline = true;
  video.addEventListener('playing', onPlaying);
  video.addEventListener('waiting', onWaiting);
  video.addEventListener('timeupdate', onTimeUpdate);
  setState({ name: 'loading' });

  const live = attachLowLatencyLive(video, {
    cameraId: opts.cameraId,
    stream: opts.stream,
    ...(opts.onTransport === undefined ? {} : { onTransport: opts.onTransport }),
    explainFailure: () => api.explainPlaylistFailure(api.cameraUrl(opts.cameraId)),
    onError: (error) => setState({ name: 'error', message: error.message, ...(error.code === undefined ? {} : { code: error.code }) }),
    fallback: (url) => {
      onFallback = true;
      const player = createPlayer(video, {
        onState: setState,
        ...(opts.onTime === undefined ? {} : { onTime: opts.onTime }),
        explainFailure: (failed) => api.explainPlaylistFailure(failed),
      });
      player.load(url, { live: true });
      return { stop: () => player.destroy() };
    },
  });
  return {
    stop() {
      stillPlaying();
      video.removeEventListener('playing', onPlaying);
      video.removeEventListener('waiting', onWaiting);
      video.removeEventListener('timeupdate', onTimeUpdate);
      live.stop();
    },
  };
}
