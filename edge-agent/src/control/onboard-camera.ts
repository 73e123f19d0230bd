import { redactCredentials } from '@argus/core';
import type { PublicCamera } from '@argus/contracts';
import { connectOnvif, readStreams } from '../adapters/onvif/onvif-camera.js';
import { withCredentials } from '../adapters/onvif/onvif-urls.js';
import { EdgeError, EdgeErrorCode } from '../errors.js';
import type { StoredCamera } from './camera-list-file.js';

/**
 * Onboarding, shared by `argus-edge add-camera` and the control channel's
 * add-camera / update-camera: a camera record from its ONVIF service, or
 * from plain RTSP URLs.
 */
export interface OnvifOnboarding {
  readonly id: string;
  readonly name: string;
  /** Device service URL. */
  readonly url: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** Limit of each SOAP request (ms); default 10 s. */
  readonly timeoutMs?: number;
}

/** The stream chosen for a role, for people (CLI output, command acks). */
export interface ChosenStream {
  readonly profile: string;
  readonly width: number;
  readonly height: number;
}

export interface Onboarded {
  /** What cameras.json keeps: URLs with credentials (the file is 0600). */
  readonly camera: StoredCamera;
  /** Which profiles were chosen; undefined for plain RTSP. */
  readonly streams?: { readonly main: ChosenStream; readonly sub?: ChosenStream };
}

/**
 * Reads the camera's profiles and keeps the highest resolution as `main`
 * (recorded) and the lowest as `sub` (detection), both with the credentials
 * put in (percent-encoded), the snapshot URI, and the device URL with the
 * credentials and main profile token (for PTZ).
 */
export async function cameraFromOnvif(input: OnvifOnboarding): Promise<Onboarded> {
  const connection = await connectOnvif({ url: input.url, username: input.username, password: input.password, ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }) });
  const streams = await readStreams(connection);
  const chosen = (s: { profile: { token: string; width: number; height: number } }): ChosenStream => ({ profile: s.profile.token, width: s.profile.width, height: s.profile.height });
  return {
    camera: {
      id: input.id,
      name: input.name,
      main: withCredentials(streams.main.uri, input.username, input.password),
      ...(streams.sub ? { sub: withCredentials(streams.sub.uri, input.username, input.password) } : {}),
      ...(streams.snapshotUri ? { snapshotUri: streams.snapshotUri } : {}),
      onvif: {
        url: input.url,
        ...(input.username === undefined ? {} : { username: input.username }),
        ...(input.password === undefined ? {} : { password: input.password }),
        profileToken: streams.main.profile.token,
      },
    },
    streams: { main: chosen(streams.main), ...(streams.sub ? { sub: chosen(streams.sub) } : {}) },
  };
}

/** Pure: an rtsp:// or rtsps:// URL with a host. */
export function isRtspUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'rtsp:' || parsed.protocol === 'rtsps:') && parsed.hostname !== '';
  } catch {
    return false; // not a URL at all
  }
}

/**
 * Pure: a camera record from RTSP URLs; `username`/`password`, when given,
 * are put into URLs that carry none. Throws EDGE_ERR_COMMAND_ARGS naming the
 * bad URL (redacted).
 */
export function cameraFromRtsp(input: { id: string; name: string; main: string; sub?: string | undefined; username?: string | undefined; password?: string | undefined }): StoredCamera {
  for (const [role, url] of [['main', input.main], ['sub', input.sub]] as const) {
    if (url !== undefined && !isRtspUrl(url)) {
      throw new EdgeError(EdgeErrorCode.commandArgs, `the ${role} stream must be an rtsp:// URL, got ${JSON.stringify(redactCredentials(url))}`);
    }
  }
  const credit = (url: string): string => (new URL(url).username === '' ? withCredentials(url, input.username, input.password) : url);
  return { id: input.id, name: input.name, main: credit(input.main), ...(input.sub === undefined ? {} : { sub: credit(input.sub) }) };
}

/** What an add/update may show (acks, CLI output): URLs without credentials. */
export function publicCamera(onboarded: Onboarded): PublicCamera {
  const c = onboarded.camera;
  return {
    id: c.id,
    name: c.name,
    main: redactCredentials(c.main),
    ...(c.sub ? { sub: redactCredentials(c.sub) } : {}),
    ...(c.snapshotUri ? { snapshotUri: redactCredentials(c.snapshotUri) } : {}),
    ...(c.onvif ? { onvif: redactCredentials(c.onvif.url) } : {}),
    ...(onboarded.streams ? { streams: onboarded.streams } : {}),
  };
}
