import type { FrameSource } from '../scene/scene-source.js';
import type { RtspAuthPolicy } from './rtsp-auth.js';

/** One stream the RTSP server serves at `/<cameraId>/<stream>`. */
export interface RtspMount {
  readonly cameraId: string;
  readonly stream: string;
  readonly source: FrameSource;
  /** Undefined: no authentication. */
  readonly auth: RtspAuthPolicy | undefined;
  /** False while the camera is offline: requests for it close the connection unanswered. */
  isOnline(): boolean;
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
