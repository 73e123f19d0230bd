import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger, Service } from '@argus/runtime';
import type { Registry } from 'prom-client';

/**
 * `GET /metrics` in the Prometheus text format, on 127.0.0.1 only (a
 * collector on the same host scrapes it; nothing is exposed to the site
 * network). A port already in use is logged and the agent runs on without
 * metrics: monitoring must never stop recording.
 */
export interface MetricsServerOptions {
  readonly registry: Registry;
  /** 0 = off. */
  readonly port: number;
  readonly host?: string;
  readonly logger: Logger;
}

export class MetricsServer implements Service {
  private readonly options: MetricsServerOptions;
  private server: Server | undefined;

  constructor(options: MetricsServerOptions) {
    this.options = options;
  }

  /** The bound port, or undefined when off or not listening. */
  get port(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
  }

  async start(): Promise<void> {
    const { port, registry, logger } = this.options;
    if (port === 0) return;
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: unknown) => {
          logger.error({ err }, 'metrics collection failed');
          response.writeHead(500).end();
        },
      );
    });
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve) => {
      server.once('error', (err) => {
        logger.error({ err: (err as Error).message, port }, 'metrics endpoint not started; the agent runs on without it');
        resolve();
      });
      server.listen(port, host, () => {
        this.server = server;
        logger.info({ url: `http://${host}:${this.port}/metrics` }, 'metrics endpoint listening');
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
