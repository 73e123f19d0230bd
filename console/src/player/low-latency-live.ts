import Hls from 'hls.js';
import { LIVE_WS_CLOSE } from '@argus/contracts';
import { codecOfInit, stampsOfFragment, timescaleOfInit, type SampleStamp } from './fmp4-boxes.js';

/**
 * Low-latency live view of one camera: fragmented MP4 over a WebSocket
 * (GET /api/cameras/:id/live.ws) into Media Source Extensions, kept at the
 * live edge; plain HLS (live-now.m3u8, through hls.js) when MSE, the codec
 * or the socket fails. The session cookie goes along with both (same origin).
 */

export type LiveTransport = 'connecting' | 'ws' | 'hls' | 'stopped';

export interface LowLatencyLiveOptions {
  readonly cameraId: string;
  /** Sub for grid tiles, main for a single large view. */
  readonly stream: 'main' | 'sub';
  /** The first frame is on screen (ms since attach: the tile's time to first frame). */
  onFirstFrame?(elapsedMs: number): void;
  /**
   * A displayed frame that carries a send-time stamp (simulated cameras with
   * stampSendTime): `displayedAtMs` is when the compositor shows it (epoch ms),
   * so `displayedAtMs - sentAtMs` is glass-to-glass latency on one machine.
   */
  onStampedFrame?(frame: { sentAtMs: number; displayedAtMs: number }): void;
  onTransport?(transport: LiveTransport): void;
  /** Origin of the cloud; default the page's. */
  readonly origin?: string;
  /** 'hls' skips the WebSocket (to compare, or where MSE misbehaves); default 'auto'. */
  readonly transport?: 'auto' | 'hls';
  /**
   * Asked when a socket fails before its first data (a refused upgrade shows
   * the page no status): a non-null answer (no permission, no such camera,
   * session over) is final, reported through onError, with no retry and no
   * fallback, since HLS would be refused the same way.
   */
  explainFailure?(): Promise<LiveFailure | null>;
  onError?(error: LiveFailure): void;
  /**
   * Plays the HLS fallback (the live-now.m3u8 URL) instead of the built-in
   * hls.js set-up: the console passes its own player, which reports states
   * and explains failures. Stamped frames are only read by the built-in one.
   */
  fallback?(url: string): { stop(): void };
}

export interface LiveFailure {
  readonly code?: string;
  readonly message: string;
}

export interface LowLatencyLive {
  readonly transport: LiveTransport;
  stop(): void;
}

const MAX_LATENCY_S = 0.5; // used by the catch-up: further behind the newest buffered frame than this → jump
const TARGET_LATENCY_S = 0.1; // used by the catch-up: where a jump lands before the newest frame
const BACK_BUFFER_S = 10; // used by the trim: decoded media kept behind the playhead
const WS_RETRIES = 3; // used by reconnects: failed WebSocket attempts in a row before HLS
const RETRY_MS = 1000; // used by reconnects

interface VideoFrameMeta { readonly mediaTime: number; readonly expectedDisplayTime: number }
type FrameCallbackVideo = HTMLVideoElement & { requestVideoFrameCallback?(cb: (now: number, meta: VideoFrameMeta) => void): number; cancelVideoFrameCallback?(id: number): void };

