import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from '@argus/runtime';
import { STREAM_RETENTION_MS } from '@argus/contracts';
import { BUS_CHANNEL, inlineNotification, parseNotification } from './bus-notification.js';
import { STREAM_KINDS, type BusMessage, type DeliveredMessage, type MessageBus, type MessageHandler } from './message-bus.js';
import { StreamMessagesRepository } from './stream-messages.repository.js';

export interface PgMessageBusOptions {
  readonly pool: pg.Pool;
  readonly logger: Logger;
  /** The dedicated LISTEN connection, made again after every loss; default: a pg.Client with the pool's connection settings. */
  readonly listenClient?: () => pg.Client;
  /** Stored messages older than this are trimmed (ms). */
  readonly retentionMs?: number;
  /** At most this many stored messages are kept. */
  readonly maxRows?: number;
  /** Cluster messages stored because they were too large to notify are trimmed sooner (ms): every replica has read them within seconds. */
  readonly clusterRetentionMs?: number;
  /** Pause between trims (ms). */
  readonly trimEveryMs?: number;
  /** Reconnection pauses of the LISTEN connection: the first, doubling up to the last (ms, ±25 % jitter). */
  readonly reconnectMs?: { readonly first: number; readonly max: number };
  /** A query on the LISTEN connection this often, so a connection that died silently is noticed (ms). */
  readonly keepAliveMs?: number;
}

const DEFAULTS = {
  maxRows: 100_000, // used by trim: ~1 h of a busy deployment's events; the bound on replay
  clusterRetentionMs: 5 * 60_000, // used by trim
  trimEveryMs: 60_000, // used by the trim timer
  reconnectMs: { first: 250, max: 10_000 }, // used by scheduleReconnect
  keepAliveMs: 30_000, // used by the keep-alive timer
};
/** The LISTEN connection's name in pg_stat_activity. */
export const BUS_APPLICATION_NAME = 'argus-bus';
/** Rows read per query when catching up (after a notification or a reconnection). */
const FETCH_BATCH = 500;
/** Messages stored per statement. */
const APPEND_BATCH = 200;

/** The pause before reconnection attempt `attempt` (0-based): doubling from `first` up to `max`, ±25 % so replicas do not reconnect in step. */
export function reconnectDelay(attempt: number, policy: { first: number; max: number }, random: () => number = Math.random): number {
  const base = Math.min(policy.max, policy.first * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.75 + random() * 0.5));
}

const after = (a: string, b: string): boolean => BigInt(a) > BigInt(b);

/**
 * The bus on PostgreSQL. Messages consoles receive (STREAM_KINDS), and any
 * message too large for a NOTIFY payload, are appended to
 * `stream_messages` (batched, off the caller's path) and announced by a
 * NOTIFY carrying the last seq; other messages travel in the NOTIFY alone.
 * One dedicated connection LISTENs, reconnecting with backoff; after a
 * reconnection it reads every stored message it missed (those still kept),
 * so stored messages reach subscribers exactly once and in seq order.
 * Inline messages sent while it was disconnected are lost. Emits `lost`
 * and `restored` as the LISTEN connection goes and comes back.
 */
