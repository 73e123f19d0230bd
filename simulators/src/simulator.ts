import { assertSlug, isArgusError, redactCredentials } from '@argus/core';
import { createLogger, type Logger, type Service } from '@argus/runtime';
import { prepareAudio } from './audio/prepare-audio.js';
import { ControlServer } from './control/control-server.js';
import type { ActiveFault } from './faults/camera-faults.js';
import { FaultController } from './faults/fault-controller.js';
import { FaultInputError, parseFault, type Fault, type FaultKind } from './faults/fault-spec.js';
import type { AacStream } from './rtp/aac-adts.js';
import { extendMount, type RtspMount } from './rtsp/rtsp-mount.js';
import { RtspServer } from './rtsp/rtsp-server.js';
import { DEFAULT_CACHE_DIR, loadScene, prepareScene } from './scene/prepare-scene.js';
import type { SceneFrames } from './scene/scene-frames.js';
import { SceneSource } from './scene/scene-source.js';
import { monotonicEpochMs, SceneTimeline } from './scene/scene-timeline.js';
import { prepareGroundTruth } from './ground-truth/ground-truth-store.js';
import type { SceneGroundTruth } from './ground-truth/ground-truth.js';
import { SUB_STREAM_SIZE, toSceneInput, type PictureSize, type SceneInput } from './scene/scene-spec.js';
import { CAMERA_STREAMS, SimulatedCamera, type CameraConfig, type CameraStream, type CameraUrls } from './simulated-camera.js';
import { SIM_ERRORS, simError } from './simulator-errors.js';
import { endpointUuid } from './discovery/ws-discovery-messages.js';
import { DiscoveryResponder, WS_DISCOVERY_PORT } from './discovery/ws-discovery-responder.js';
import { cameraScopes } from './onvif/onvif-device.js';
import type { MotionSource } from './onvif/onvif-events.js';
import { DEFAULT_ONVIF_PORT, OnvifServer } from './onvif/onvif-server.js';

export interface SimulatorOptions {
  readonly cameras: readonly CameraConfig[];
  /** TCP port of the RTSP server; 0 picks an ephemeral one (read `port` after start). Default 8554. */
  readonly port?: number;
  /** Address to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** Encoded scene cache; default `<tmpdir>/argus-sim-cache` (used by prepare-scene). */
  readonly cacheDir?: string;
  readonly logger?: Logger;
  /** Announced session timeout and idle limit, seconds; default 60 (used by rtsp-server). */
  readonly sessionTimeoutSeconds?: number;
  /** Per-client send backlog before frames are dropped until the next IDR, bytes; default 2 MiB (used by rtsp-session). */
  readonly maxBufferedBytes?: number;
  /** HTTP control API port (faults, status); 0 = ephemeral; undefined = no control API (used by control-server). */
  readonly controlPort?: number;
  /** Control API listen address; default 127.0.0.1 (it can change credentials: keep it off the open network). */
  readonly controlHost?: string;
  /**
   * ONVIF HTTP port (device, media, PTZ, events and snapshots of every camera);
   * 0 = ephemeral. Default 8000, or 0 when `port` is 0 so parallel test
   * simulators never collide (used by onvif-server).
   */
  readonly onvifPort?: number;
  /**
   * WS-Discovery responder; undefined = off. `port` default 3702 (0 = ephemeral,
   * for unicast probes); `multicast` joins 239.255.255.250, default false (used by ws-discovery-responder).
   */
  readonly discovery?: { readonly port?: number; readonly multicast?: boolean };
  /** Replaces a camera's motion source for ONVIF events (tests); default: the scene's ground truth (used by onvif-server). */
  readonly motionSource?: (cameraId: string) => MotionSource | undefined;
  /**
   * Stamp every access unit with its send time (an SEI user-data NAL unit,
   * core/send-time-sei.ts), so a viewer can measure glass-to-glass latency;
   * default false (used by scene-source; bench:live turns it on).
   */
  readonly stampSendTime?: boolean;
}

export const DEFAULT_RTSP_PORT = 8554; // used by createSimulator and the CLI
export const DEFAULT_HOST = '127.0.0.1'; // used by createSimulator and the CLI

