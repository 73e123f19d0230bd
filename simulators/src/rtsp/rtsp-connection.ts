import type { Socket } from 'node:net';
import { redactCredentials } from '@argus/core';
import type { Logger } from '@argus/runtime';
import { frameRateValue } from '../scene/scene-frames.js';
import type { RtspAuthenticator } from './rtsp-auth.js';
import { parseRtspTarget, type MountResolver, type RtspMount, type RtspTarget } from './rtsp-mount.js';
import { RtspRequestParser, type RtspParseEvent, type RtspRequest } from './rtsp-request-parser.js';
import { serializeResponse, type RtspResponse } from './rtsp-response.js';
import { bindUdpPortPair } from '../rtp/udp-port-pair.js';
import { interleavedSink, UdpSink, type MediaSink } from './rtsp-media-sink.js';
import { AUDIO_TRACK_CONTROL, buildSdp, VIDEO_TRACK_CONTROL } from './rtsp-sdp.js';
import { newSessionId, RtspSession, type TrackKind } from './rtsp-session.js';
import { chooseTransport, formatTransport, type RtpTransport } from './rtsp-transport.js';

export const PUBLIC_METHODS = ['OPTIONS', 'DESCRIBE', 'SETUP', 'PLAY', 'TEARDOWN', 'GET_PARAMETER', 'SET_PARAMETER'] as const;
/** RTSP methods a camera may refuse with 405; anything else is unknown (501). */
const KNOWN_METHODS = new Set(['ANNOUNCE', 'PAUSE', 'RECORD', 'REDIRECT']);

/** What a connection needs from its server. */
export interface RtspConnectionContext {
  readonly resolveMount: MountResolver;
  readonly authenticator: RtspAuthenticator;
  readonly sessionTimeoutSeconds: number;
  readonly maxBufferedBytes: number | undefined;
  /** Address put in SDP o= lines. */
  readonly host: string;
  readonly log: Logger;
}

/** Thrown inside request handling to drop the connection without a response (offline camera). */
class DropConnection extends Error {}

/**
 * One client's TCP connection: parses requests, answers them, and carries the
 * interleaved RTP/RTCP of the sessions set up on it. Sessions belong to the
 * connection (TCP interleaved data cannot outlive it), so closing the socket
 * ends them. Every failure stays inside this connection.
 */
export class RtspConnection {
  private readonly parser = new RtspRequestParser();
  private readonly sessions = new Map<string, RtspSession>();
  /** Cameras this connection asked for, so taking one offline finds its connections. */
  private readonly cameras = new Set<string>();
  private readonly log: Logger;
  private closed = false;
  /** Requests are answered one after another, in order, even when one needs I/O (UDP port binding). */
  private queue: Promise<void> = Promise.resolve();
  /** Last time the client sent anything (requests, RTCP receiver reports over TCP or UDP), monotonic ms. */
  lastActivityMs = performance.now();