export class PgMessageBus extends EventEmitter implements MessageBus {
  readonly store: StreamMessagesRepository;
  private readonly handlers = new Set<MessageHandler>();
  private readonly log: Logger;
  private readonly queue: Array<{ message: BusMessage; done: () => void }> = [];
  private appending: Promise<void> | undefined;
  private listener: pg.Client | undefined;
  private attempt = 0;
  /** Last stored seq delivered to subscribers; undefined until the first LISTEN is up. */
  private lastSeq: string | undefined;
  private fetching: Promise<void> | undefined;
  private fetchAgain = false;
  private timers: NodeJS.Timeout[] = [];
  private reconnectTimer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly options: PgMessageBusOptions) {
    super();
    this.store = new StreamMessagesRepository(options.pool);
    this.log = options.logger.child({ component: 'message-bus' });
  }

  /** Connects the LISTEN connection (fails when the database cannot be reached) and starts trimming. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    const every = (ms: number, fn: () => void): void => {
      const timer = setInterval(fn, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.trimEveryMs ?? DEFAULTS.trimEveryMs, () => void this.trim());
    every(this.options.keepAliveMs ?? DEFAULTS.keepAliveMs, () => {
      const client = this.listener;
      client?.query('select 1').catch((err: unknown) => this.lost(client, err));
    });
  }

  /** Stores what is queued, then closes the LISTEN connection; idempotent. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    clearTimeout(this.reconnectTimer);
    await this.appending;
    await this.fetching;
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }

  subscribe(handler: MessageHandler): () => void {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }

  async publish(message: BusMessage): Promise<void> {
    if (!this.running) return void this.log.warn({ kind: message.kind }, 'bus stopped; message dropped');
    if (!STREAM_KINDS.has(message.kind)) {
      const text = inlineNotification(message);
      if (text !== undefined) {
        await this.options.pool.query('select pg_notify($1, $2)', [BUS_CHANNEL, text])
          .catch((err: unknown) => this.log.error({ err, kind: message.kind }, 'could not publish; message dropped'));
        return;
      }
    }
    return new Promise<void>((done) => {
      this.queue.push({ message, done });
      // Started after the current task: what the caller publishes in one go (a batch's events) goes in one statement.
      this.appending ??= Promise.resolve().then(() => this.drain());
    });
  }

  /** Trims the table once (the timer's work; tests call it). */
  async trim(): Promise<number> {
    try {
      return await this.store.trim({
        maxAgeMs: this.options.retentionMs ?? STREAM_RETENTION_MS,
        maxRows: this.options.maxRows ?? DEFAULTS.maxRows,
        clusterMaxAgeMs: this.options.clusterRetentionMs ?? DEFAULTS.clusterRetentionMs,
        streamKinds: [...STREAM_KINDS],
      });
    } catch (err) {
      this.log.warn({ err }, 'trimming stream_messages failed');
      return 0;
    }
  }

  /** One append at a time, in batches: callers never wait for each other's round trips, only for their batch's. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, APPEND_BATCH);
      try {
        await this.store.append(batch.map((b) => b.message));
      } catch (err) {
        this.log.error({ err, messages: batch.length }, 'could not store messages; dropped');
      }
      for (const b of batch) b.done();
    }
    this.appending = undefined;
  }

  private async listen(): Promise<void> {
    const client = this.options.listenClient?.() ?? new pg.Client({ ...this.options.pool.options, keepAlive: true, application_name: BUS_APPLICATION_NAME });
    client.on('notification', (n) => {
      if (client === this.listener && n.channel === BUS_CHANNEL) this.notified(n.payload);
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, undefined));
    try {
      await client.connect();
      await client.query(`listen ${BUS_CHANNEL}`);
      // Listening first, then the position: nothing committed in between is missed.
      this.lastSeq ??= (await this.store.position()).head;
    } catch (err) {
      client.removeAllListeners('end');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw err;
    }
    if (!this.running) return void (await client.end().catch(() => undefined));
    this.listener = client;
    if (this.attempt > 0) {
      this.log.info({ attempts: this.attempt }, 'bus connection restored');
      this.emit('restored');
    }
    this.attempt = 0;
    this.fetch(); // whatever was stored while there was no LISTEN connection
  }

  private lost(client: pg.Client, err: unknown): void {
    if (client !== this.listener) return;
    this.listener = undefined;
    client.on('error', () => undefined); // ending a broken connection may report again
    void client.end().catch(() => undefined);
    this.log.warn({ err }, 'bus connection lost; reconnecting');
    this.emit('lost');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    const pause = reconnectDelay(this.attempt, this.options.reconnectMs ?? DEFAULTS.reconnectMs);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.listen().catch((err: unknown) => {
        this.log.warn({ err, attempt: this.attempt }, 'bus reconnection failed');
        this.scheduleReconnect();
      });
    }, pause);
    this.reconnectTimer.unref();
  }

  private notified(text: string | undefined): void {
    const notification = parseNotification(text);
    if (!notification) return void this.log.debug({ text: text?.slice(0, 40) }, 'ignored an unknown notification');
    if (notification.type === 'stored') {
      if (this.lastSeq === undefined || after(notification.seq, this.lastSeq)) this.fetch();
      return;
    }
    const { message } = notification;
    this.deliver({ ...message, siteId: message.siteId ?? null, cameraId: message.cameraId ?? null, seq: null });
  }

  /** Reads stored messages after the last delivered one; one reader at a time, again when asked meanwhile. */
  private fetch(): void {
    if (!this.running) return;
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = (async () => {
      do {
        this.fetchAgain = false;
        const from = this.lastSeq;
        if (from === undefined) break;
        let rows: DeliveredMessage[];
        try {
          rows = await this.store.after(from, FETCH_BATCH);
        } catch (err) {
          this.log.warn({ err }, 'reading stored messages failed; retrying');
          const retry = setTimeout(() => this.fetch(), 1000);
          retry.unref();
          break;
        }
        for (const row of rows) {
          this.lastSeq = row.seq!;
          this.deliver(row);
        }
        if (rows.length === FETCH_BATCH) this.fetchAgain = true;
      } while (this.fetchAgain && this.running);
      this.fetching = undefined;
    })();
  }

  private deliver(message: DeliveredMessage): void {
    for (const handler of this.handlers) {
      try {
        handler(message);
      } catch (err) {
        this.log.error({ err, kind: message.kind }, 'bus subscriber failed');
      }
    }
  }
}
