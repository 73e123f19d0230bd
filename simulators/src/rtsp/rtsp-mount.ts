import type { AacStream } from '../rtp/aac-adts.js';
import type { FrameSource } from '../scene/scene-source.js';
import type { RtspAuthPolicy } from './rtsp-auth.js';

/**
 * How a camera's faults bend its streams, asked per frame by every session
 * (see faults/). A mount without one streams normally.
 */
export interface StreamBehaviour {
  /** True while RTP and RTCP must not go out (drop-rtp): RTSP keeps answering. */
  dropMedia(): boolean;
  /** True while every frame must repeat the same picture (freeze). */
  frozen(): boolean;
  /** Video frames are padded to this multiple of their size (bitrate-spike); 1 = no padding. */
  paddingFactor(): number;
  /** The camera's wall clock, epoch ms (clock-skew): RTCP sender reports carry it. */
  wallClockMs(): number;
}

/** One stream the RTSP server serves at `/<cameraId>/<stream>`. */
export interface RtspMount {
  readonly cameraId: string;
  readonly stream: string;
  readonly source: FrameSource;
  /** Undefined: no authentication. */
  readonly auth: RtspAuthPolicy | undefined;
  /** False while the camera is offline: requests for it close the connection unanswered. */
  isOnline(): boolean;
  /** AAC audio served as a second track (`trackID=1`); undefined for video only. */
  readonly audio?: AacStream;
  readonly behaviour?: StreamBehaviour;
}

/**
 * A mount with audio and fault behaviour added; everything else is read
 * through from `base` at use time (credentials change live).
 */
export function extendMount(base: RtspMount, extras: { readonly audio?: AacStream; readonly behaviour?: StreamBehaviour }): RtspMount {
  return {
    cameraId: base.cameraId,
    stream: base.stream,
    get source() {
      return base.source;
    },
    get auth() {
      return base.auth;
    },
    isOnline: () => base.isOnline(),
    ...(extras.audio ? { audio: extras.audio } : {}),
    ...(extras.behaviour ? { behaviour: extras.behaviour } : {}),
  };
}

/** How the server finds mounts: a callback, so the server knows nothing of cameras. */
export type MountResolver = (cameraId: string, stream: string) => RtspMount | undefined;

/** What a request URL names: `/<camera>/<stream>[/<track>]`. */
export interface RtspTarget {
  readonly cameraId: string;
  readonly stream: string;
  /** Control suffix after the stream (`trackID=0`), undefined for the aggregate URL. */
  readonly track: string | undefined;
  /** The URL without user info, for Content-Base and RTP-Info. */
  readonly cleanUrl: string;
}

/**
 * Parses a request URL. `undefined` means unparseable (400); a target whose
 * path has the wrong shape gets empty camera/stream so it resolves to 404.
 */
export function parseRtspTarget(url: string): RtspTarget | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not an absolute URL: RFC 2326 requires absolute Request-URIs (except `*`).
    return undefined;
  }
  if (parsed.protocol !== 'rtsp:' && parsed.protocol !== 'rtsps:') return undefined;
  parsed.username = '';
  parsed.password = '';
  const parts = parsed.pathname.split('/').filter((p) => p.length > 0).map(safeDecode);
  const [cameraId = '', stream = '', track, ...extra] = parts;
  const valid = extra.length === 0 && parts.length >= 2;
  return { cameraId: valid ? cameraId : '', stream: valid ? stream : '', track: valid ? track : undefined, cleanUrl: parsed.toString() };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    // A bad escape cannot name any mount; keep it raw so the lookup fails with 404.
    return part;
  }
}
