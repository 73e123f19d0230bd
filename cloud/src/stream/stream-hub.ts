import type { ServerResponse } from 'node:http';
import { STREAM_HEARTBEAT_MS, STREAM_MAX_MS, STREAM_RETRY_MS, type StreamResync } from '@argus/contracts';
import type { Logger } from '@argus/runtime';
import type { TenantScope } from '../http/principal.js';
import { STREAM_KINDS, type DeliveredMessage, type MessageBus, type MessageKind } from '../pubsub/message-bus.js';
import type { StreamMessagesRepository } from '../pubsub/stream-messages.repository.js';
import { SSE_HEARTBEAT, sseMessage, sseRetry, visibleTo } from './sse-format.js';

export interface StreamHubOptions {
  readonly bus: MessageBus;
  /** The bus's table: what a reconnecting console missed. */
  readonly store: Pick<StreamMessagesRepository, 'replay' | 'position'>;
  readonly logger: Logger;
  /** Comment line this often (ms). */
  readonly heartbeatMs?: number;
  /** A stream is ended after this long; the client reconnects with Last-Event-ID (ms). */
  readonly maxDurationMs?: number;
  /** A client whose unsent output exceeds this is dropped rather than buffered without bound (bytes). */
  readonly maxBufferedBytes?: number;
  /** Live messages held for a client while its replay runs; beyond this it is dropped and reconnects. */
  readonly maxHeldMessages?: number;
}

const DEFAULTS = {
  maxBufferedBytes: 1024 * 1024, // used by write: ~1000 events a client has not read yet
  maxHeldMessages: 10_000, // used by deliver during replay
};
/** Rows read per replay query. */
const REPLAY_BATCH = 500;

interface Client {
  readonly id: number;
  readonly scope: TenantScope;
  readonly res: ServerResponse;
  /** Highest seq written (or the client's Last-Event-ID): never write one at or below it. */
  lastSent: bigint | undefined;
  /** Live messages that arrived while the replay runs; undefined once live. */
  held: DeliveredMessage[] | undefined;
  timer: NodeJS.Timeout | undefined;
  closed: boolean;
}

/**
 * The open `GET /api/stream` responses of this replica. Every `event` and
 * `alert` message of the bus goes to each client whose scope may see it,
 * serialised once. A reconnecting client first gets what it missed from the
 * bus's table, then the live messages held meanwhile, without duplicates
 * (seq order). A client that does not read is dropped when its unsent
 * output passes `maxBufferedBytes`.
 */
export class StreamHub {
  private readonly clients = new Set<Client>();
  private readonly log: Logger;
  private unsubscribe: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly droppedListeners = new Set<(reason: string) => void>();

  constructor(private readonly options: StreamHubOptions) {
    this.log = options.logger.child({ component: 'stream' });
  }

  async start(): Promise<void> {
    this.unsubscribe ??= this.options.bus.subscribe((m) => this.deliver(m));
    this.heartbeat ??= setInterval(() => {
      for (const client of this.clients) if (client.held === undefined) this.write(client, SSE_HEARTBEAT);
    }, this.options.heartbeatMs ?? STREAM_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Ends every stream (clients reconnect to another replica, or to this one when it is back); idempotent. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const client of [...this.clients]) this.end(client, 'shutting down');
  }

  /** Open streams on this replica. */
  get size(): number {
    return this.clients.size;
  }

  /** Called with the reason whenever a client is dropped for not reading (tests, metrics). */
  onDropped(listener: (reason: string) => void): () => void {
    this.droppedListeners.add(listener);
    return () => void this.droppedListeners.delete(listener);
  }

