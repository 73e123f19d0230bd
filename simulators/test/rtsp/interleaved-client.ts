import { connect, type Socket } from 'node:net';

/** An RTCP sender report as received: SSRC and the NTP wall clock it carries (epoch ms). */
export interface ReceivedSenderReport {
  readonly channel: number;
  readonly ssrc: number;
  readonly ntpMs: number;
  readonly rtpTimestamp: number;
}

/**
 * A minimal RTSP player over TCP interleaved, for tests that need to see
 * the packets themselves (RTCP sender reports, whether RTP flows at all):
 * DESCRIBE, SETUP of the video track, PLAY, then it counts RTP packets and
 * decodes sender reports. No authentication: use it on open cameras.
 */
export class InterleavedClient {
  private buffer = Buffer.alloc(0);
  private readonly responses: string[] = [];
  private waiters: Array<() => void> = [];
  rtpPackets = 0;
  rtpBytes = 0;
  readonly reports: ReceivedSenderReport[] = [];
  closed = false;
  private cseq = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {
      // The outcome is visible through `closed`.
    });
  }

  static open(port: number): Promise<InterleavedClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new InterleavedClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a request and resolves with the raw response head, or undefined if the server closes first. */
  async request(method: string, url: string, headers: Record<string, string> = {}, timeoutMs = 5_000): Promise<string | undefined> {
    const lines = [`${method} ${url} RTSP/1.0`, `CSeq: ${++this.cseq}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    this.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    const ok = await this.until(() => this.responses.length > 0, timeoutMs);
    return ok ? this.responses.shift() : undefined;
  }

  /** DESCRIBE + SETUP trackID=0 + PLAY of `url`. */
  async play(url: string): Promise<void> {
    const describe = await this.request('DESCRIBE', url);
    if (!describe?.startsWith('RTSP/1.0 200')) throw new Error(`DESCRIBE failed: ${describe}`);
    const setup = await this.request('SETUP', `${url}/trackID=0`, { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1' });
    const session = /Session: ([^;\r\n]+)/.exec(setup ?? '')?.[1];
    if (!session) throw new Error(`SETUP failed: ${setup}`);
    const play = await this.request('PLAY', url, { Session: session });
    if (!play?.startsWith('RTSP/1.0 200')) throw new Error(`PLAY failed: ${play}`);
  }

  /** Resolves true once `predicate` holds (checked on every arrival), false on timeout or close. */
  async until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (this.closed || Date.now() >= deadline) return predicate();
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
    }
    return true;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private drain(): void {
    for (;;) {
      if (this.buffer[0] === 0x24) {
        if (this.buffer.length < 4) return;
        const length = this.buffer.readUInt16BE(2);
        if (this.buffer.length < 4 + length) return;
        const channel = this.buffer[1]!;
        const payload = this.buffer.subarray(4, 4 + length);
        this.buffer = this.buffer.subarray(4 + length);
        if (channel % 2 === 0) {
          this.rtpPackets++;
          this.rtpBytes += payload.length;
        } else if (payload[1] === 200 && payload.length >= 28) {
          const seconds = payload.readUInt32BE(8) - 2_208_988_800;
          const fraction = payload.readUInt32BE(12) / 2 ** 32;
          this.reports.push({ channel, ssrc: payload.readUInt32BE(4), ntpMs: (seconds + fraction) * 1000, rtpTimestamp: payload.readUInt32BE(16) });
        }
        continue;
      }
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = this.buffer.subarray(0, end).toString('latin1');
      const length = Number(/Content-Length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (this.buffer.length < end + 4 + length) return;
      this.responses.push(this.buffer.subarray(0, end + 4 + length).toString('latin1'));
      this.buffer = this.buffer.subarray(end + 4 + length);
    }
  }
}