export function attachLowLatencyLive(video: HTMLVideoElement, opts: LowLatencyLiveOptions): LowLatencyLive {
  const origin = opts.origin ?? location.origin;
  const attachedAt = performance.now();
  const v = video as FrameCallbackVideo;
  let transport: LiveTransport = 'connecting';
  let stopped = false;
  let failures = 0;
  let firstFrameSeen = false;
  let teardown: () => void = () => undefined;
  let frameCallback: number | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const stamps: SampleStamp[] = [];

  const setTransport = (next: LiveTransport): void => {
    transport = next;
    opts.onTransport?.(next);
  };

  const stampAt = (mediaTime: number): SampleStamp | undefined => {
    // Half a frame at 50 fps: the SEI's time and the frame's are the same sample's, up to rounding.
    for (let i = stamps.length - 1; i >= 0; i--) if (Math.abs(stamps[i]!.time - mediaTime) < 0.01) return stamps[i];
    return undefined;
  };

  const watchFrames = (): void => {
    if (!v.requestVideoFrameCallback) {
      video.addEventListener('playing', () => { if (!firstFrameSeen) { firstFrameSeen = true; opts.onFirstFrame?.(performance.now() - attachedAt); } }, { once: true });
      return;
    }
    const onFrame = (_now: number, meta: VideoFrameMeta): void => {
      if (stopped) return;
      if (!firstFrameSeen) {
        firstFrameSeen = true;
        opts.onFirstFrame?.(meta.expectedDisplayTime - attachedAt);
      }
      const stamp = opts.onStampedFrame && stampAt(meta.mediaTime);
      if (stamp) opts.onStampedFrame!({ sentAtMs: stamp.sentAtMs, displayedAtMs: performance.timeOrigin + meta.expectedDisplayTime });
      frameCallback = v.requestVideoFrameCallback!(onFrame);
    };
    frameCallback = v.requestVideoFrameCallback(onFrame);
  };

  const fallBackToHls = (why: string): void => {
    if (stopped) return;
    console.warn(`live ${opts.cameraId}: plain HLS (${why})`);
    teardown();
    setTransport('hls');
    const url = `${origin}/api/cameras/${encodeURIComponent(opts.cameraId)}/live-now.m3u8${opts.stream === 'main' ? '' : `?stream=${opts.stream}`}`;
    if (opts.fallback) {
      const player = opts.fallback(url);
      teardown = () => player.stop();
      return;
    }
    if (!Hls.isSupported()) {
      video.src = url; // Safari: native HLS
      void video.play().catch(() => undefined);
      teardown = () => { video.removeAttribute('src'); video.load(); };
      return;
    }
    const hls = new Hls({ liveSyncDuration: 1, liveMaxLatencyDuration: 3, maxLiveSyncPlaybackRate: 1.5, backBufferLength: BACK_BUFFER_S, xhrSetup: (xhr) => { xhr.withCredentials = true; } });
    hls.loadSource(url);
    hls.attachMedia(video);
    hls.on(Hls.Events.MANIFEST_PARSED, () => void video.play().catch(() => undefined));
    // hls.js hands over SEI user data itself: the same stamps, on its media timeline.
    if (opts.onStampedFrame) hls.on(Hls.Events.FRAG_PARSING_USERDATA, (_event, data) => {
      for (const sample of data.samples) {
        const digits = sample.userDataBytes;
        if (sample.payloadType !== 5 || !digits || digits.length !== 13) continue;
        const sentAtMs = Number(String.fromCharCode(...digits));
        if (Number.isFinite(sentAtMs)) stamps.push({ time: sample.pts, sentAtMs });
      }
      if (stamps.length > 600) stamps.splice(0, stamps.length - 300);
    });
    teardown = () => hls.destroy();
  };

  const connect = (): void => {
    if (stopped) return;
    if (typeof MediaSource === 'undefined') return fallBackToHls('no Media Source Extensions');
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/cameras/${encodeURIComponent(opts.cameraId)}/live.ws?stream=${opts.stream}`);
    ws.binaryType = 'arraybuffer';
    const mediaSource = new MediaSource();
    const objectUrl = URL.createObjectURL(mediaSource);
    let buffer: SourceBuffer | undefined;
    let timescale = 90_000;
    let gotInit = false;
    let jumped = false;
    let closed = false;
    const queue: ArrayBuffer[] = [];

    const pump = (): void => {
      if (!buffer || buffer.updating || closed) return;
      const { buffered } = video;
      if (buffered.length > 0) {
        const edge = buffered.end(buffered.length - 1);
        // Keep at the live edge: on the first data (the cached GOP) and whenever playback fell behind.
        if (!jumped || edge - video.currentTime > MAX_LATENCY_S) {
          video.currentTime = Math.max(buffered.start(buffered.length - 1), edge - TARGET_LATENCY_S);
          jumped = true;
        }
        if (video.paused) void video.play().catch(() => undefined);
        if (video.currentTime - buffered.start(0) > BACK_BUFFER_S * 2) {
          buffer.remove(0, video.currentTime - BACK_BUFFER_S);
          return;
        }
      }
      const next = queue.shift();
      if (!next) return;
      try {
        buffer.appendBuffer(next);
      } catch (err) {
        // QuotaExceeded or a decode error: start over from the next keyframe via a new socket.
        console.warn('live append failed', err);
        fail();
      }
    };

    const close = (): void => {
      if (closed) return;
      closed = true;
      ws.onmessage = ws.onclose = ws.onerror = null;
      if (ws.readyState <= WebSocket.OPEN) ws.close();
      video.removeAttribute('src');
      video.load();
      URL.revokeObjectURL(objectUrl);
    };
    const retry = (): void => {
      failures += gotInit ? 0 : 1;
      if (failures >= WS_RETRIES) return fallBackToHls(`${failures} WebSocket attempts failed`);
      retryTimer = setTimeout(connect, RETRY_MS);
    };
    const fail = (): void => {
      if (closed || stopped) return;
      close();
      if (gotInit || !opts.explainFailure) return retry();
      opts.explainFailure().then((why) => {
        if (stopped) return;
        if (why === null) return retry();
        setTransport('stopped');
        opts.onError?.(why);
      }, () => { if (!stopped) retry(); });
    };
    teardown = close;

    mediaSource.addEventListener('sourceopen', () => pump(), { once: true });
    video.src = objectUrl;
    video.muted = true;
    ws.onmessage = (message: MessageEvent<ArrayBuffer>) => {
      const data = message.data;
      if (!gotInit) {
        gotInit = true;
        const codec = codecOfInit(data);
        const type = `video/mp4; codecs="${codec ?? 'avc1.42e01e'}"`;
        if (!codec || !MediaSource.isTypeSupported(type)) { close(); return fallBackToHls(`${type} not playable here`); }
        timescale = timescaleOfInit(data);
        const open = (): void => {
          buffer = mediaSource.addSourceBuffer(type);
          buffer.mode = 'segments';
          buffer.addEventListener('updateend', pump);
          failures = 0;
          setTransport('ws');
          pump();
        };
        if (mediaSource.readyState === 'open') open(); else mediaSource.addEventListener('sourceopen', open, { once: true });
      } else if (opts.onStampedFrame) {
        stamps.push(...stampsOfFragment(data, timescale));
        if (stamps.length > 600) stamps.splice(0, stamps.length - 300);
      }
      queue.push(data);
      pump();
    };
    ws.onerror = () => fail();
    ws.onclose = (event: CloseEvent) => {
      // The session ended (push over): a new socket opens a new one. Anything else counts as a failure.
      if (event.code === LIVE_WS_CLOSE.ended && gotInit) { close(); retryTimer = setTimeout(connect, RETRY_MS); return; }
      fail();
    };
  };

  watchFrames();
  if (opts.transport === 'hls') fallBackToHls('asked for');
  else connect();

  return {
    get transport() { return transport; },
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(retryTimer);
      if (frameCallback !== undefined) v.cancelVideoFrameCallback?.(frameCallback);
      teardown();
      setTransport('stopped');
    },
  };
}
