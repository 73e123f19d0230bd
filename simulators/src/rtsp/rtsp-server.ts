import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Logger, Service } from '@argus/runtime';
import { SIM_ERRORS, simError } from '../simulator-errors.js';
import { RtspAuthenticator } from './rtsp-auth.js';
import { RtspConnection } from './rtsp-connection.js';
import type { MountResolver } from './rtsp-mount.js';

export interface RtspServerOptions {
  readonly host: string;
  /** 0 picks an ephemeral port; read it from `port` after start. */
  readonly port: number;
  readonly resolveMount: MountResolver;
  /** Digest/Basic realm; default "Argus Simulator" (used by rtsp-auth). */
  readonly realm?: string;
  /** Session timeout announced in `Session: id;timeout=N` and enforced on idle connections; default 60 s. */
  readonly sessionTimeoutSeconds?: number;
  /** Per-client send backlog before frames are dropped; default in rtsp-session. */
  readonly maxBufferedBytes?: number;
  /** Connections the server accepts at once; default 1024 (a slow leak must not exhaust file descriptors). */
  readonly maxConnections?: number;
  readonly log: Logger;
}

/**
 * RTSP/1.0 server (RFC 2326) on one TCP port, serving every mount the
 * resolver knows. Streams go out interleaved on the RTSP connection.
 */
export class RtspServer implements Service {
  private readonly server: Server;
  private readonly connections = new Set<RtspConnection>();
  private readonly log: Logger;
  private readonly authenticator: RtspAuthenticator;
  private readonly sessionTimeoutSeconds: number;
  private sweeper: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private boundPort = 0;

  constructor(private readonly options: RtspServerOptions) {
    this.log = options.log.child({ component: 'rtsp-server' });
    this.authenticator = new RtspAuthenticator(options.realm ?? 'Argus Simulator');
    this.sessionTimeoutSeconds = options.sessionTimeoutSeconds ?? 60;
    this.server = createServer((socket) => this.accept(socket));
    this.server.maxConnections = options.maxConnections ?? 1024;
    this.server.on('error', (err) => this.log.error({ err }, 'rtsp server error'));
  }

  /** The port listened on (the ephemeral one when configured as 0); 0 before start. */
  get port(): number {
    return this.boundPort;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(simError(SIM_ERRORS.listen, `cannot listen on ${this.options.host}:${this.options.port}: ${err.message}`, err));
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
    // Idle check a few times per timeout (at most every 5 s); unref'd so it never holds the process.
    const everyMs = Math.min(5_000, (this.sessionTimeoutSeconds * 1000) / 4);
    this.sweeper = setInterval(() => this.expireIdle(), everyMs);
    this.sweeper.unref();
    this.log.info({ host: this.options.host, port: this.boundPort }, 'rtsp server listening');
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.sweeper) clearInterval(this.sweeper);
      for (const connection of this.connections) connection.destroy('server stopping');
      this.connections.clear();
      if (this.server.listening) {
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
      }
      this.log.info('rtsp server stopped');
    })();
    return this.stopping;
  }

  /** Closes every connection that asked for one of the camera's mounts; returns how many. */
  closeCameraConnections(cameraId: string): number {
    let closed = 0;
    for (const connection of this.connections) {
      if (connection.usesCamera(cameraId)) {
        connection.destroy(`camera ${cameraId} went offline`);
        this.connections.delete(connection);
        closed++;
      }
    }
    return closed;
  }

  private accept(socket: Socket): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    const connection = new RtspConnection(socket, {
      resolveMount: this.options.resolveMount,
      authenticator: this.authenticator,
      sessionTimeoutSeconds: this.sessionTimeoutSeconds,
      maxBufferedBytes: this.options.maxBufferedBytes,
      host: this.options.host,
      log: this.log,
    });
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
  }

  /** Sessions expire when the client stops talking (no keep-alive, no RTCP) for longer than the timeout. */
  private expireIdle(): void {
    const now = performance.now();
    for (const connection of this.connections) {
      if (now - connection.lastActivityMs > this.sessionTimeoutSeconds * 1000) {
        connection.destroy('session timed out');
        this.connections.delete(connection);
      }
    }
  }
}
