import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { Logger, Service } from '@argus/runtime';
import { backoffDelay, type BackoffPolicy } from '../core/backoff.js';
import { EdgeError, EdgeErrorCode } from '../errors.js';
import { parseCloudMessage, type AckMessage, type CommandMessage } from '@argus/contracts';

/** Runs one command; its resolution is the ack's `result`, its rejection the ack's `error`. */
export type CommandHandler = (command: CommandMessage) => Promise<unknown>;

export interface ControlClientOptions {
  /** Cloud base URL (http/https; the channel uses ws/wss on the same origin). */
  readonly baseUrl: string;
  /** The agent credential or ARGUS_EDGE_TOKEN. */
  readonly token: string;
  readonly handle: CommandHandler;
  /** Pause before reconnecting; reset once a connection opens. */
  readonly reconnect: BackoffPolicy;
  /** No ping from the cloud for this long → the connection is presumed dead (the cloud pings every 15 s). */
  readonly silenceTimeoutMs?: number;
  readonly logger: Logger;
}

export const CONTROL_PATH = '/api/agents/control';

/**
 * The agent's end of the control channel: an outbound WebSocket (sites sit
 * behind NAT, so the edge dials out) that reconnects with backoff and
 * jitter, runs commands and acknowledges each with `{ id, ok, result | error }`.
 * Emits `open` (with the hello) and `close`.
 */
export class ControlClient extends EventEmitter implements Service {
  private socket: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private silence: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopped = true;
  private readonly log: Logger;
  private readonly url: string;

  constructor(private readonly options: ControlClientOptions) {
    super();
    this.log = options.logger.child({ component: 'control' });
    const url = new URL(CONTROL_PATH, options.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.url = url.toString();
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Starts dialling; resolves at once (the channel is optional to recording). */
  async start(): Promise<void> {
    this.stopped = false;
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.silence) clearTimeout(this.silence);
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000, 'agent stopping');
        setTimeout(() => {
          socket.terminate();
          resolve();
        }, 2000).unref();
      });
    }
  }

  private connect(): void {
    if (this.stopped) return;
    const socket = new WebSocket(this.url, { headers: { authorization: `Bearer ${this.options.token}` }, handshakeTimeout: 10_000 });
    this.socket = socket;
    socket.on('unexpected-response', (_req, res) => {
      // 401: a revoked or wrong credential. Retried on the same backoff (an operator may fix it without a restart).
      this.log.warn({ status: res.statusCode }, 'control channel refused by the cloud');
      socket.terminate();
    });
    socket.on('open', () => {
      this.attempt = 0;
      this.armSilence(socket);
    });
    socket.on('ping', () => this.armSilence(socket));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = parseCloudMessage(data.toString());
      if (!message) return void this.log.warn('control: dropped an unreadable frame');
      if (message.type === 'hello') {
        this.log.info({ agentId: message.agentId }, 'control channel open');
        this.emit('open', message);
        return;
      }
      void this.run(socket, message);
    });
    socket.on('error', (err) => this.log.debug({ err }, 'control channel error'));
    socket.on('close', (code) => {
      if (this.silence) clearTimeout(this.silence);
      if (this.socket !== socket) return; // stopped, or replaced
      this.socket = undefined;
      this.emit('close', code);
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.attempt += 1;
    const wait = backoffDelay(this.attempt, this.options.reconnect);
    this.log.info({ attempt: this.attempt, waitMs: wait }, 'control channel closed; reconnecting');
    this.timer = setTimeout(() => this.connect(), wait);
  }

  private armSilence(socket: WebSocket): void {
    if (this.silence) clearTimeout(this.silence);
    this.silence = setTimeout(() => {
      this.log.warn('control channel silent; reconnecting');
      socket.terminate();
    }, this.options.silenceTimeoutMs ?? 45_000);
  }

  private async run(socket: WebSocket, command: CommandMessage): Promise<void> {
    const log = this.log.child({ command: command.command, id: command.id });
    let ack: AckMessage;
    try {
      const result = await this.options.handle(command);
      ack = { type: 'ack', id: command.id, ok: true, ...(result === undefined ? {} : { result }) };
      log.info('command done');
    } catch (err) {
      const code = err instanceof EdgeError || (err as { code?: unknown }).code ? String((err as { code: unknown }).code) : EdgeErrorCode.commandFailed;
      ack = { type: 'ack', id: command.id, ok: false, error: { code, message: (err as Error).message } };
      log.warn({ err }, 'command failed');
    }
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(ack));
  }
}