  /**
   * Starts the event stream on `res` (headers, retry hint), replays what
   * the principal may see after `lastEventId` when given, then goes live.
   * Returns once live; the response stays open until the client leaves,
   * the stream's time is up, or the hub stops.
   */
  async open(scope: TenantScope, res: ServerResponse, lastEventId: string | undefined): Promise<void> {
    const client: Client = {
      id: this.nextId++, scope, res, lastSent: lastEventId === undefined ? undefined : BigInt(lastEventId),
      held: lastEventId === undefined ? undefined : [], timer: undefined, closed: false,
    };
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // The connection ends with the stream: one that lingered idle after a shutdown ended its stream would hold the server's close up.
      connection: 'close',
      'x-accel-buffering': 'no', // nginx: pass each message on at once
    });
    res.on('close', () => this.forget(client));
    res.on('error', () => this.forget(client));
    this.clients.add(client);
    client.timer = setTimeout(() => this.end(client, 'time is up'), this.options.maxDurationMs ?? STREAM_MAX_MS);
    client.timer.unref();
    this.write(client, sseRetry(STREAM_RETRY_MS));
    if (lastEventId !== undefined) await this.replay(client, lastEventId);
  }

  private async replay(client: Client, lastEventId: string): Promise<void> {
    try {
      const { head, trimmedThrough } = await this.options.store.position();
      let cursor = lastEventId;
      const last = BigInt(lastEventId);
      if (last < BigInt(trimmedThrough)) {
        cursor = trimmedThrough;
        this.resync(client, trimmedThrough, 'expired');
      } else if (last > BigInt(head) && last > BigInt(trimmedThrough)) {
        cursor = head;
        this.resync(client, head, 'unknown');
      }
      const kinds: MessageKind[] = [...STREAM_KINDS];
      for (;;) {
        if (client.closed) return;
        const rows = await this.options.store.replay({ orgId: client.scope.orgId, siteIds: client.scope.siteIds, kinds, after: cursor, limit: REPLAY_BATCH });
        for (const row of rows) this.send(client, row, this.frame(row));
        if (rows.length < REPLAY_BATCH) break;
        cursor = rows[rows.length - 1]!.seq!;
        await this.drained(client);
      }
    } catch (err) {
      this.log.warn({ err }, 'stream replay failed; ending the stream');
      this.end(client, 'replay failed');
      return;
    }
    const held = client.held ?? [];
    client.held = undefined;
    for (const message of held) this.send(client, message, this.frame(message));
  }

  private resync(client: Client, position: string, reason: StreamResync['reason']): void {
    this.write(client, sseMessage(position, 'resync', JSON.stringify({ reason } satisfies StreamResync)));
    client.lastSent = BigInt(position);
  }

  private deliver(message: DeliveredMessage): void {
    if (!STREAM_KINDS.has(message.kind) || message.seq === null || this.clients.size === 0) return;
    let text: string | undefined; // serialised once, for the first client that may see it
    for (const client of this.clients) {
      if (!visibleTo(client.scope, message)) continue;
      if (client.held !== undefined) {
        client.held.push(message);
        if (client.held.length > (this.options.maxHeldMessages ?? DEFAULTS.maxHeldMessages)) this.drop(client, 'too many messages during replay');
        continue;
      }
      text ??= this.frame(message);
      this.send(client, message, text);
    }
  }

  private frame(message: DeliveredMessage): string {
    return sseMessage(message.seq!, message.kind, message.json ?? JSON.stringify(message.payload));
  }

  private send(client: Client, message: DeliveredMessage, text: string): void {
    const seq = BigInt(message.seq!);
    if (client.lastSent !== undefined && seq <= client.lastSent) return;
    client.lastSent = seq;
    this.write(client, text);
  }

  private write(client: Client, text: string): void {
    if (client.closed) return;
    client.res.write(text);
    if (client.res.writableLength > (this.options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes)) this.drop(client, 'client not reading');
  }

  /** Waits until the client has taken what was written (replay pages), or has gone. */
  private drained(client: Client): Promise<void> {
    if (client.closed || client.res.writableLength === 0 || !client.res.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        client.res.off('drain', done);
        client.res.off('close', done);
        resolve();
      };
      client.res.on('drain', done);
      client.res.on('close', done);
    });
  }

  /** A slow client: cut, not flushed (what it has not read is what it would be buffered with). */
  private drop(client: Client, reason: string): void {
    if (client.closed) return;
    this.log.warn({ client: client.id, orgId: client.scope.orgId, buffered: client.res.writableLength, reason }, 'dropping a stream client');
    this.forget(client);
    client.res.destroy();
    for (const listener of this.droppedListeners) listener(reason);
  }

  private end(client: Client, reason: string): void {
    if (client.closed) return;
    this.log.debug({ client: client.id, reason }, 'ending a stream');
    this.forget(client);
    client.res.end();
    // A client that does not take the end of its stream must not hold a shutdown up.
    setTimeout(() => {
      if (!client.res.writableFinished) client.res.destroy();
    }, 1000).unref();
  }

  private forget(client: Client): void {
    client.closed = true;
    clearTimeout(client.timer);
    this.clients.delete(client);
  }
}
