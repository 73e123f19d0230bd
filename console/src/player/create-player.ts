import Hls, { ErrorDetails, ErrorTypes, Events, type ErrorData, type HlsConfig } from 'hls.js';
// hls.js's ESM build has no inline worker; serving its worker file and
// passing it as workerPath moves TS→MP4 transmuxing off the UI thread.
import hlsWorkerUrl from 'hls.js/dist/hls.worker.js?url';
import { NO_RECORDING_CODE, apiErrorFromBody, type ApiRequestError } from '../api/api-client.js';
import { ConsoleErrorCode } from '../errors.js';

/**
 * The console's only wrapper around hls.js. It owns one <video>, loads live
 * or VOD playlists into it, recovers from what can be recovered, and reduces
 * everything hls.js and the media element report to a small state set the
 * UI can show. Safari-style native HLS is the fallback when MSE is missing.
 */

export type PlayerStateName = 'idle' | 'loading' | 'playing' | 'buffering' | 'no-recording' | 'error';

export interface PlayerState {
  name: PlayerStateName;
  /** Human-readable detail for the operator (why idle, what failed). */
  message?: string;
  /** Stable code when the state comes from an API or console error. */
  code?: string;
}

export interface PlaybackTime {
  /** Media time in seconds since the start of the loaded playlist. */
  currentTime: number;
  /** Wall-clock time being shown, from EXT-X-PROGRAM-DATE-TIME; null when the playlist has none. */
  playingDate: Date | null;
}

export interface PlayerOptions {
  onState(state: PlayerState): void;
  /**
   * Asks the cloud why a playlist failed (ApiClient.explainPlaylistFailure):
   * through the one HTTP client, so the session cookie goes along and a 401
   * ends the session like any other call. Null when it now loads fine.
   */
  explainFailure(url: string): Promise<ApiRequestError | null>;
  /** Called as playback advances (media timeupdate, ~4 Hz). */
  onTime?(time: PlaybackTime): void;
  /** Attempts after a fatal network error before giving up. */
  maxNetworkRetries?: number;
  /** First retry pause in ms; doubles on each further attempt. */
  retryBaseDelayMs?: number;
  /** Pause in ms before a live view with nothing recorded yet asks again. */
  liveRecheckDelayMs?: number;
}

export interface LoadOptions {
  /** Live: sliding-window playlist, play near the edge. VOD: start at the beginning. */
  live: boolean;
}

export interface Player {
  load(url: string, options: LoadOptions): void;
  /** Wall-clock time of the frame on screen, or null (nothing playing, or no program date time). */
  playingDate(): Date | null;
  readonly state: PlayerState;
  /** Stops loading, releases MSE and listeners. Idempotent. */
  destroy(): void;
}

const DEFAULT_MAX_NETWORK_RETRIES = 3;
const DEFAULT_RETRY_BASE_DELAY_MS = 1_000;
const DEFAULT_LIVE_RECHECK_DELAY_MS = 10_000;

/** Shared by live and VOD. */
const BASE_CONFIG: Partial<HlsConfig> = {
  workerPath: hlsWorkerUrl, // used by transmuxer-interface
  lowLatencyMode: false, // our live playlists are plain HLS, no LL-HLS parts
};

const LIVE_CONFIG: Partial<HlsConfig> = {
  ...BASE_CONFIG,
  liveSyncDurationCount: 2, // used by stream-controller: start 2 segments behind the edge
  liveMaxLatencyDurationCount: 6, // used by stream-controller: jump forward when this far behind
  backBufferLength: 30, // used by buffer-controller: a wall runs for hours, keep memory flat
};

const VOD_CONFIG: Partial<HlsConfig> = {
  ...BASE_CONFIG,
  startPosition: 0, // used by stream-controller: a recording plays from the start of the range
};

