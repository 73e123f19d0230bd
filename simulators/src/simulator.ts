import { assertSlug, isArgusError, redactCredentials } from '@argus/core';
import { createLogger, type Logger, type Service } from '@argus/runtime';
import { RtspServer } from './rtsp/rtsp-server.js';
import { DEFAULT_CACHE_DIR, loadScene, prepareScene } from './scene/prepare-scene.js';
import type { SceneFrames } from './scene/scene-frames.js';
import { SceneSource } from './scene/scene-source.js';
import { SUB_STREAM_SIZE, toSceneInput, type PictureSize, type SceneInput } from './scene/scene-spec.js';
import { CAMERA_STREAMS, SimulatedCamera, type CameraConfig, type CameraStream, type CameraUrls } from './simulated-camera.js';
import { SIM_ERRORS, simError } from './simulator-errors.js';

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
  let starting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  const cameraOf = (id: string): SimulatedCamera => {
    const camera = cameras.get(id);
    if (camera) return camera;
    if (!options.cameras.some((c) => c.id === id)) throw simError(SIM_ERRORS.unknownCamera, `no camera ${JSON.stringify(id)}`);
    throw simError(SIM_ERRORS.notStarted, 'the simulator is not started');
  };

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
      }
    }
    return loaded;
  }

  async function start(): Promise<void> {
    const scenes = await prepareAll();
    if (stopping) return;
    for (const config of options.cameras) {
      const input = toSceneInput(config.scene);
      const streamSources = {} as Record<CameraStream, SceneSource>;
      for (const stream of CAMERA_STREAMS) {
        const frames = scenes.get(sceneKey(input, stream === 'main' ? undefined : SUB_STREAM_SIZE))!;
        // A clock per mount: cameras sharing a scene are still independent encoders.
        const source = new SceneSource(frames, { log: log.child({ cameraId: config.id, stream }) });
        sources.push(source);
        streamSources[stream] = source;
      }
      cameras.set(config.id, new SimulatedCamera(config, streamSources));
    }
    server = new RtspServer({
      host,
      port: options.port ?? DEFAULT_RTSP_PORT,
      resolveMount: (cameraId, stream) => cameras.get(cameraId)?.mount(stream),
      sessionTimeoutSeconds: options.sessionTimeoutSeconds,
      maxBufferedBytes: options.maxBufferedBytes,
      log: baseLog,
    });
    await server.start();
    for (const camera of cameras.values()) {
      log.info({ cameraId: camera.id, main: redactCredentials(camera.urls(advertisedHost(host), server.port).main) }, 'camera serving');
    }
  }

  return {
    get port() {
      return server?.port ?? 0;
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
      return camera.urls(advertisedHost(host), server.port);
    },
    setCameraOnline(id, online) {
      const camera = cameraOf(id);
      if (camera.isOnline === online) return;
      camera.setOnline(online);
      const closed = online ? 0 : (server?.closeCameraConnections(id) ?? 0);
      log.info({ cameraId: id, online, closedConnections: closed }, online ? 'camera back online' : 'camera offline');
    },
    isCameraOnline(id) {
      return cameraOf(id).isOnline;
    },
    playingSessions(id) {
      return cameraOf(id).playingSessions;
    },
  };
}