/** A running set of simulated cameras behind one RTSP port. */
export interface Simulator extends Service {
  /** The RTSP port (the ephemeral one when configured as 0); 0 before start. */
  readonly port: number;
  readonly host: string;
  cameraIds(): string[];
  /** `rtsp://user:pass@host:port/<id>/main` and `/sub`. Throws SIM_ERR_NOT_STARTED before start. */
  cameraUrls(id: string): CameraUrls;
  /** Fault hook: offline closes the camera's connections and refuses new ones until back online. */
  setCameraOnline(id: string, online: boolean): void;
  isCameraOnline(id: string): boolean;
  /** Sessions currently playing any stream of the camera (for tests and health checks). */
  playingSessions(id: string): number;
  /** The camera at runtime: scene timeline (`sceneTimeSec`), `groundTruth`, `motionSource`. Throws before start. */
  camera(id: string): SimulatedCamera;
  /**
   * Puts the camera into a fault (replacing one of the same kind). Validated
   * like control API input: throws SIM_ERR_FAULT_INVALID on a bad fault.
   */
  setFault(id: string, fault: Fault): void;
  /** Ends a fault and undoes its effect; false when it was not active. */
  clearFault(id: string, kind: FaultKind): boolean;
  /** The camera's active faults (credentials with the password). */
  faults(id: string): ActiveFault[];
  /** The control API port (the ephemeral one when configured as 0); 0 when disabled or before start. */
  readonly controlPort: number;
  /** The ONVIF HTTP port (the ephemeral one when configured as 0); 0 before start. */
  readonly onvifPort: number;
  /** The WS-Discovery UDP port; 0 when discovery is off or before start. */
  readonly discoveryPort: number;
}

/** Checks options once, up front, so a bad config fails with one clear SIM_ERR_CONFIG message. */
export function validateSimulatorOptions(options: SimulatorOptions): void {
  const fail = (message: string): never => {
    throw simError(SIM_ERRORS.config, message);
  };
  if (options.cameras.length === 0) fail('at least one camera is needed');
  const seen = new Set<string>();
  for (const camera of options.cameras) {
    try {
      assertSlug('camera', camera.id);
    } catch (err) {
      fail(isArgusError(err) ? err.message : String(err));
    }
    if (seen.has(camera.id)) fail(`camera id ${camera.id} is used twice`);
    seen.add(camera.id);
    if ((camera.username === undefined) !== (camera.password === undefined)) {
      fail(`camera ${camera.id}: give both username and password, or neither`);
    }
    if (camera.username !== undefined && (camera.username.length === 0 || camera.username.includes(':'))) {
      fail(`camera ${camera.id}: username must be non-empty and must not contain ':'`);
    }
  }
  const port = options.port ?? DEFAULT_RTSP_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`port must be an integer from 0 to 65535, got ${port}`);
  const controlPort = options.controlPort;
  if (controlPort !== undefined && (!Number.isInteger(controlPort) || controlPort < 0 || controlPort > 65535)) {
    fail(`controlPort must be an integer from 0 to 65535, got ${controlPort}`);
  }
  for (const [name, value] of [['onvifPort', options.onvifPort], ['discovery.port', options.discovery?.port]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 65535)) fail(`${name} must be an integer from 0 to 65535, got ${value}`);
  }
  const timeout = options.sessionTimeoutSeconds ?? 60;
  if (!(Number.isInteger(timeout) && timeout >= 1)) fail(`sessionTimeoutSeconds must be a positive integer, got ${timeout}`);
}

function sceneKey(input: SceneInput, size: PictureSize | undefined): string {
  return JSON.stringify({ input, size });
}

/** Address clients should use: a wildcard listen address is reached through loopback. */
function advertisedHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

