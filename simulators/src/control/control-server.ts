import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger, Service } from '@argus/runtime';
import { SIM_ERRORS, simError } from '../simulator-errors.js';
import { routeControl, type ControlTarget } from './control-routes.js';

export const MAX_CONTROL_BODY_BYTES = 16 * 1024; // used by control-server: fault bodies are a few fields

export interface ControlServerOptions {
  readonly host: string;
  /** 0 picks an ephemeral port (read `port` after start). */
  readonly port: number;
  readonly target: ControlTarget;
  readonly log: Logger;
}

/**
 * The simulator's HTTP JSON control API on node:http (routes in
 * control-routes.ts). Bound to loopback by default: it can take cameras
 * offline and change credentials, so it is not for the open network.
 */
export class ControlServer implements Service {
  private readonly server: Server;
  private readonly log: Logger;
  private boundPort = 0;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: ControlServerOptions) {
    this.log = options.log.child({ component: 'control-server' });
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.log.error({ err }, 'control request failed');
        if (!res.headersSent) send(res, 500, { error: { code: 'SIM_ERR_CONTROL_INTERNAL', message: 'internal error' } });
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void =>
        reject(simError(SIM_ERRORS.listen, `control API cannot listen on ${this.options.host}:${this.options.port}: ${err.message}`, err));
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
    this.log.info({ host: this.options.host, port: this.boundPort }, 'control API listening');
  }

  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.stopping;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://control').pathname;
    const raw = await readBody(req);
    if (raw === 'too-large') {
      send(res, 413, { error: { code: SIM_ERRORS.faultInvalid, message: `body exceeds ${MAX_CONTROL_BODY_BYTES} bytes`, field: 'body' } });
      return;
    }
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        send(res, 400, { error: { code: SIM_ERRORS.faultInvalid, message: 'body: is not valid JSON', field: 'body' } });
        return;
      }
    }
    const response = routeControl(this.options.target, method, path, body);
    this.log.debug({ method, path, status: response.status }, 'control request');
    send(res, response.status, response.body);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CONTROL_BODY_BYTES) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