export function createPlayer(video: HTMLVideoElement, options: PlayerOptions): Player {
  const maxNetworkRetries = options.maxNetworkRetries ?? DEFAULT_MAX_NETWORK_RETRIES;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
  const liveRecheckDelayMs = options.liveRecheckDelayMs ?? DEFAULT_LIVE_RECHECK_DELAY_MS;

  // Browsers only autoplay muted video; playsInline keeps iOS from going fullscreen.
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;

  let state: PlayerState = { name: 'idle' };
  let hls: Hls | null = null;
  let source: { url: string; live: boolean } | null = null;
  // Incremented on every load/destroy: async work (timers, fetches) from an
  // earlier load compares its captured value and drops its result.
  let session = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let networkRetries = 0;
  let mediaRecoveryUsed = false;
  let destroyed = false;

  function setState(next: PlayerState): void {
    if (next.name === state.name && next.message === state.message && next.code === state.code) return;
    state = next;
    options.onState(next);
  }

  function clearTimer(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function schedule(delayMs: number, action: () => void): void {
    clearTimer();
    const mine = session;
    timer = setTimeout(() => {
      timer = undefined;
      if (mine === session) action();
    }, delayMs);
  }

  function teardownMedia(): void {
    clearTimer();
    hls?.destroy();
    hls = null;
    if (video.hasAttribute('src')) {
      // Detaches a native-HLS source; load() makes the element drop its buffer.
      video.removeAttribute('src');
      video.load();
    }
  }

  function fail(message: string, code?: string): void {
    teardownMedia();
    setState({ name: 'error', message, ...(code === undefined ? {} : { code }) });
  }

  /** Maps the cloud's answer for a playlist that would not load to a terminal state. */
  function settleApiError(error: ApiRequestError): void {
    if (error.code === NO_RECORDING_CODE) {
      teardownMedia();
      setState({ name: 'no-recording', message: error.message, code: error.code });
      // A live view of a camera that has not recorded yet keeps asking, so a
      // wall left open picks the camera up once its first segment lands.
      if (source?.live) schedule(liveRecheckDelayMs, () => source && start(source.url, source.live));
      return;
    }
    fail(error.message, error.code);
  }

  /**
   * A playlist request failed and we need the cloud's error body. hls.js's
   * XHR loader exposes it as networkDetails; otherwise ask again with fetch.
   */
  function explainAndSettle(data: ErrorData, url: string): void {
    const status = data.response?.code ?? 0;
    const xhr = data.networkDetails;
    // A 401 goes through the client, which takes the app back to the login page.
    if (status !== 401 && xhr instanceof XMLHttpRequest && (xhr.responseType === '' || xhr.responseType === 'text')) {
      settleApiError(apiErrorFromBody(status, xhr.responseText));
      return;
    }
    const mine = session;
    void options.explainFailure(url).then((error) => {
      if (mine !== session) return;
      if (error === null) fail(`The playlist failed to load (HTTP ${status})`);
      else settleApiError(error);
    });
  }

  /**
   * Called when loading works again after a retry. The video may have kept
   * playing from its buffer throughout, in which case no 'playing' event will
   * come to clear the "retrying" state, so derive the state from the element.
   */
  function endFailureEpisode(): void {
    if (networkRetries === 0) return;
    networkRetries = 0;
    if (state.name !== 'buffering' || video.paused || video.ended) return;
    setState(video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA ? { name: 'playing' } : { name: 'buffering' });
  }

  function retryNetwork(data: ErrorData): void {
    const current = hls;
    if (current === null || source === null) return;
    if (networkRetries >= maxNetworkRetries) {
      fail(`Lost the stream after ${maxNetworkRetries} retries (${data.details})`, ConsoleErrorCode.NETWORK);
      return;
    }
    networkRetries += 1;
    const delay = retryBaseDelayMs * 2 ** (networkRetries - 1);
    setState({ name: 'buffering', message: `Network error, retrying (${networkRetries}/${maxNetworkRetries})` });
    const { url } = source;
    const manifestFailed =
      data.details === ErrorDetails.MANIFEST_LOAD_ERROR || data.details === ErrorDetails.MANIFEST_LOAD_TIMEOUT;
    schedule(delay, () => {
      // Without a manifest there is nothing for startLoad() to resume.
      if (manifestFailed) current.loadSource(url);
      else current.startLoad();
    });
  }

  function onHlsError(data: ErrorData): void {
    if (!data.fatal) {
      // hls.js recovers these itself; only reflect a stall to the operator.
      if (data.details === ErrorDetails.BUFFER_STALLED_ERROR && state.name === 'playing') {
        setState({ name: 'buffering' });
      }
      return;
    }
    const url = source?.url;
    if (url === undefined) return;
    switch (data.type) {
      case ErrorTypes.NETWORK_ERROR: {
        const status = data.response?.code ?? 0;
        const playlistFailed =
          data.details === ErrorDetails.MANIFEST_LOAD_ERROR || data.details === ErrorDetails.LEVEL_LOAD_ERROR;
        // A 4xx is the cloud's considered answer (no recording, bad range,
        // unknown camera); retrying will not change it.
        if (playlistFailed && status >= 400 && status < 500) explainAndSettle(data, url);
        else retryNetwork(data);
        return;
      }
      case ErrorTypes.MEDIA_ERROR:
        if (!mediaRecoveryUsed && hls !== null) {
          // One recovery resets the decoder after a bad segment; a second
          // failure means the stream itself is unplayable here.
          mediaRecoveryUsed = true;
          setState({ name: 'buffering', message: 'Recovering from a decoding error' });
          hls.recoverMediaError();
        } else {
          fail(`The video could not be decoded (${data.details})`);
        }
        return;
      default:
        fail(`Playback failed (${data.details})`);
    }
  }

  async function startPlayback(): Promise<void> {
    const mine = session;
    try {
      await video.play();
    } catch (error) {
      // AbortError: a newer load replaced this one, nothing to report.
      if (mine !== session || (error instanceof DOMException && error.name === 'AbortError')) return;
      if (error instanceof DOMException && error.name === 'NotAllowedError') {
        setState({ name: 'idle', message: 'Autoplay was blocked; press play' });
      }
    }
  }

  function start(url: string, live: boolean): void {
    session += 1;
    teardownMedia();
    networkRetries = 0;
    mediaRecoveryUsed = false;
    source = { url, live };
    setState({ name: 'loading' });

    if (Hls.isSupported()) {
      const instance = new Hls(live ? LIVE_CONFIG : VOD_CONFIG);
      hls = instance;
      instance.on(Events.ERROR, (_event, data) => {
        if (hls === instance) onHlsError(data);
      });
      instance.on(Events.MANIFEST_PARSED, () => {
        if (hls === instance) void startPlayback();
      });
      // Progress ends a failure episode: the next outage gets a full retry budget.
      instance.on(Events.FRAG_LOADED, () => {
        if (hls === instance) endFailureEpisode();
      });
      instance.on(Events.LEVEL_LOADED, () => {
        if (hls === instance) endFailureEpisode();
      });
      instance.attachMedia(video);
      instance.loadSource(url);
      return;
    }
    if (video.canPlayType('application/vnd.apple.mpegurl') !== '') {
      video.src = url; // Native HLS (Safari): the element loads and, with autoplay, plays.
      void startPlayback();
      return;
    }
    fail('This browser cannot play HLS video (no Media Source Extensions)', ConsoleErrorCode.HLS_UNSUPPORTED);
  }

  function playingDate(): Date | null {
    if (hls !== null) return hls.playingDate;
    // Native HLS exposes the first program date time as the timeline's start.
    const native = video as HTMLVideoElement & { getStartDate?: () => Date };
    if (source === null || typeof native.getStartDate !== 'function') return null;
    const startMs = native.getStartDate().getTime();
    return Number.isNaN(startMs) ? null : new Date(startMs + video.currentTime * 1000);
  }

  // Media element events are the ground truth for what the operator sees.
  const mediaListeners: Record<string, () => void> = {
    playing: () => setState({ name: 'playing' }),
    waiting: () => {
      if (state.name === 'playing') setState({ name: 'buffering' });
    },
    pause: () => {
      if (!video.ended && (state.name === 'playing' || state.name === 'buffering')) {
        setState({ name: 'idle', message: 'Paused' });
      }
    },
    ended: () => setState({ name: 'idle', message: 'End of recording' }),
    timeupdate: () => options.onTime?.({ currentTime: video.currentTime, playingDate: playingDate() }),
    error: () => {
      // With hls.js attached, decode errors arrive through Events.ERROR instead.
      if (hls !== null || source === null || !video.hasAttribute('src')) return;
      const mine = session;
      const { url } = source;
      void options.explainFailure(url).then((error) => {
        if (mine !== session) return;
        if (error === null) fail('The browser could not play this stream');
        else settleApiError(error);
      });
    },
  };
  for (const [name, listener] of Object.entries(mediaListeners)) video.addEventListener(name, listener);

  return {
    load(url, loadOptions) {
      if (destroyed) throw new Error('createPlayer: load() after destroy()');
      start(url, loadOptions.live);
    },
    playingDate,
    get state() {
      return state;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      session += 1;
      teardownMedia();
      source = null;
      for (const [name, listener] of Object.entries(mediaListeners)) video.removeEventListener(name, listener);
      setState({ name: 'idle' });
    },
  };
}
