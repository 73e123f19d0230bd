import { randomBytes, randomInt } from 'node:crypto';
import type { Logger } from '@argus/runtime';
import { H264Packetizer } from '../rtp/h264-packetizer.js';
import { buildSenderReport } from '../rtp/rtcp-sender-report.js';
import type { SourceFrame } from '../scene/scene-source.js';
import type { RtspMount } from './rtsp-mount.js';
import { frameInterleaved, type InterleavedTransport } from './rtsp-transport.js';

/** Where a session's interleaved data goes: the client's RTSP connection. */
export interface InterleavedSink {
  write(data: Buffer): void;
  /** Bytes accepted by write() but not yet handed to the kernel. */
  readonly bufferedBytes: number;
}

export const SENDER_REPORT_INTERVAL_MS = 5_000; // used by rtsp-session
export const DEFAULT_MAX_BUFFERED_BYTES = 2 * 1024 * 1024; // used by rtsp-session: several seconds of main stream

export interface RtspSessionOptions {
  readonly id: string;
  readonly mount: RtspMount;
  readonly transport: InterleavedTransport;
  /** Track URL the client set up, echoed in RTP-Info. */
  readonly trackUrl: string;
  readonly sink: InterleavedSink;
  readonly maxBufferedBytes?: number;
  readonly log: Logger;
}

export function newSessionId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/**
 * One client's playback of one mount over interleaved TCP. Joins the mount's
 * shared source at the next IDR, stamps frames with its own random SSRC,
 * sequence and timestamp base (RFC 3550 5.1), and keeps timestamps moving
 * with the source's media time, so they never jump back when the file loops.
 * A client that reads too slowly loses whole frames until the next IDR
 * instead of making the server buffer without bound.
 */
export class RtspSession {
  readonly id: string;
  readonly mount: RtspMount;
  readonly transport: InterleavedTransport;
  readonly trackUrl: string;
  private readonly packetizer: H264Packetizer;
  private readonly timestampBase: number;
  private readonly sink: InterleavedSink;
  private readonly maxBufferedBytes: number;
  private readonly log: Logger;
  private unsubscribe: (() => void) | undefined;
  private waitingForIdr = true;
  /** Media time of the first frame sent; timestamps count from it. */
  private firstTicks: number | undefined;
  private lastTimestamp = 0;
  private lastSentAtMs = 0;
  private lastReportAtMs = Number.NEGATIVE_INFINITY;
  private droppedFrames = 0;
  private closed = false;

  constructor(options: RtspSessionOptions) {
    this.id = options.id;
    this.mount = options.mount;
    this.transport = options.transport;
    this.trackUrl = options.trackUrl;
    this.sink = options.sink;
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.log = options.log;
    this.packetizer = new H264Packetizer({ ssrc: randomInt(0, 2 ** 32 - 1), initialSequence: randomInt(0, 0x10000) });
    this.timestampBase = randomInt(0, 2 ** 32 - 1);
  }

  get ssrc(): number {
    return this.packetizer.ssrc;
  }

  get playing(): boolean {
    return this.unsubscribe !== undefined;
  }

  /** Starts delivery; returns what RTP-Info announces (the first packet carries exactly these). */
  play(): { sequence: number; rtpTime: number } {
    if (!this.unsubscribe && !this.closed) this.unsubscribe = this.mount.source.subscribe((frame) => this.onFrame(frame));
    return { sequence: this.packetizer.nextSequence, rtpTime: this.firstTicks === undefined ? this.timestampBase : this.lastTimestamp };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.droppedFrames > 0) this.log.info({ droppedFrames: this.droppedFrames }, 'session closed after dropping frames for a slow reader');
  }

  private onFrame(frame: SourceFrame): void {
    if (this.waitingForIdr) {
      // Resume only at an IDR (the client can decode from there) and once the backlog has drained.
      if (!frame.idr || this.sink.bufferedBytes > this.maxBufferedBytes / 2) {
        if (this.firstTicks !== undefined) this.droppedFrames++;
        return;
      }
      this.waitingForIdr = false;
      this.firstTicks ??= frame.ticks90k;
    } else if (this.sink.bufferedBytes > this.maxBufferedBytes) {
      this.waitingForIdr = true;
      this.droppedFrames++;
      this.log.debug({ buffered: this.sink.bufferedBytes }, 'slow reader: dropping frames until the next IDR');
      return;
    }
    const timestamp = (this.timestampBase + frame.ticks90k - (this.firstTicks ?? frame.ticks90k)) % 2 ** 32;
    const packets = this.packetizer.packetize(frame.nals, timestamp);
    this.sink.write(frameInterleaved(this.transport.rtpChannel, packets));
    this.lastTimestamp = timestamp;
    this.lastSentAtMs = frame.sentAtMs;
    if (frame.sentAtMs - this.lastReportAtMs >= SENDER_REPORT_INTERVAL_MS) this.sendReport(frame.sentAtMs);
  }

  private sendReport(nowMs: number): void {
    this.lastReportAtMs = nowMs;
    const report = buildSenderReport({
      ssrc: this.packetizer.ssrc,
      wallClockMs: nowMs,
      // The frame just sent was captured "now": the RTP/NTP pair maps media time to wall clock.
      rtpTimestamp: (this.lastTimestamp + Math.round((nowMs - this.lastSentAtMs) * 90)) % 2 ** 32,
      packetCount: this.packetizer.packetCount,
      octetCount: this.packetizer.octetCount,
      cname: `argus-sim-${this.mount.cameraId}-${this.mount.stream}`,
    });
    this.sink.write(frameInterleaved(this.transport.rtcpChannel, [report]));
  }
}
