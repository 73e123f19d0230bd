import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ffmpegBinaries, type Logger, type Service } from '@argus/runtime';
import { RtspAuthenticator, type RtspAuthPolicy } from '../rtsp/rtsp-auth.js';
import type { SceneFrames } from '../scene/scene-frames.js';
import type { SceneInput } from '../scene/scene-spec.js';
import type { CameraStream, SimulatedCamera } from '../simulated-camera.js';
import { SIM_ERRORS, simError } from '../simulator-errors.js';
import type { OnvifContext, OnvifServiceUrls, OperationHandler } from './onvif-context.js';
import { DEVICE_PRE_AUTH, deviceOperations } from './onvif-device.js';
import { eventsOperations, PullPointHub, subscriptionOperations, type EventsContext, type MotionSource } from './onvif-events.js';
import { mediaOperations } from './onvif-media.js';
import { ptzOperations } from './onvif-ptz.js';
import { DEFAULT_PTZ_PRESETS, initialPtzState, positionAt, type PtzPreset, type PtzState } from './ptz-state.js';
import { sceneMotionSource } from './scene-motion.js';
import { SnapshotDecoder } from './snapshot-decoder.js';
import { FAULTS, parseSoapRequest, SoapFault, soapEnvelope, soapFaultEnvelope, type SoapRequest } from './soap-envelope.js';
import { DEFAULT_CREATED_TOLERANCE_MS, NonceCache, verifyUsernameToken } from './ws-security.js';

/** Largest SOAP request accepted, bytes; default 64 KiB (used by OnvifServer). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_ONVIF_PORT = 8000; // used by createSimulator and the CLI
const REALM = 'Argus Simulator';

export interface OnvifServerOptions {
  readonly host: string;
  /** 0 picks an ephemeral port (read `port` after start). */
  readonly port: number;
  /** Host written into XAddrs and URIs (a wildcard listen address is reached through loopback). */
  readonly advertisedHost: string;
  readonly camera: (id: string) => SimulatedCamera | undefined;
  /** The RTSP server's port, for GetStreamUri. */
  readonly rtspPort: () => number;
  /** Scene of a camera, for the fallback motion table. */
  readonly sceneInput: (id: string) => SceneInput;
  /** Overrides a camera's motion source (default: its scene ground truth, else the scene-motion table). */
  readonly motionSource?: (id: string) => MotionSource | undefined;
  /** RTSP session timeout, announced in encoder configurations; default 60. */
  readonly sessionTimeoutSeconds?: number;
  readonly maxBodyBytes?: number;
  /** WS-Security Created tolerance, ms; default 5 min (used by ws-security). */
  readonly createdToleranceMs?: number;
  /** Motion sampling period for pull points, ms; default 100 (used by PullPointHub). */
  readonly motionPollMs?: number;
  readonly log?: Logger;
}

type ServiceName = 'device' | 'media' | 'ptz' | 'events' | 'subscription';

interface Route {
  readonly cameraId: string;
  readonly kind: ServiceName | 'snapshot';
  readonly subscriptionId?: string;
}

const SERVICE_PATHS: Readonly<Record<string, ServiceName | 'snapshot'>> = {
  device_service: 'device',
  media_service: 'media',
  ptz_service: 'ptz',
  events_service: 'events',
  'snapshot.jpg': 'snapshot',
};

