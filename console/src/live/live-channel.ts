import { STREAM_RETRY_MS } from '@argus/contracts';
import { LIVE_MESSAGE_NAMES, parseLiveMessage, type LiveMessageName, type LiveMessages } from './live-messages.js';

/**
 * The console's one live channel: an EventSource on GET /api/stream
 * (Server-Sent Events, the session cookie goes along) that hands `alert`,
 * `event` and `resync` messages to whoever subscribed.
 *
 * EventSource reconnects by itself after a network error or when the cloud
 * ends a stream (every STREAM_MAX_MS), sending the last `id:` it saw as
 * Last-Event-ID, so nothing is lost. It gives up for good when an attempt
 * gets an HTTP error (a 401 once the session ended, a 5xx from a proxy):
 * then this channel asks `onClosed` (the app checks the session, which
 * shows the login page on a 401) and opens a new EventSource after a pause
 * that doubles up to `retry.maxMs`, resuming from the last position with
 * `?lastEventId=` (a new EventSource cannot set the header itself).
 *
 * Subscribers that show lists learn through `onConnected` when the stream
 * starts with no position to resume from (the first connection): what
 * happened between their load and that moment is not replayed, so they
 * load again. A `resync` message means the same.
 *
 * The EventSource and the timers are injected, so the channel is tested
 * without a browser.
 */

export type LiveStatus =
  /** Not started, or stopped. */
  | 'idle'
  /** The first connection is being made. */
  | 'connecting'
  /** Messages flow. */
  | 'open'
  /** The connection dropped; EventSource or this channel is connecting again. */
  | 'reconnecting';

/** What the channel needs of an EventSource (the browser's satisfies it). */
export interface EventSourceLike {
  /** 0 connecting, 1 open, 2 closed (EventSource.CONNECTING, OPEN, CLOSED). */
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(name: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

const CLOSED = 2; // EventSource.CLOSED, spelled out: there is no EventSource outside a browser

export interface LiveChannelOptions {
  /** The stream's URL, resuming after `lastEventId` when given. */
  url(lastEventId: string | undefined): string;
  createSource(url: string): EventSourceLike;
  /** Called when the browser gave up on the stream, before the next attempt is scheduled (e.g. to check the session). */
  onClosed?(): void;
  /** Pauses before a new EventSource after one gave up (ms): the first, doubled up to the max. */
  retry?: { readonly initialMs: number; readonly maxMs: number };
  /** Injected for tests; the browser's timers by default. */
  setTimer?(run: () => void, ms: number): unknown;
  clearTimer?(timer: unknown): void;
}

/** Default pauses (ms) after the browser gave up: used by reconnect(); the first is the stream's own `retry:`. */
const DEFAULT_RETRY = { initialMs: STREAM_RETRY_MS, maxMs: 30_000 };

export interface LiveChannel {
  readonly status: LiveStatus;
  /** Opens the stream; a no-op while it is started. */
  start(): void;
  /** Closes the stream and cancels any pending attempt; idempotent. Subscriptions stay. */
  stop(): void;
  /** Calls `handler` with each well-formed message of that name; returns the unsubscribe function. */
  subscribe<K extends LiveMessageName>(name: K, handler: (data: LiveMessages[K]) => void): () => void;
  /** Calls `handler` each time the stream opens: `resumed` false when messages before it may have been missed. */
  onConnected(handler: (resumed: boolean) => void): () => void;
  /** Calls `handler` with each change of status. */
  onStatus(handler: (status: LiveStatus) => void): () => void;
}

export function createLiveChannel(options: LiveChannelOptions): LiveChannel {
  const retry = options.retry ?? DEFAULT_RETRY;
  const setTimer = options.setTimer ?? ((run: () => void, ms: number): unknown => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer: unknown): void => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const handlers = new Map<LiveMessageName, Set<(data: never) => void>>();
  const connectedHandlers = new Set<(resumed: boolean) => void>();
  const statusHandlers = new Set<(status: LiveStatus) => void>();

  let status: LiveStatus = 'idle';
  let source: EventSourceLike | undefined;
  let timer: unknown;
  let lastEventId: string | undefined;
  let pauseMs = retry.initialMs;
  let started = false;

  const setStatus = (next: LiveStatus): void => {
    if (next === status) return;
    status = next;
    for (const handler of [...statusHandlers]) handler(next);
  };

  const deliver = (name: LiveMessageName, event: MessageEvent<string>): void => {
    // Heartbeats are comments and never get here; every message carries its position.
    if (event.lastEventId !== '') lastEventId = event.lastEventId;
    const data = parseLiveMessage(name, event.data);
    if (data === undefined) return;
    for (const handler of [...(handlers.get(name) ?? [])]) (handler as (value: typeof data) => void)(data);
  };

  const connect = (): void => {
    timer = undefined;
    const current = options.createSource(options.url(lastEventId));
    source = current;
    // What the connection resumes from: EventSource keeps sending the position it saw, this channel the one it kept.
    current.onopen = () => {
      if (source !== current) return;
      pauseMs = retry.initialMs;
      setStatus('open');
      const resumed = lastEventId !== undefined;
      for (const handler of [...connectedHandlers]) handler(resumed);
    };
    current.onerror = () => {
      if (source !== current) return;
      if (current.readyState !== CLOSED) {
        // EventSource is already trying again, with Last-Event-ID.
        setStatus('reconnecting');
        return;
      }
      current.close();
      source = undefined;
      setStatus('reconnecting');
      options.onClosed?.();
      if (!started) return;
      timer = setTimer(connect, pauseMs);
      pauseMs = Math.min(pauseMs * 2, retry.maxMs);
    };
    for (const name of LIVE_MESSAGE_NAMES) current.addEventListener(name, (event) => source === current && deliver(name, event));
  };

  return {
    get status() {
      return status;
    },
    start() {
      if (started) return;
      started = true;
      pauseMs = retry.initialMs;
      setStatus('connecting');
      connect();
    },
    stop() {
      started = false;
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      source?.close();
      source = undefined;
      // A later start() is a new session (perhaps another user): nothing to resume.
      lastEventId = undefined;
      setStatus('idle');
    },
    subscribe(name, handler) {
      const set = handlers.get(name) ?? new Set();
      handlers.set(name, set);
      set.add(handler as (data: never) => void);
      return () => set.delete(handler as (data: never) => void);
    },
    onConnected(handler) {
      connectedHandlers.add(handler);
      return () => connectedHandlers.delete(handler);
    },
    onStatus(handler) {
      statusHandlers.add(handler);
      return () => statusHandlers.delete(handler);
    },
  };
}
