import { createHash } from 'node:crypto';
import { segmentKey } from '@argus/core';
import type { Logger } from '@argus/runtime';
import { grabJpeg } from '../adapters/ffmpeg/grab-jpeg.js';
import { redactCredentials } from '@argus/core';
import { connectOnvif, hasPtz, ptzGotoPreset, ptzMove, ptzPosition, ptzPresets, ptzStop, readStreams } from '../adapters/onvif/onvif-camera.js';
import { withCredentials } from '../adapters/onvif/onvif-urls.js';
import { discoverOnvif, type DiscoveredDevice, type DiscoverOptions } from '../adapters/onvif/onvif-discovery.js';
import type { CloudClient } from '../adapters/uplink/cloud-client.js';
import type { CameraRecord, CameraRegistry } from '../camera/camera-registry.js';
import { DEFAULT_DETECTION } from '@argus/contracts';
import { EdgeError, EdgeErrorCode } from '../errors.js';
import type { CommandHandler } from './control-client.js';
import { commandArgsProblem, MAX_DISCOVERY_MS, MAX_PREVIEW_BYTES, type CommandArgs, type CommandMessage, type CommandResult, type CommandType } from '@argus/contracts';
import { cameraFromOnvif, cameraFromRtsp, publicCamera, type Onboarded } from './onboard-camera.js';
import type { LivePushes } from './live-pushes.js';

export interface CommandDeps {
  readonly orgId: string;
  readonly client: Pick<CloudClient, 'requestUpload' | 'putObject'>;
  readonly ffmpegPath: string;
  /** The agent's cameras: what commands read, and what camera commands change (it applies and persists). */
  readonly registry: CameraRegistry;
  readonly discover?: (options: DiscoverOptions) => Promise<DiscoveredDevice[]>;
  readonly logger: Logger;
  /** Clock, epoch ms (snapshot keys). */
  readonly now?: () => number;
  /** ffmpeg's limit for one snapshot (ms). */
  readonly snapshotTimeoutMs?: number;
  /** The agent's live pushes; without them live-start / live-stop answer EDGE_ERR_NOT_SUPPORTED. */
  readonly live?: LivePushes;
}

const badArgs = (message: string): EdgeError => new EdgeError(EdgeErrorCode.commandArgs, message);

/** The command's arguments, checked against its contract; EDGE_ERR_COMMAND_ARGS naming the field otherwise. */
function argsOf<C extends CommandType>(command: C, args: unknown): CommandArgs<C> {
  const problem = commandArgsProblem(command, args);
  if (problem !== undefined) throw badArgs(problem);
  return args as CommandArgs<C>;
}

/** `onvif` as the device URL with `username` / `password` beside it (what the console's wizard sends), or as `{ url, username?, password? }`. */
function onvifArgs(args: CommandArgs<'add-camera'>): { url: string; username: string | undefined; password: string | undefined } | undefined {
  const onvif = args.onvif;
  if (onvif === undefined) return undefined;
  if (typeof onvif === 'string') return { url: onvif, username: args.username, password: args.password };
  return { url: onvif.url, username: onvif.username, password: onvif.password };
}

/**
 * The agent's command handlers (docs/api.md, control channel): snapshot,
 * discover, probe-camera, add-camera / update-camera, configure-detection, ptz,
 * live-start / live-stop (when the agent has live pushes). Camera commands
 * change the camera registry, which persists the change and applies it to
 * the running cameras.
 */
