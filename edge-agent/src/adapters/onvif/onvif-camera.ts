import onvif, { type Cam } from 'onvif';
import { EdgeError, EdgeErrorCode } from '../../errors.js';
import { chooseProfiles, toMediaProfile, type MediaProfile } from './onvif-profiles.js';

export interface OnvifTarget {
  /** Device service URL, e.g. `http://10.0.0.21/onvif/device_service`. */
  readonly url: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly timeoutMs?: number;
}

/** What onboarding needs of an ONVIF camera. */
export interface OnvifStreams {
  readonly main: { readonly profile: MediaProfile; readonly uri: string };
  readonly sub: { readonly profile: MediaProfile; readonly uri: string } | undefined;
  readonly snapshotUri: string | undefined;
}

const fail = (what: string, err: unknown): EdgeError =>
  new EdgeError(EdgeErrorCode.onvif, `ONVIF ${what} failed: ${err instanceof Error ? err.message : Array.isArray(err) ? err.map(String).join('; ') : String(err)}`, { cause: err });

function call<T>(what: string, fn: (cb: (err: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(fail(what, err)) : resolve(value as T))));
}

/** Connects (device information, capabilities, profiles) with WS-Security credentials. */
export async function connectOnvif(target: OnvifTarget): Promise<Cam> {
  const url = new URL(target.url);
  return new Promise<Cam>((resolve, reject) => {
    const cam: Cam = new onvif.Cam(
      {
        hostname: url.hostname,
        port: Number(url.port || 80),
        path: url.pathname,
        ...(target.username === undefined ? {} : { username: target.username }),
        ...(target.password === undefined ? {} : { password: target.password }),
        timeout: target.timeoutMs ?? 10_000,
        // Cameras behind NAT or port mappings announce service URLs we cannot reach: keep the address we were given.
        preserveAddress: true,
      },
      (err) => (err ? reject(fail(`connect to ${url.host}`, err)) : resolve(cam)),
    );
  });
}

/** Main (highest resolution) and sub (lowest) RTSP URIs, and the snapshot URI, of a connected camera. */
export async function readStreams(cam: Cam): Promise<OnvifStreams> {
  const raw = (await call<unknown[]>('GetProfiles', (cb) => cam.getProfiles(cb))) ?? [];
  const choice = chooseProfiles(raw.map((p) => toMediaProfile(p as Record<string, unknown>)).filter((p): p is MediaProfile => p !== undefined));
  if (!choice) throw new EdgeError(EdgeErrorCode.onvif, 'the camera has no video profile');
  const uriOf = async (profile: MediaProfile): Promise<string> =>
    (await call<{ uri: string }>(`GetStreamUri ${profile.token}`, (cb) => cam.getStreamUri({ protocol: 'RTSP', profileToken: profile.token }, cb))).uri;
  const snapshotUri = await call<{ uri: string }>('GetSnapshotUri', (cb) => cam.getSnapshotUri({ profileToken: choice.main.token }, cb)).then(
    (r) => r.uri,
    () => undefined, // optional in ONVIF Profile S: onboarding goes on without it
  );
  return {
    main: { profile: choice.main, uri: await uriOf(choice.main) },
    sub: choice.sub && { profile: choice.sub, uri: await uriOf(choice.sub) },
    snapshotUri,
  };
}

/** Continuous pan/tilt/zoom (velocities in -1..1), stopping by itself after `timeoutMs` if the camera supports it. */
export async function ptzMove(cam: Cam, move: { x: number; y: number; zoom: number; timeoutMs?: number; profileToken?: string }): Promise<void> {
  await call('ContinuousMove', (cb) =>
    cam.continuousMove({
      x: move.x, y: move.y, zoom: move.zoom,
      ...(move.timeoutMs === undefined ? {} : { timeout: move.timeoutMs }),
      ...(move.profileToken === undefined ? {} : { profileToken: move.profileToken }),
    }, cb),
  );
}

export async function ptzStop(cam: Cam, profileToken?: string): Promise<void> {
  await call('Stop', (cb) => cam.stop({ panTilt: true, zoom: true, ...(profileToken === undefined ? {} : { profileToken }) }, cb));
}

/** `rtsp://host/…` with credentials put in (ONVIF URIs come without them). */
export function withCredentials(uri: string, username: string | undefined, password: string | undefined): string {
  if (!username) return uri;
  const url = new URL(uri);
  url.username = encodeURIComponent(username);
  url.password = encodeURIComponent(password ?? '');
  return url.toString();
}