/** Maps a request path to a camera and an endpoint (pure). */
export function routeOf(pathname: string): Route | undefined {
  const m = /^\/onvif\/([^/]+)\/(?:(device_service|media_service|ptz_service|events_service|snapshot\.jpg)|subscription\/([0-9a-f]{1,64}))$/.exec(pathname);
  if (!m) return undefined;
  let cameraId: string;
  try {
    cameraId = decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
  if (m[3] !== undefined) return { cameraId, kind: 'subscription', subscriptionId: m[3] };
  return { cameraId, kind: SERVICE_PATHS[m[2]!]! };
}

const OPERATIONS: Readonly<Record<ServiceName, Readonly<Record<string, OperationHandler<EventsContext>>>>> = {
  device: deviceOperations,
  media: mediaOperations,
  ptz: ptzOperations,
  events: eventsOperations,
  subscription: subscriptionOperations,
};

/** Base URL of a camera's ONVIF endpoints. */
export function onvifBaseUrl(host: string, port: number, cameraId: string): string {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return `http://${hostPart}:${port}/onvif/${encodeURIComponent(cameraId)}`;
}

/** The device service URL of a camera (what WS-Discovery announces as XAddrs). */
export function deviceServiceUrl(host: string, port: number, cameraId: string): string {
  return `${onvifBaseUrl(host, port, cameraId)}/device_service`;
}

function serviceUrls(host: string, port: number, cameraId: string): OnvifServiceUrls {
  const base = onvifBaseUrl(host, port, cameraId);
  return {
    device: `${base}/device_service`,
    media: `${base}/media_service`,
    ptz: `${base}/ptz_service`,
    events: `${base}/events_service`,
    snapshot: `${base}/snapshot.jpg`,
    subscriptions: `${base}/subscription`,
  };
}

/**
 * The ONVIF side of the simulator: one HTTP server for every camera, told
 * apart by path (`/onvif/<cameraId>/device_service`, ...). SOAP 1.2 in,
 * SOAP 1.2 out; a request that is not a good one gets a SOAP fault, never
 * a crash. An offline camera's requests get no answer (the connection is
 * destroyed), like a camera without power.
 */
export class OnvifServer implements Service {
  private server: Server | undefined;
  private readonly hub: PullPointHub;
  private readonly snapshots: SnapshotDecoder;
  private readonly authenticator = new RtspAuthenticator(REALM);
  private readonly ptz = new Map<string, PtzState>();
  private readonly presets = new Map<string, readonly PtzPreset[]>();
  private readonly nonces = new Map<string, NonceCache>();
  private readonly motion = new Map<string, MotionSource>();
  /** In-flight requests per camera, so going offline can drop them (long polls above all). */
  private readonly inflight = new Map<string, Set<IncomingMessage>>();
  private listeningPort = 0;
  private stopping: Promise<void> | undefined;
  private readonly log: Logger | undefined;

  constructor(private readonly options: OnvifServerOptions) {
    this.log = options.log?.child({ component: 'onvif-server' });
    this.hub = new PullPointHub({ pollMs: options.motionPollMs });
    this.snapshots = new SnapshotDecoder({ ffmpeg: ffmpegBinaries().ffmpeg });
  }

  get port(): number {
    return this.listeningPort;
  }

  /** Device service URL of a camera; throws before start. */
  deviceUrl(cameraId: string): string {
    if (this.listeningPort === 0) throw simError(SIM_ERRORS.notStarted, 'the ONVIF server is not listening yet');
    return deviceServiceUrl(this.options.advertisedHost, this.listeningPort, cameraId);
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    // Socket errors (resets mid-request) are the client's business, not the process's.
    server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(simError(SIM_ERRORS.listen, `ONVIF server cannot listen on ${this.options.host}:${this.options.port}: ${err.message}`, err));
      server.once('error', onError);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    this.listeningPort = (server.address() as AddressInfo).port;
    this.log?.info({ port: this.listeningPort }, 'ONVIF server listening');
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.hub.close();
      this.snapshots.close();
      const server = this.server;
      if (!server) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })();
    return this.stopping;
  }

  /** Drops the camera's in-flight requests (it went offline). */
  closeCameraConnections(cameraId: string): number {
    const requests = this.inflight.get(cameraId);
    let closed = 0;
    for (const req of requests ?? []) {
      req.socket.destroy();
      closed++;
    }
    this.hub.wakeCamera(cameraId);
    return closed;
  }

  /** PTZ position of a camera now (for tests and logs). */
  ptzPosition(cameraId: string): { pan: number; tilt: number; zoom: number } {
    return positionAt(this.ptzOf(cameraId), Date.now());
  }

  /** Snapshot decodes started so far (the cache shows as decodes < requests). */
  get snapshotDecodes(): number {
    return this.snapshots.decodes;
  }

  private ptzOf(cameraId: string): PtzState {
    let state = this.ptz.get(cameraId);
    if (!state) {
      state = initialPtzState(Date.now());
      this.ptz.set(cameraId, state);
    }
    return state;
  }

  private motionOf(camera: SimulatedCamera): MotionSource {
    let source = this.motion.get(camera.id);
    if (!source) {
      source =
        this.options.motionSource?.(camera.id) ??
        (camera.groundTruth ? camera.motionSource : sceneMotionSource(this.options.sceneInput(camera.id), (nowMs) => camera.sceneTimeSec(nowMs)));
      this.motion.set(camera.id, source);
    }
    return source;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routeOf(url.pathname);
    const camera = route ? this.options.camera(route.cameraId) : undefined;
    if (!route || !camera) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      req.resume();
      return;
    }
    if (!camera.isOnline) {
      req.socket.destroy();
      return;
    }
    let set = this.inflight.get(camera.id);
    if (!set) this.inflight.set(camera.id, (set = new Set()));
    set.add(req);
    res.once('close', () => set.delete(req));
    const work = route.kind === 'snapshot' ? this.serveSnapshot(req, res, camera, url) : this.serveSoap(req, res, camera, route);
    work.catch((err: unknown) => {
      this.log?.error({ err, cameraId: camera.id }, 'ONVIF request failed');
      if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal error\n');
      else res.destroy();
    });
  }

  private async serveSoap(req: IncomingMessage, res: ServerResponse, camera: SimulatedCamera, route: Route): Promise<void> {
    const service = route.kind as ServiceName;
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' }).end('ONVIF services take SOAP over POST\n');
      req.resume();
      return;
    }
    const limit = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const text = await readBody(req, limit);
    if (text === undefined) return this.sendFault(res, camera, FAULTS.tooLarge(limit), { Connection: 'close' });
    let request: SoapRequest;
    try {
      request = parseSoapRequest(text);
    } catch (err) {
      if (err instanceof SoapFault) return this.sendFault(res, camera, err);
      throw err;
    }
    const action = request.operation.local;
    const table = OPERATIONS[service];
    const handler = Object.hasOwn(table, action) ? table[action] : undefined;
    if (!handler) return this.sendFault(res, camera, FAULTS.actionNotSupported(action));
    const preAuth = service === 'device' && DEVICE_PRE_AUTH.has(action);
    const auth = this.authenticate(camera, request, req, preAuth);
    if (auth === 'challenge') {
      const policy = camera.mount('main')?.auth;
      const challenges = policy ? this.authenticator.challenge(policy.scheme).map(([, value]) => value) : [];
      return this.sendFault(res, camera, FAULTS.notAuthorized(401), { 'WWW-Authenticate': challenges });
    }
    if (auth !== 'ok') {
      this.log?.debug({ cameraId: camera.id, action, reason: auth }, 'ONVIF request refused');
      return this.sendFault(res, camera, FAULTS.notAuthorized());
    }
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    let body: string;
    try {
      body = await handler(request.operation, this.context(camera, route, abort.signal));
    } catch (err) {
      if (err instanceof SoapFault) return this.sendFault(res, camera, err);
      this.log?.error({ err, cameraId: camera.id, action }, 'ONVIF operation failed');
      return this.sendFault(res, camera, new SoapFault('Receiver', [], 'Internal error'));
    }
    this.send(res, camera, 200, soapEnvelope(body));
  }

  /** 'ok', 'challenge' (no credentials at all: HTTP 401 as ONVIF Core 5.9.1 says), or why the credentials were refused. */
  private authenticate(camera: SimulatedCamera, request: SoapRequest, req: IncomingMessage, preAuth: boolean): string {
    const credentials = camera.credentials;
    if (!credentials) return 'ok';
    if (request.token) {
      // A token that is present must be right, even for operations that need none.
      let nonces = this.nonces.get(camera.id);
      if (!nonces) this.nonces.set(camera.id, (nonces = new NonceCache()));
      const verdict = verifyUsernameToken(request.token, credentials, camera.nowMs(), nonces, this.options.createdToleranceMs ?? DEFAULT_CREATED_TOLERANCE_MS);
      return verdict.ok ? 'ok' : verdict.reason;
    }
    const authorization = req.headers.authorization;
    if (authorization) {
      const policy = camera.mount('main')?.auth;
      return policy && this.authenticator.verify(policy, req.method ?? 'POST', authorization) ? 'ok' : 'challenge';
    }
    return preAuth ? 'ok' : 'challenge';
  }

  private context(camera: SimulatedCamera, route: Route, signal: AbortSignal): EventsContext {
    const { advertisedHost } = this.options;
    const urls = serviceUrls(advertisedHost, this.listeningPort, camera.id);
    const rtspHost = advertisedHost.includes(':') ? `[${advertisedHost}]` : advertisedHost;
    const context: OnvifContext = {
      cameraId: camera.id,
      urls,
      cameraNowMs: () => camera.nowMs(),
      nowMs: () => Date.now(),
      rtspUrl: (stream) => `rtsp://${rtspHost}:${this.options.rtspPort()}/${encodeURIComponent(camera.id)}/${stream}`,
      scene: (stream) => sceneOf(camera, stream),
      sessionTimeoutSeconds: this.options.sessionTimeoutSeconds ?? 60,
      ptzState: () => this.ptzOf(camera.id),
      setPtzState: (state) => this.ptz.set(camera.id, state),
      ptzPresets: () => this.presets.get(camera.id) ?? DEFAULT_PTZ_PRESETS,
      setPtzPresets: (presets) => this.presets.set(camera.id, presets),
    };
    return { ...context, hub: this.hub, motion: this.motionOf(camera), subscriptionId: route.subscriptionId, signal };
  }

  private async serveSnapshot(req: IncomingMessage, res: ServerResponse, camera: SimulatedCamera, url: URL): Promise<void> {
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('snapshots take GET\n');
      return;
    }
    const policy: RtspAuthPolicy | undefined = camera.mount('main')?.auth;
    if (policy && !this.authenticator.verify(policy, req.method, req.headers.authorization)) {
      const headers: Record<string, string[] | string> = { 'Content-Type': 'text/plain' };
      headers['WWW-Authenticate'] = this.authenticator.challenge(policy.scheme).map(([, value]) => value);
      res.writeHead(401, headers).end('unauthorized\n');
      return;
    }
    const stream: CameraStream = url.searchParams.get('profile') === 'sub' ? 'sub' : 'main';
    const scene = sceneOf(camera, stream);
    const now = Date.now();
    const jpeg = await this.snapshots.snapshot({
      viewKey: `${camera.id}/${stream}`,
      scene,
      sceneTimeSec: camera.sceneTimeSec(now),
      position: positionAt(this.ptzOf(camera.id), now),
    });
    if (!camera.isOnline) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length, 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : jpeg);
  }

  private sendFault(res: ServerResponse, camera: SimulatedCamera, fault: SoapFault, headers: Record<string, string | string[]> = {}): void {
    this.send(res, camera, fault.httpStatus, soapFaultEnvelope(fault), headers);
  }

  private send(res: ServerResponse, camera: SimulatedCamera, status: number, xml: string, headers: Record<string, string | string[]> = {}): void {
    if (res.destroyed) return;
    // The camera may have gone offline while a long poll waited: a dead camera says nothing.
    if (!camera.isOnline) {
      res.socket?.destroy();
      return;
    }
    res.writeHead(status, { 'Content-Type': 'application/soap+xml; charset=utf-8', 'Content-Length': Buffer.byteLength(xml), ...headers });
    res.end(xml);
  }
}

function sceneOf(camera: SimulatedCamera, stream: CameraStream): SceneFrames {
  const mount = camera.mount(stream);
  if (!mount) throw new Error(`camera ${camera.id} has no ${stream} stream`);
  return mount.source.scene;
}

/** Cap on what is read and thrown away of an oversized body before the connection is cut. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

/**
 * Reads the body as UTF-8; undefined when it is over `limit`. An oversized
 * body is still read to its end (and dropped) so the 413 reaches the client
 * instead of a reset; past MAX_DRAIN_BYTES the connection is destroyed.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.socket.destroy();
    });
    req.once('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
    req.once('close', () => resolve(undefined));
  });
}
