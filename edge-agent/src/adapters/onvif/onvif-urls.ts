import { redactCredentials } from '@argus/core';
import { EdgeError, EdgeErrorCode } from '../../errors.js';

/** Where a camera's ONVIF device service is, split as the `onvif` client takes it. */
export interface DeviceAddress {
  readonly hostname: string;
  readonly port: number;
  readonly path: string;
  readonly secure: boolean;
  /** `host:port`, for messages (the URL itself may carry credentials). */
  readonly host: string;
}

/**
 * Pure: checks and splits a device service URL
 * (`http://10.0.0.21/onvif/device_service`). Throws EDGE_ERR_ONVIF_URL for
 * anything but an http(s) URL with a host.
 */
export function parseDeviceUrl(url: string): DeviceAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new EdgeError(EdgeErrorCode.onvifUrl, `${JSON.stringify(redactCredentials(url))} is not a URL; give the device service URL, e.g. http://192.0.2.10/onvif/device_service`, { cause: err });
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
    throw new EdgeError(EdgeErrorCode.onvifUrl, `the ONVIF device service URL must be http(s)://host[:port]/path, got ${JSON.stringify(redactCredentials(url))}`);
  }
  const secure = parsed.protocol === 'https:';
  const port = Number(parsed.port || (secure ? 443 : 80));
  // URL keeps the brackets of an IPv6 literal; http.request wants the bare address.
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return { hostname, port, path: parsed.pathname === '/' ? '/onvif/device_service' : parsed.pathname, secure, host: `${parsed.hostname}:${port}` };
}

/**
 * Pure: `rtsp://host/…` with the credentials put in, percent-encoded (ONVIF
 * stream URIs come without them; a raw `@`, `:` or `/` in a password would
 * break the URL, and with it the redaction of logged URLs). ffmpeg decodes
 * them before answering the camera's Digest or Basic challenge.
 */
export function withCredentials(uri: string, username: string | undefined, password: string | undefined): string {
  if (!username) return uri;
  const url = new URL(uri);
  // The setters percent-encode only some characters; encoding first makes every reserved one safe ('%' is left alone by them).
  url.username = encodeURIComponent(username);
  url.password = encodeURIComponent(password ?? '');
  return url.toString();
}