/**
 * Builds the simulator: `start()` prepares (encodes or reuses) every distinct
 * scene, loads it, then listens; `stop()` closes the server and every client.
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  validateSimulatorOptions(options);
  const baseLog = options.logger ?? createLogger({ name: 'argus-sim' });
  const log = baseLog.child({ component: 'simulator' });
  const host = options.host ?? DEFAULT_HOST;
  const cameras = new Map<string, SimulatedCamera>();
  const sources: SceneSource[] = [];
  let server: RtspServer | undefined;
  let control: ControlServer | undefined;
  let onvif: OnvifServer | undefined;
  let discovery: DiscoveryResponder | undefined;
  const faultController = new FaultController({ log });
  // One extended mount per camera stream (audio, fault behaviour): sessions compare mounts by identity.
  const mounts = new Map<string, RtspMount>();
  let starting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  const cameraOf = (id: string): SimulatedCamera => {
    const camera = cameras.get(id);
    if (camera) return camera;
    if (!options.cameras.some((c) => c.id === id)) throw simError(SIM_ERRORS.unknownCamera, `no camera ${JSON.stringify(id)}`);
    throw simError(SIM_ERRORS.notStarted, 'the simulator is not started');
  };

  // Ground truth of each distinct scene (main-stream coordinates), by sceneKey(input, undefined).
  const truths = new Map<string, SceneGroundTruth | undefined>();

  async function prepareAll(): Promise<Map<string, SceneFrames>> {
    const loaded = new Map<string, SceneFrames>();
    for (const camera of options.cameras) {
      const input = toSceneInput(camera.scene);
      for (const size of [undefined, SUB_STREAM_SIZE]) {
        const key = sceneKey(input, size);
        if (loaded.has(key)) continue;
        // One encode at a time: libx264 already uses every core, and the hosts running this are small.
        const prepared = await prepareScene({ input, size, cacheDir: options.cacheDir ?? DEFAULT_CACHE_DIR, log });
        const frames = await loadScene(prepared);
        log.info({ file: prepared.file, cached: prepared.cached, width: frames.width, height: frames.height, frames: frames.frames.length }, 'scene ready');
        loaded.set(key, frames);
        if (size === undefined) {
          // Computed once per scene and cached beside it; a failure only costs the camera its ground truth.
          truths.set(key, await prepareGroundTruth({ input, prepared, log }).catch((err: unknown) => {
            log.warn({ err, file: prepared.file }, 'scene ground truth unavailable');
            return undefined;
          }));
        }
      }
    }
    return loaded;
  }

  /** The AAC track of each distinct file scene, for the main streams (undefined: video only). */
  async function prepareAllAudio(): Promise<Map<string, AacStream | undefined>> {
    const audio = new Map<string, AacStream | undefined>();
    for (const camera of options.cameras) {
      const input = toSceneInput(camera.scene);
      const key = JSON.stringify(input);
      if (audio.has(key)) continue;
      audio.set(
        key,
        await prepareAudio({ input, cacheDir: options.cacheDir ?? DEFAULT_CACHE_DIR, log }).catch((err: unknown) => {
          log.warn({ err }, 'scene audio unavailable; serving video only');
          return undefined;
        }),
      );
    }
    return audio;
  }

  async function start(): Promise<void> {
    const scenes = await prepareAll();
    const audio = await prepareAllAudio();
    if (stopping) return;
    for (const config of options.cameras) {
      const input = toSceneInput(config.scene);
      const streamSources = {} as Record<CameraStream, SceneSource>;
      // One timeline per camera, from its start: main, sub and ONVIF agree on what the camera sees.
      const timeline = new SceneTimeline(monotonicEpochMs());
      for (const stream of CAMERA_STREAMS) {
        const frames = scenes.get(sceneKey(input, stream === 'main' ? undefined : SUB_STREAM_SIZE))!;
        // A clock per mount: cameras sharing a scene are still independent encoders.
        const source = new SceneSource(frames, { timeline, stampSendTime: options.stampSendTime ?? false, log: log.child({ cameraId: config.id, stream }) });
        sources.push(source);
        streamSources[stream] = source;
      }
      const camera = new SimulatedCamera(config, streamSources, { timeline, groundTruth: truths.get(sceneKey(input, undefined)) });
      cameras.set(config.id, camera);
      faultController.addCamera({
        id: config.id,
        configuredCredentials: config.username !== undefined && config.password !== undefined ? { username: config.username, password: config.password } : undefined,
        setOnline: (online) => {
          if (camera.isOnline === online) return;
          camera.setOnline(online);
          const closed = online ? 0 : (server?.closeCameraConnections(config.id) ?? 0) + (onvif?.closeCameraConnections(config.id) ?? 0);
          log.info({ cameraId: config.id, online, closedConnections: closed }, online ? 'camera back online' : 'camera offline');
        },
        setCredentials: (credentials) => camera.setCredentials(credentials),
        setClockOffsetMs: (offsetMs) => camera.setClockOffsetMs(offsetMs),
        nowMs: () => camera.nowMs(),
      });
      const behaviour = faultController.behaviour(config.id);
      for (const stream of CAMERA_STREAMS) {
        // Audio on main only: the sub stream is what a camera offers to low-bandwidth viewers.
        const streamAudio = stream === 'main' ? audio.get(JSON.stringify(input)) : undefined;
        mounts.set(`${config.id}/${stream}`, extendMount(camera.mount(stream)!, { behaviour, ...(streamAudio ? { audio: streamAudio } : {}) }));
      }
    }
    server = new RtspServer({
      host,
      port: options.port ?? DEFAULT_RTSP_PORT,
      resolveMount: (cameraId, stream) => mounts.get(`${cameraId}/${stream}`),
      sessionTimeoutSeconds: options.sessionTimeoutSeconds,
      maxBufferedBytes: options.maxBufferedBytes,
      log: baseLog,
    });
    await server.start();
    const rtsp = server;
    onvif = new OnvifServer({
      host,
      port: options.onvifPort ?? (options.port === 0 ? 0 : DEFAULT_ONVIF_PORT),
      advertisedHost: advertisedHost(host),
      camera: (id) => cameras.get(id),
      rtspPort: () => rtsp.port,
      sceneInput: (id) => toSceneInput(options.cameras.find((c) => c.id === id)?.scene),
      motionSource: options.motionSource,
      sessionTimeoutSeconds: options.sessionTimeoutSeconds,
      log: baseLog,
    });
    await onvif.start();
    if (options.discovery) {
      const onvifServer = onvif;
      discovery = new DiscoveryResponder({
        port: options.discovery.port ?? WS_DISCOVERY_PORT,
        host,
        multicast: options.discovery.multicast ?? false,
        // Offline cameras stay silent, like a camera without power.
        devices: () =>
          [...cameras.values()]
            .filter((c) => c.isOnline)
            .map((c) => ({ endpoint: endpointUuid(c.id), scopes: cameraScopes(c.id), xaddrs: [onvifServer.deviceUrl(c.id)], metadataVersion: 1 })),
        log: baseLog,
      });
      await discovery.start();
    }
    if (options.controlPort !== undefined) {
      control = new ControlServer({ host: options.controlHost ?? DEFAULT_HOST, port: options.controlPort, target: simulator, log: baseLog });
      await control.start();
    }
    for (const camera of cameras.values()) {
      log.info({ cameraId: camera.id, main: redactCredentials(camera.urls(advertisedHost(host), server.port).main) }, 'camera serving');
    }
  }

  const simulator: Simulator = {
    get port() {
      return server?.port ?? 0;
    },
    get controlPort() {
      return control?.port ?? 0;
    },
    get onvifPort() {
      return onvif?.port ?? 0;
    },
    get discoveryPort() {
      return discovery?.port ?? 0;
    },
    host,
    start() {
      if (stopping) return Promise.reject(simError(SIM_ERRORS.notStarted, 'the simulator was stopped; create a new one'));
      starting ??= start();
      return starting;
    },
    stop() {
      stopping ??= (async () => {
        // Let a start in progress finish its awaits first, so nothing listens after stop resolves.
        await starting?.catch(() => undefined);
        faultController.close();
        await control?.stop();
        await discovery?.stop();
        await onvif?.stop();
        await server?.stop();
        for (const source of sources) source.close();
        log.info('simulator stopped');
      })();
      return stopping;
    },
    cameraIds() {
      return options.cameras.map((c) => c.id);
    },
    cameraUrls(id) {
      const camera = cameraOf(id);
      if (!server || server.port === 0) throw simError(SIM_ERRORS.notStarted, 'the simulator is not listening yet');
      return { ...camera.urls(advertisedHost(host), server.port), onvif: onvif!.deviceUrl(id) };
    },
    setCameraOnline(id, online) {
      cameraOf(id);
      // The offline fault under another name; online also ends a reboot early.
      if (online) {
        faultController.clear(id, 'offline');
        faultController.clear(id, 'reboot');
      } else {
        faultController.set(id, { kind: 'offline' });
      }
    },
    isCameraOnline(id) {
      return cameraOf(id).isOnline;
    },
    playingSessions(id) {
      return cameraOf(id).playingSessions;
    },
    camera(id) {
      return cameraOf(id);
    },
    setFault(id, fault) {
      cameraOf(id);
      let checked: Fault;
      try {
        // Library callers get the same validation as the control API.
        checked = parseFault(String((fault as { kind?: unknown }).kind), fault);
      } catch (err) {
        if (err instanceof FaultInputError) throw simError(SIM_ERRORS.faultInvalid, `camera ${id}: fault ${err.message}`, err);
        throw err;
      }
      faultController.set(id, checked);
    },
    clearFault(id, kind) {
      cameraOf(id);
      return faultController.clear(id, kind);
    },
    faults(id) {
      cameraOf(id);
      return faultController.list(id);
    },
  };
  return simulator;
}