  constructor(
    private readonly socket: Socket,
    private readonly context: RtspConnectionContext,
  ) {
    this.log = context.log.child({ remote: `${socket.remoteAddress}:${socket.remotePort}` });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.log.debug({ err }, 'client socket error'));
    socket.on('close', () => this.cleanup());
  }

  /** True when the connection asked for one of the camera's mounts. */
  usesCamera(cameraId: string): boolean {
    return this.cameras.has(cameraId);
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  destroy(reason: string): void {
    if (this.closed) return;
    this.log.debug({ reason }, 'closing client connection');
    this.socket.destroy();
    this.cleanup();
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.lastActivityMs = performance.now();
    for (const event of this.parser.push(chunk)) {
      if (event.kind === 'interleaved') continue; // RTCP receiver reports: nothing to act on, but they prove liveness
      this.queue = this.queue.then(() => this.process(event));
    }
  }

  private async process(event: Exclude<RtspParseEvent, { kind: 'interleaved' }>): Promise<void> {
    if (this.closed) return;
    if (event.kind === 'malformed') {
      this.log.debug({ status: event.status, reason: event.reason }, 'malformed request');
      this.send({ status: event.status }, event.cseq);
      if (event.fatal) {
        this.socket.end();
        this.cleanup();
      }
      return;
    }
    await this.handle(event.request);
  }

  private async handle(request: RtspRequest): Promise<void> {
    this.log.debug({ method: request.method, url: redactCredentials(request.url) }, 'request');
    if (request.cseq === undefined) {
      this.send({ status: 400 }, undefined);
      return;
    }
    let response: RtspResponse;
    try {
      response = await this.dispatch(request);
    } catch (err) {
      if (err instanceof DropConnection) {
        this.destroy(err.message);
        return;
      }
      this.log.error({ err, method: request.method }, 'request handler failed');
      response = { status: 500 };
    }
    this.send(response, request.cseq);
  }

  private send(response: RtspResponse, cseq: string | undefined): void {
    if (this.closed || this.socket.destroyed) return;
    this.socket.write(serializeResponse(response, cseq));
  }

  private dispatch(request: RtspRequest): RtspResponse | Promise<RtspResponse> {
    switch (request.method) {
      case 'OPTIONS':
        return this.options(request);
      case 'DESCRIBE':
        return this.describe(request);
      case 'SETUP':
        return this.setup(request);
      case 'PLAY':
        return this.play(request);
      case 'TEARDOWN':
        return this.teardown(request);
      case 'GET_PARAMETER':
      case 'SET_PARAMETER':
        return this.parameter(request);
      default:
        if (KNOWN_METHODS.has(request.method)) return { status: 405, headers: [['Allow', PUBLIC_METHODS.join(', ')]] };
        return { status: 501 };
    }
  }

  /** Resolves the request's mount, or the response to send instead. Offline cameras drop the connection. */
  private mountFor(request: RtspRequest): { target: RtspTarget; mount: RtspMount } | RtspResponse {
    const target = parseRtspTarget(request.url);
    if (!target) return { status: 400 };
    const mount = this.context.resolveMount(target.cameraId, target.stream);
    if (!mount) return { status: 404 };
    this.cameras.add(mount.cameraId);
    // An offline camera does not answer at all, like a powered-off device.
    if (!mount.isOnline()) throw new DropConnection(`camera ${mount.cameraId} is offline`);
    return { target, mount };
  }

  private unauthorized(mount: RtspMount, request: RtspRequest): RtspResponse | undefined {
    if (!mount.auth) return undefined;
    if (this.context.authenticator.verify(mount.auth, request.method, request.headers.get('authorization'))) return undefined;
    return { status: 401, headers: this.context.authenticator.challenge(mount.auth.scheme) };
  }

  private options(request: RtspRequest): RtspResponse {
    const ok: RtspResponse = { status: 200, headers: [['Public', PUBLIC_METHODS.join(', ')]] };
    if (request.url === '*') return ok;
    // OPTIONS needs no credentials, but an unknown mount is still 404 and an offline camera still silent.
    const found = this.mountFor(request);
    return 'status' in found ? found : ok;
  }

  private describe(request: RtspRequest): RtspResponse {
    const found = this.mountFor(request);
    if ('status' in found) return found;
    const { target, mount } = found;
    const denied = this.unauthorized(mount, request);
    if (denied) return denied;
    const scene = mount.source.scene;
    const sdp = buildSdp(
      {
        name: `argus-sim ${mount.cameraId} ${mount.stream}`,
        host: this.context.host,
        profileLevelId: scene.profileLevelId,
        spropParameterSets: scene.spropParameterSets,
        fps: frameRateValue(scene.fps),
        width: scene.width,
        height: scene.height,
        ...(mount.audio ? { audio: { sampleRate: mount.audio.sampleRate, channels: mount.audio.channels, config: mount.audio.config } } : {}),
      },
      String(Date.now()),
    );
    const base = target.cleanUrl.endsWith('/') ? target.cleanUrl : `${target.cleanUrl}/`;
    return {
      status: 200,
      headers: [
        ['Content-Base', base],
        ['Content-Type', 'application/sdp'],
      ],
      body: sdp,
    };
  }

  private async setup(request: RtspRequest): Promise<RtspResponse> {
    const found = this.mountFor(request);
    if ('status' in found) return found;
    const { target, mount } = found;
    const denied = this.unauthorized(mount, request);
    if (denied) return denied;
    const kind = trackKindOf(target.track, mount);
    if (!kind) return { status: 404 };
    const sessionHeader = sessionIdOf(request);
    let session: RtspSession | undefined;
    if (sessionHeader !== undefined) {
      // A further track of a session set up on this connection (ffmpeg: video, then audio).
      session = this.sessions.get(sessionHeader);
      if (!session) return { status: 454 };
      if (session.mount !== mount || session.hasTrack(kind)) return { status: 459 };
      if (session.playing) return { status: 455 };
    }
    const transport = chooseTransport(request.headers.get('transport'));
    if (!transport) return { status: 461 };
    const id = session?.id ?? newSessionId();
    const log = this.log.child({ session: id, cameraId: mount.cameraId, stream: mount.stream });
    const opened = await this.openSink(transport, log);
    if (!opened) return { status: 503 };
    if (this.closed) {
      // The client left while the ports were being bound.
      opened.sink.close();
      throw new DropConnection('connection closed during SETUP');
    }
    if (!session) {
      session = new RtspSession({ id, mount, maxBufferedBytes: this.context.maxBufferedBytes, log });
      this.sessions.set(id, session);
    }
    const ssrc = session.setupTrack(kind, opened.sink, target.cleanUrl);
    return {
      status: 200,
      headers: [
        ['Transport', formatTransport(transport, ssrc, opened.serverPorts)],
        ['Session', this.sessionHeader(id)],
      ],
    };
  }

  /** The sink for a transport: the RTSP socket itself, or a fresh UDP port pair towards the client. */
  private async openSink(transport: RtpTransport, log: Logger): Promise<{ sink: MediaSink; serverPorts?: readonly [number, number] } | undefined> {
    if (transport.kind === 'interleaved') return { sink: interleavedSink(this.socket, transport) };
    const local = unmapIpv4(this.socket.localAddress ?? '127.0.0.1');
    const remote = unmapIpv4(this.socket.remoteAddress ?? '127.0.0.1');
    try {
      const pair = await bindUdpPortPair(local);
      const sink = new UdpSink({
        pair,
        transport,
        clientAddress: remote,
        onActivity: () => {
          this.lastActivityMs = performance.now();
        },
        onError: (err) => log.debug({ err }, 'udp socket error'),
      });
      return { sink, serverPorts: pair.ports };
    } catch (err) {
      log.warn({ err }, 'cannot bind a UDP port pair');
      return undefined;
    }
  }

  private play(request: RtspRequest): RtspResponse {
    const session = this.sessionOf(request);
    if (!session) return { status: 454 };
    if (!session.mount.isOnline()) throw new DropConnection(`camera ${session.mount.cameraId} is offline`);
    const denied = this.unauthorized(session.mount, request);
    if (denied) return denied;
    const info = session.play();
    return {
      status: 200,
      headers: [
        ['Session', this.sessionHeader(session.id)],
        ['Range', 'npt=0.000-'],
        ['RTP-Info', info.map((t) => `url=${t.url};seq=${t.sequence};rtptime=${t.rtpTime}`).join(',')],
      ],
    };
  }

  private teardown(request: RtspRequest): RtspResponse {
    const session = this.sessionOf(request);
    if (!session) return { status: 454 };
    session.close();
    this.sessions.delete(session.id);
    return { status: 200 };
  }

  /** Keep-alives: activity was already recorded; an unknown session id is still an error. */
  private parameter(request: RtspRequest): RtspResponse {
    const id = sessionIdOf(request);
    if (id !== undefined && !this.sessions.has(id)) return { status: 454 };
    const headers: Array<[string, string]> = id === undefined ? [] : [['Session', this.sessionHeader(id)]];
    if (request.method === 'SET_PARAMETER' && request.body.length > 0) return { status: 451, headers };
    return { status: 200, headers };
  }

  private sessionOf(request: RtspRequest): RtspSession | undefined {
    const id = sessionIdOf(request);
    return id === undefined ? undefined : this.sessions.get(id);
  }

  private sessionHeader(id: string): string {
    return `${id};timeout=${this.context.sessionTimeoutSeconds}`;
  }
}

/** Which track a SETUP URL names: the aggregate URL and trackID=0 are video, trackID=1 audio where the mount has it. */
function trackKindOf(track: string | undefined, mount: RtspMount): TrackKind | undefined {
  if (track === undefined || track === VIDEO_TRACK_CONTROL) return 'video';
  if (track === AUDIO_TRACK_CONTROL && mount.audio) return 'audio';
  return undefined;
}

/** `::ffff:127.0.0.1` (a dual-stack socket's view of an IPv4 peer) as plain IPv4, so a udp4 socket can use it. */
function unmapIpv4(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function sessionIdOf(request: RtspRequest): string | undefined {
  const value = request.headers.get('session');
  if (value === undefined) return undefined;
  return value.split(';')[0]!.trim();
}