export function createCommandHandler(deps: CommandDeps): CommandHandler {
  const now = deps.now ?? Date.now;
  const log = deps.logger.child({ component: 'commands' });
  const discover = deps.discover ?? discoverOnvif;

  const { registry } = deps;
  const cameraUrl = (cameraId: string): string => registry.require(cameraId).main;

  async function snapshot(args: CommandArgs<'snapshot'>): Promise<CommandResult<'snapshot'>> {
    const { cameraId } = args;
    const jpeg = await grabJpeg(deps.ffmpegPath, cameraUrl(cameraId), deps.snapshotTimeoutMs ?? 10_000);
    // A snapshot key is a media key of the camera with the .jpg extension: the cloud's upload-URL flow and media route take it as is.
    const key = segmentKey({ orgId: deps.orgId, cameraId, stream: 'main', startsAt: now(), ext: 'jpg' });
    const sha256 = createHash('sha256').update(jpeg).digest('hex');
    const target = await deps.client.requestUpload({ key, bytes: jpeg.length, sha256 });
    await deps.client.putObject(target, jpeg);
    log.info({ cameraId, key, bytes: jpeg.length }, 'snapshot uploaded');
    return { key, bytes: jpeg.length, sha256, contentType: 'image/jpeg' };
  }

  async function discoverCommand(args: CommandArgs<'discover'>): Promise<CommandResult<'discover'>> {
    const timeoutMs = args.timeoutMs === undefined ? 3000 : Math.min(Math.max(100, args.timeoutMs), MAX_DISCOVERY_MS);
    const devices = await discover({ timeoutMs, ...(args.targets ? { targets: args.targets } : {}) });
    return {
      devices: devices.map((d) => ({
        urn: d.urn, xaddrs: [...d.xaddrs], scopes: [...d.scopes],
        ...(d.name === undefined ? {} : { name: d.name }),
        ...(d.hardware === undefined ? {} : { hardware: d.hardware }),
      })),
    };
  }

  /** What the wizard shows before adding: profiles and chosen streams (ONVIF) and a preview JPEG; nothing stored. */
  async function probeCamera(args: CommandArgs<'probe-camera'>): Promise<CommandResult<'probe-camera'>> {
    const { username, password } = args;
    let found: Omit<CommandResult<'probe-camera'>, 'preview'>;
    let previewUrl: string;
    if (args.onvif !== undefined) {
      const connection = await connectOnvif({ url: args.onvif, username, password });
      const streams = await readStreams(connection);
      const detect = streams.sub ?? streams.main;
      found = {
        profiles: streams.profiles.map((p) => ({ token: p.token, name: p.name, width: p.width, height: p.height, ...(p.encoding === undefined ? {} : { encoding: p.encoding }) })),
        record: streams.main.profile.token,
        detect: detect.profile.token,
        ptz: hasPtz(connection),
        main: redactCredentials(streams.main.uri),
        ...(streams.sub ? { sub: redactCredentials(streams.sub.uri) } : {}),
      };
      previewUrl = withCredentials(detect.uri, username, password);
    } else if (args.main !== undefined) {
      const camera = cameraFromRtsp({ id: 'probe', name: 'probe', main: args.main, sub: args.sub, username, password });
      found = { profiles: [], ptz: false, main: redactCredentials(camera.main), ...(camera.sub ? { sub: redactCredentials(camera.sub) } : {}) };
      previewUrl = camera.sub ?? camera.main;
    } else {
      throw badArgs('give args.onvif (the device service URL) or args.main (an rtsp:// URL)');
    }
    if (!args.preview) return found;
    const jpeg = await grabJpeg(deps.ffmpegPath, previewUrl, deps.snapshotTimeoutMs ?? 10_000);
    // Too big for one control frame: the wizard goes on without a picture rather than failing.
    if (jpeg.length > MAX_PREVIEW_BYTES) return found;
    return { ...found, preview: { contentType: 'image/jpeg', base64: jpeg.toString('base64'), bytes: jpeg.length } };
  }

  async function storeCamera(args: CommandArgs<'add-camera'>, mode: 'add' | 'update'): Promise<CommandResult<'add-camera'>> {
    const { id } = args;
    const previous = registry.get(id);
    if (mode === 'add' && previous) throw badArgs(`camera ${id} exists; use update-camera`);
    if (mode === 'update' && !previous) throw new EdgeError(EdgeErrorCode.unknownCamera, `no camera ${id} on this agent; use add-camera`);

    const name = args.name ?? previous?.name ?? id;
    const onvif = onvifArgs(args);
    let onboarded: Onboarded;
    if (onvif !== undefined) {
      onboarded = await cameraFromOnvif({ id, name, ...onvif });
    } else {
      const main = args.main ?? previous?.main;
      if (main === undefined) throw badArgs('give args.onvif (the device service URL) or args.main (an rtsp:// URL)');
      const sub = args.sub ?? previous?.sub;
      const fresh = cameraFromRtsp({ id, name, main, sub, username: args.username, password: args.password });
      // An update that changes only the name or a URL keeps the rest (ONVIF service, snapshot URI, detection settings).
      onboarded = { camera: mode === 'update' ? { ...previous, ...fresh } : fresh };
    }
    const record: CameraRecord = { ...onboarded.camera, detect: onboarded.camera.detect ?? previous?.detect ?? { ...DEFAULT_DETECTION } };
    await registry.upsert(record, mode);
    return { camera: publicCamera(onboarded) };
  }

  async function configureDetection(args: CommandArgs<'configure-detection'>): Promise<CommandResult<'configure-detection'>> {
    const { stream } = await registry.configureDetection(args.cameraId, args.detection);
    return { cameraId: args.cameraId, stream };
  }

  async function ptz(args: CommandArgs<'ptz'>): Promise<CommandResult<'ptz'>> {
    const { cameraId } = args;
    const camera = registry.get(cameraId);
    if (!camera?.onvif) throw new EdgeError(EdgeErrorCode.unknownCamera, `camera ${cameraId} has no ONVIF service on record (add it with args.onvif)`);
    const action = args.action ?? 'move';
    if (action === 'goto-preset' && args.preset === undefined) throw badArgs('goto-preset needs args.preset (a token from the presets action)');
    const move = action === 'move' ? { x: args.x ?? 0, y: args.y ?? 0, zoom: args.zoom ?? 0 } : undefined;
    const timeoutMs = args.timeoutMs;
    const connection = await connectOnvif({ url: camera.onvif.url, username: camera.onvif.username, password: camera.onvif.password });
    const token = camera.onvif.profileToken;
    if (action === 'presets') return { presets: await ptzPresets(connection, token) };
    if (action === 'goto-preset') {
      await ptzGotoPreset(connection, args.preset!, token);
      return { preset: args.preset! };
    }
    if (move === undefined) {
      await ptzStop(connection, token);
      // Where the head stopped, for the console; a camera without GetStatus still stopped.
      const position = await ptzPosition(connection, token).catch(() => undefined);
      return { stopped: true as const, ...(position ? { position } : {}) };
    }
    await ptzMove(connection, { ...move, ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(token ? { profileToken: token } : {}) });
    return { moving: move };
  }

  async function liveStart(live: LivePushes, { cameraId, url, stream = 'main', relay }: CommandArgs<'live-start'>): Promise<CommandResult<'live-start'>> {
    // A camera without a sub stream pushes its main one for a sub request: the viewer still sees the camera.
    const sub = stream === 'sub' ? registry.require(cameraId).sub : undefined;
    const input = sub ?? cameraUrl(cameraId);
    // From the camera's running copy of the stream when it holds a keyframe (a picture at once), else from the camera.
    const tapStream = sub === undefined ? 'main' : 'sub';
    const primed = registry.liveTap(cameraId, tapStream)?.primed === true;
    await live.push(cameraId, input, url, stream, relay, primed ? () => registry.liveTap(cameraId, tapStream) : undefined);
    return { cameraId, pushing: true };
  }

  async function liveStop(live: LivePushes, { cameraId, stream = 'main', relay }: CommandArgs<'live-stop'>): Promise<CommandResult<'live-stop'>> {
    return { cameraId, stopped: await live.stopPush(cameraId, stream, relay) };
  }

  return async (command: CommandMessage) => {
    switch (command.command) {
      case 'snapshot':
        return snapshot(argsOf('snapshot', command.args));
      case 'discover':
        return discoverCommand(argsOf('discover', command.args));
      case 'probe-camera':
        return probeCamera(argsOf('probe-camera', command.args));
      case 'add-camera':
        return storeCamera(argsOf('add-camera', command.args), 'add');
      case 'update-camera':
        return storeCamera(argsOf('update-camera', command.args), 'update');
      case 'configure-detection':
        return configureDetection(argsOf('configure-detection', command.args));
      case 'ptz':
        return ptz(argsOf('ptz', command.args));
      case 'live-start':
      case 'live-stop': {
        const live = deps.live;
        if (!live) throw new EdgeError(EdgeErrorCode.notSupported, `${command.command} is not supported by this agent (built without live pushes)`);
        return command.command === 'live-start' ? liveStart(live, argsOf('live-start', command.args)) : liveStop(live, argsOf('live-stop', command.args));
      }
      default:
        throw new EdgeError(EdgeErrorCode.commandUnknown, `unknown command ${JSON.stringify(command.command)}`);
    }
  };
}
