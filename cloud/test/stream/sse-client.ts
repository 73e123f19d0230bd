/** One Server-Sent Events message as EventSource would dispatch it. */
export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

/**
 * A console's stream without EventSource: `fetch` with a streaming reader
 * and the WHATWG parsing rules (fields, comments, blank-line dispatch).
 * Messages queue up; `next` takes them in order, waiting for one when none
 * is queued.
 */
export class SseClient {
  readonly status: number;
  readonly headers: Headers;
  /** Comment lines received (heartbeats). */
  comments = 0;
  /** The `id` of the last message that had one (what EventSource sends back as Last-Event-ID). */
  lastEventId: string | undefined;
  /** Resolves when the server ends the stream or the connection breaks. */
  readonly ended: Promise<void>;
  private readonly queue: SseMessage[] = [];
  private waiter: (() => void) | undefined;
  private done = false;

  private constructor(response: Response, private readonly abort: AbortController) {
    this.status = response.status;
    this.headers = response.headers;
    this.ended = this.read(response.body!);
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    if (response.status !== 200) throw new Error(`stream refused: ${response.status} ${await response.text()}`);
    return new SseClient(response, abort);
  }

  /** The next message (of `event` name, when given; others are skipped), waiting at most `timeoutMs`. */
  next(event?: string, timeoutMs = 5000): Promise<SseMessage> {
    return this.nextWhere((m) => event === undefined || m.event === event, timeoutMs, event ?? '');
  }

  /** The next message that `accept` takes (others are skipped), waiting at most `timeoutMs`. */
  async nextWhere(accept: (message: SseMessage) => boolean, timeoutMs = 5000, what = 'matching'): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = this.queue.shift();
      if (message) {
        if (accept(message)) return message;
        continue;
      }
      if (this.done) throw new Error('the stream ended');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Messages received and not taken yet. */
  pending(): readonly SseMessage[] {
    return [...this.queue];
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    let fields: { id?: string; event?: string; data: string[] } = { data: [] };
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            if (fields.data.length > 0) {
              if (fields.id !== undefined) this.lastEventId = fields.id;
              this.push({ id: fields.id, event: fields.event ?? 'message', data: fields.data.join('\n') });
            }
            fields = { data: [] };
            continue;
          }
          if (line.startsWith(':')) {
            this.comments += 1;
            continue;
          }
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (name === 'data') fields.data.push(value);
          else if (name === 'event') fields.event = value;
          else if (name === 'id') fields.id = value;
        }
      }
    } catch {
      // aborted by close(), or the server cut the connection
    } finally {
      this.done = true;
      this.waiter?.();
    }
  }

  private push(message: SseMessage): void {
    this.queue.push(message);
    this.waiter?.();
    this.waiter = undefined;
  }
}
