import { createHash } from 'node:crypto';
import { isSlug, redactCredentials, segmentKey } from '@argus/core';
import type { Logger } from '@argus/runtime';
import { connectOnvif, ptzMove, ptzPosition, ptzStop } from '../adapters/onvif/onvif-camera.js';
import { discoverOnvif, type DiscoveredDevice, type DiscoverOptions } from '../adapters/onvif/onvif-discovery.js';
import type { CloudClient } from '../adapters/uplink/cloud-client.js';
import { EdgeError, EdgeErrorCode } from '../errors.js';
import { mergeCameras, readCameraList, upsertCamera, writeCameraList, type StoredCamera } from './camera-list-file.js';
import type { CommandHandler } from './control-client.js';
import type { CommandMessage } from '@argus/core';
import { cameraFromOnvif, cameraFromRtsp, publicCamera, type Onboarded } from './onboard-camera.js';
import type { LivePushes } from './live-pushes.js';
import { grabJpeg } from './snapshot.js';

export interface CommandDeps {
  readonly orgId: string;
  readonly client: Pick<CloudClient, 'requestUpload' | 'putObject'>;
  readonly ffmpegPath: string;
  /** The cameras the agent runs now (configured and stored), with their stream URLs. */
  readonly cameras: () => ReadonlyArray<{ readonly id: string; readonly name: string; readonly main: string }>;
  /** `cameras.json` beside the configuration. */
  readonly camerasFile: string;
  /**
   * Called once cameras.json has changed; the running agent starts, stops or
   * restarts only the cameras that changed (control/agent-from-config-file.ts).
   */
  readonly onCamerasChanged?: (stored: readonly StoredCamera[]) => Promise<void>;
  readonly discover?: (options: DiscoverOptions) => Promise<DiscoveredDevice[]>;
  readonly logger: Logger;
  /** Clock, epoch ms (snapshot keys). */
  readonly now?: () => number;
  /** ffmpeg's limit for one snapshot (ms). */
  readonly snapshotTimeoutMs?: number;
  /** The agent's live pushes; without them live-start / live-stop answer EDGE_ERR_NOT_SUPPORTED. */
  readonly live?: LivePushes;
}

const MAX_DISCOVERY_MS = 10_000; // a command's ack must come within the cloud's wait (15 s by default)

const badArgs = (message: string): EdgeError => new EdgeError(EdgeErrorCode.commandArgs, message);

function str(args: Readonly<Record<string, unknown>>, key: string, required: true): string;
function str(args: Readonly<Record<string, unknown>>, key: string, required?: false): string | undefined;
function str(args: Readonly<Record<string, unknown>>, key: string, required = false): string | undefined {
  const v = args[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '') throw badArgs(`args.${key} must be a non-empty string`);
  return v;
}

function velocity(args: Readonly<Record<string, unknown>>, key: string): number {
  const v = args[key] ?? 0;
  if (typeof v !== 'number' || !(v >= -1 && v <= 1)) throw badArgs(`args.${key} must be a number from -1 to 1`);
  return v;
}

/**
 * `args.onvif` as the device URL with `args.username` / `args.password`
 * beside it (what the console's wizard sends), or as `{ url, username?, password? }`.
 */
function onvifArgs(args: Readonly<Record<string, unknown>>): { url: string; username: string | undefined; password: string | undefined } | undefined {
  const onvif = args.onvif;
  if (onvif === undefined) return undefined;
  if (typeof onvif === 'string' && onvif !== '') return { url: onvif, username: str(args, 'username'), password: optionalSecret(args, 'password') };
  if (typeof onvif === 'object' && onvif !== null && !Array.isArray(onvif)) {
    const o = onvif as Record<string, unknown>;
    if (typeof o.url !== 'string' || o.url === '') throw badArgs('args.onvif.url must be the device service URL');
    return { url: o.url, username: str(o, 'username'), password: optionalSecret(o, 'password') };
  }
  throw badArgs('args.onvif must be the device service URL (or { url, username, password })');
}

