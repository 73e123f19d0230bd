import onvif, { type Cam } from 'onvif';
import { EdgeError, EdgeErrorCode } from '../../errors.js';
import { onvifError } from './onvif-errors.js';
import { chooseProfiles, toMediaProfile, type MediaProfile } from './onvif-profiles.js';
import { parseDeviceUrl } from './onvif-urls.js';

export interface OnvifTarget {
  /** Device service URL, e.g. `http://10.0.0.21/onvif/device_service`. */
  readonly url: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Limit of each SOAP request (ms); default 10 s. */
  readonly timeoutMs?: number;
}

/** A camera the `onvif` client is connected to; `host` (host:port) names it in messages. */
export interface OnvifConnection {
  readonly cam: Cam;
  readonly host: string;
}

/** What onboarding needs of an ONVIF camera. URIs come as the camera gives them: without credentials. */
export interface OnvifStreams {
  /** Every media profile, in the camera's order (for people choosing). */
  readonly profiles: readonly MediaProfile[];
  readonly main: { readonly profile: MediaProfile; readonly uri: string };
  readonly sub: { readonly profile: MediaProfile; readonly uri: string } | undefined;
  readonly snapshotUri: string | undefined;
}

/** Position of a PTZ head: pan/tilt in the generic space (-1..1), zoom 0..1. */
export interface PtzPosition {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/** One callback call of the `onvif` client as a promise; its errors become catalogue errors. */
function call<T>(connection: OnvifConnection, what: string, fn: (cb: (err: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(onvifError(what, connection.host, err)) : resolve(value as T))));
}

/**
 * Connects (system time for the WS-Security clock offset, services,
 * profiles) with WS-UsernameToken credentials. Throws EDGE_ERR_ONVIF_URL,
 * EDGE_ERR_ONVIF_AUTH, EDGE_ERR_ONVIF_UNREACHABLE or EDGE_ERR_ONVIF.
 */
export async function connectOnvif(target: OnvifTarget): Promise<OnvifConnection> {
  const address = parseDeviceUrl(target.url);
  return new Promise<OnvifConnection>((resolve, reject) => {
    const cam: Cam = new onvif.Cam(
      {
        hostname: address.hostname,
        port: address.port,
        path: address.path,
        useSecure: address.secure,
        ...(target.username === undefined ? {} : { username: target.username }),
        ...(target.password === undefined ? {} : { password: target.password }),
        timeout: target.timeoutMs ?? 10_000,
        // Cameras behind NAT or port mappings announce service URLs we cannot reach: keep the address we were given.
        preserveAddress: true,
      },
      (err) => (err ? reject(onvifError('connect', address.host, err)) : resolve({ cam, host: address.host })),
    );
    // The client reports media it could not read during connect as a warning and connects anyway;
    // readStreams asks again and gets the real error. Without a listener the warning is only dropped.
    cam.on('warning', () => undefined);
  });
}

/**
 * Main (highest resolution) and sub (lowest) RTSP URIs and the snapshot URI
 * of a connected camera. Throws EDGE_ERR_ONVIF_NO_VIDEO when no profile has
 * a video resolution.
 */
export async function readStreams(connection: OnvifConnection): Promise<OnvifStreams> {
  const { cam } = connection;
  const raw = (await call<unknown[]>(connection, 'GetProfiles', (cb) => cam.getProfiles(cb))) ?? [];
  const profiles = raw.map((p) => toMediaProfile(p as Record<string, unknown>)).filter((p): p is MediaProfile => p !== undefined);
  const choice = chooseProfiles(profiles);
  if (!choice) throw new EdgeError(EdgeErrorCode.onvifNoVideo, `the ONVIF camera at ${connection.host} has no video profile (${raw.length} profiles)`);
  const uriOf = async (profile: MediaProfile): Promise<string> =>
    (await call<{ uri: string }>(connection, `GetStreamUri ${profile.token}`, (cb) => cam.getStreamUri({ protocol: 'RTSP', profileToken: profile.token }, cb))).uri;
  const main = { profile: choice.main, uri: await uriOf(choice.main) };
  const sub = choice.sub && { profile: choice.sub, uri: await uriOf(choice.sub) };
  const snapshotUri = await call<{ uri: string }>(connection, 'GetSnapshotUri', (cb) => cam.getSnapshotUri({ profileToken: choice.main.token }, cb)).then(
    (r) => (typeof r?.uri === 'string' && r.uri !== '' ? r.uri : undefined),
    () => undefined, // optional in ONVIF Profile S: onboarding goes on without it
  );
  return { profiles, main, sub, snapshotUri };
}

/** Whether the connected camera announced a PTZ service (capabilities or services). */
export function hasPtz(connection: OnvifConnection): boolean {
  return connection.cam.uri?.ptz !== undefined;
}

/** A PTZ preset: token to go to, name for people. */
export interface PtzPresetEntry {
  readonly token: string;
  readonly name: string;
}

/** The camera's PTZ presets (GetPresets), in its order. */
export async function ptzPresets(connection: OnvifConnection, profileToken?: string): Promise<PtzPresetEntry[]> {
  // The client answers { name: preset } with the token in preset.$.token.
  const byName = await call<Record<string, { $?: { token?: unknown } }>>(connection, 'GetPresets', (cb) =>
    connection.cam.getPresets(profileToken === undefined ? {} : { profileToken }, cb),
  );
  return Object.entries(byName ?? {}).flatMap(([name, preset]) => (typeof preset?.$?.token === 'string' ? [{ token: preset.$.token, name: String(name) }] : []));
}

export async function ptzGotoPreset(connection: OnvifConnection, preset: string, profileToken?: string): Promise<void> {
  await call(connection, `GotoPreset ${preset}`, (cb) => connection.cam.gotoPreset({ preset, ...(profileToken === undefined ? {} : { profileToken }) }, cb));
}

/** Continuous pan/tilt/zoom (velocities in -1..1), stopping by itself after `timeoutMs` where the camera supports it. */
export async function ptzMove(connection: OnvifConnection, move: { x: number; y: number; zoom: number; timeoutMs?: number; profileToken?: string }): Promise<void> {
  await call(connection, 'ContinuousMove', (cb) =>
    connection.cam.continuousMove({
      x: move.x, y: move.y, zoom: move.zoom,
      ...(move.timeoutMs === undefined ? {} : { timeout: move.timeoutMs }),
      ...(move.profileToken === undefined ? {} : { profileToken: move.profileToken }),
    }, cb),
  );
}

export async function ptzStop(connection: OnvifConnection, profileToken?: string): Promise<void> {
  await call(connection, 'Stop', (cb) => connection.cam.stop({ panTilt: true, zoom: true, ...(profileToken === undefined ? {} : { profileToken }) }, cb));
}

/** The PTZ head's position now (GetStatus). */
export async function ptzPosition(connection: OnvifConnection, profileToken?: string): Promise<PtzPosition> {
  const status = await call<{ position: { x: unknown; y: unknown; zoom: unknown } }>(connection, 'GetStatus', (cb) =>
    connection.cam.getStatus(profileToken === undefined ? {} : { profileToken }, cb),
  );
  return { x: Number(status.position.x), y: Number(status.position.y), zoom: Number(status.position.zoom) };
}
