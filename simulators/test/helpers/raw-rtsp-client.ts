import { connect, type Socket } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly raw: string;
}

/**
 * A deliberately dumb RTSP client for robustness tests: writes exactly the
 * bytes it is given and splits what comes back into responses (ignoring
 * interleaved data). Not used to test streaming: real ffmpeg does that.
 */
export class RawRtspClient {
  private buffer = Buffer.alloc(0);
  private readonly waiters: Array<() => void> = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {
      // A reset by the server is an outcome the tests check through `closed`.
    });
  }

  static open(port: number): Promise<RawRtspClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawRtspClient(socket)));
      socket.once('error', reject);
    });
  }

  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Resolves with the next `count` responses, or fewer if the server closes first. */
  async responses(count: number, timeoutMs = 5_000): Promise<RawResponse[]> {
    const out: RawResponse[] = [];
    const deadline = Date.now() + timeoutMs;
    while (out.length < count) {
      const next = this.take();
      if (next) {
        out.push(next);
        continue;
      }
      if (this.closed || Date.now() > deadline) break;
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
    }
    return out;
  }

  /** Resolves true once the server has closed the connection. */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
    }
    return this.closed;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private take(): RawResponse | undefined {
    // Interleaved frames ($ + channel + length) are skipped.
    while (this.buffer[0] === 0x24 && this.buffer.length >= 4) {
      const length = this.buffer.readUInt16BE(2);
      if (this.buffer.length < 4 + length) return undefined;
      this.buffer = this.buffer.subarray(4 + length);
    }
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end === -1) return undefined;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const headers = new Map<string, string>();
    const lines = head.split('\r\n');
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':');
      headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    const length = Number(headers.get('content-length') ?? 0);
    if (this.buffer.length < end + 4 + length) return undefined;
    const raw = this.buffer.subarray(0, end + 4 + length).toString('latin1');
    this.buffer = this.buffer.subarray(end + 4 + length);
    return { status: Number(/^RTSP\/1\.0 (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0), headers, raw };
  }
}