/** A password may be empty (some cameras ship with one), but must be a string. */
function optionalSecret(args: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = args[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badArgs(`args.${key} must be a string`);
  return v;
}

/**
 * The agent's command handlers (docs/api.md, control channel): snapshot,
 * discover, add-camera / update-camera, ptz, live-start / live-stop (when
 * the agent has live pushes).
 */
export function createCommandHandler(deps: CommandDeps): CommandHandler {
  const now = deps.now ?? Date.now;
  const log = deps.logger.child({ component: 'commands' });
  const discover = deps.discover ?? discoverOnvif;

  // The configured cameras and those added since start (cameras.json), as the running agent has them.
  const cameraUrl = async (cameraId: string): Promise<string> => {
    const camera = mergeCameras(deps.cameras(), await readCameraList(deps.camerasFile)).find((c) => c.id === cameraId);
    if (!camera) throw new EdgeError(EdgeErrorCode.unknownCamera, `no camera ${cameraId} on this agent`);
    return camera.main;
  };

  async function snapshot(args: Readonly<Record<string, unknown>>): Promise<unknown> {
    const cameraId = str(args, 'cameraId', true);
    const jpeg = await grabJpeg(deps.ffmpegPath, await cameraUrl(cameraId), deps.snapshotTimeoutMs ?? 10_000);
    // A snapshot key is a media key of the camera with the .jpg extension: the cloud's upload-URL flow and media route take it as is.
    const key = segmentKey({ orgId: deps.orgId, cameraId, stream: 'main', startsAt: now(), ext: 'jpg' });
    const sha256 = createHash('sha256').update(jpeg).digest('hex');
    const target = await deps.client.requestUpload({ key, bytes: jpeg.length, sha256 });
    await deps.client.putObject(target, jpeg);
    log.info({ cameraId, key, bytes: jpeg.length }, 'snapshot uploaded');
    return { key, bytes: jpeg.length, sha256, contentType: 'image/jpeg' };
  }

  async function discoverCommand(args: Readonly<Record<string, unknown>>): Promise<unknown> {
    const timeoutMs = typeof args.timeoutMs === 'number' ? Math.min(Math.max(100, args.timeoutMs), MAX_DISCOVERY_MS) : 3000;
    const targets = args.targets;
    if (targets !== undefined && (!Array.isArray(targets) || !targets.every((t) => typeof t?.host === 'string' && Number.isInteger(t?.port)))) {
      throw badArgs('args.targets must be [{ host, port }]');
    }
    const devices = await discover({ timeoutMs, ...(targets ? { targets: targets as Array<{ host: string; port: number }> } : {}) });
    return { devices };
  }

  async function storeCamera(args: Readonly<Record<string, unknown>>, mode: 'add' | 'update'): Promise<unknown> {
    const id = str(args, 'id', true);
    if (!isSlug(id)) throw badArgs(`args.id ${JSON.stringify(id)} must be a lowercase slug`);
    const stored = await readCameraList(deps.camerasFile);
    const known = deps.cameras().some((c) => c.id === id) || stored.some((c) => c.id === id);
    if (mode === 'add' && known) throw badArgs(`camera ${id} exists; use update-camera`);
    if (mode === 'update' && !known) throw new EdgeError(EdgeErrorCode.unknownCamera, `no camera ${id} on this agent; use add-camera`);
    const previous = stored.find((c) => c.id === id) ?? deps.cameras().find((c) => c.id === id);

    const name = str(args, 'name') ?? previous?.name ?? id;
    const onvif = onvifArgs(args);
    let onboarded: Onboarded;
    if (onvif !== undefined) {
      onboarded = await cameraFromOnvif({ id, name, ...onvif });
    } else {
      const main = str(args, 'main') ?? previous?.main;
      if (main === undefined) throw badArgs('give args.onvif (the device service URL) or args.main (an rtsp:// URL)');
      const sub = str(args, 'sub') ?? (previous as StoredCamera | undefined)?.sub;
      const fresh = cameraFromRtsp({ id, name, main, sub, username: str(args, 'username'), password: optionalSecret(args, 'password') });
      // An update that changes only the name or a URL keeps the rest (ONVIF service, snapshot URI).
      onboarded = { camera: mode === 'update' ? { ...(previous as StoredCamera | undefined), ...fresh } : fresh };
    }
    const camera = onboarded.camera;
    const list = upsertCamera(stored, camera);
    await writeCameraList(deps.camerasFile, list);
    log.info({ cameraId: id, mode }, 'camera list changed');
    await deps.onCamerasChanged?.(list);
    return { camera: publicCamera(onboarded) };
  }

  async function ptz(args: Readonly<Record<string, unknown>>): Promise<unknown> {
    const cameraId = str(args, 'cameraId', true);
    const camera = (await readCameraList(deps.camerasFile)).find((c) => c.id === cameraId);
    if (!camera?.onvif) throw new EdgeError(EdgeErrorCode.unknownCamera, `camera ${cameraId} has no ONVIF service on record (add it with args.onvif)`);
    const action = str(args, 'action') ?? 'move';
    if (action !== 'move' && action !== 'stop') throw badArgs('args.action must be move or stop');
    const move = action === 'move' ? { x: velocity(args, 'x'), y: velocity(args, 'y'), zoom: velocity(args, 'zoom') } : undefined;
    const timeoutMs = args.timeoutMs;
    if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs >= 100 && timeoutMs <= 60_000))) throw badArgs('args.timeoutMs must be a number from 100 to 60000 (ms)');
    const connection = await connectOnvif({ url: camera.onvif.url, username: camera.onvif.username, password: camera.onvif.password });
    const token = camera.onvif.profileToken;
    if (move === undefined) {
      await ptzStop(connection, token);
      // Where the head stopped, for the console; a camera without GetStatus still stopped.
      const position = await ptzPosition(connection, token).catch(() => undefined);
      return { stopped: true, ...(position ? { position } : {}) };
    }
    await ptzMove(connection, { ...move, ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(token ? { profileToken: token } : {}) });
    return { moving: move };
  }

  async function liveStart(args: Readonly<Record<string, unknown>>): Promise<unknown> {
    const cameraId = str(args, 'cameraId', true);
    const url = str(args, 'url', true);
    if (!/^rtmps?:\/\//.test(url)) throw badArgs('args.url must be an rtmp:// URL');
    await deps.live!.push(cameraId, await cameraUrl(cameraId), url);
    return { cameraId, pushing: true };
  }

  async function liveStop(args: Readonly<Record<string, unknown>>): Promise<unknown> {
    const cameraId = str(args, 'cameraId', true);
    return { cameraId, stopped: await deps.live!.stopPush(cameraId) };
  }

  return async (command: CommandMessage) => {
    switch (command.command) {
      case 'snapshot':
        return snapshot(command.args);
      case 'discover':
        return discoverCommand(command.args);
      case 'add-camera':
        return storeCamera(command.args, 'add');
      case 'update-camera':
        return storeCamera(command.args, 'update');
      case 'ptz':
        return ptz(command.args);
      case 'live-start':
      case 'live-stop':
        if (deps.live) return command.command === 'live-start' ? liveStart(command.args) : liveStop(command.args);
        throw new EdgeError(EdgeErrorCode.notSupported, `${command.command} is not supported by this agent (built without live pushes)`);
      default:
        throw new EdgeError(EdgeErrorCode.commandUnknown, `unknown command ${JSON.stringify(command.command)}`);
    }
  };
}
