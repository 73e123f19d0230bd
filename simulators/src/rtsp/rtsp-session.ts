import { randomBytes, randomInt } from 'node:crypto';
import type { Logger } from '@argus/runtime';
import { AudioCursor, planAudioLoop, ticksToSamples } from '../audio/audio-cursor.js';
import { AAC_SAMPLES_PER_FRAME } from '../rtp/aac-adts.js';
import { AacPacketizer } from '../rtp/aac-packetizer.js';
import { H264Packetizer } from '../rtp/h264-packetizer.js';
import { padFrame } from '../rtp/h264-filler.js';
import { buildSenderReport } from '../rtp/rtcp-sender-report.js';
import { mediaTicks90k } from '../scene/frame-clock.js';
import type { SourceFrame } from '../scene/scene-source.js';
import type { MediaSink } from './rtsp-media-sink.js';
import type { RtspMount } from './rtsp-mount.js';

export const SENDER_REPORT_INTERVAL_MS = 5_000; // used by rtsp-session
export const DEFAULT_MAX_BUFFERED_BYTES = 2 * 1024 * 1024; // used by rtsp-session: several seconds of main stream

export type TrackKind = 'video' | 'audio';

export interface RtspSessionOptions {
  readonly id: string;
  readonly mount: RtspMount;
  readonly maxBufferedBytes?: number;
  readonly log: Logger;
}

/** One RTP-Info entry (RFC 2326 12.33): what the first packet of the track carries. */
export interface RtpInfo {
  readonly url: string;
  readonly sequence: number;
  readonly rtpTime: number;
}

export function newSessionId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

interface VideoTrack {
  readonly sink: MediaSink;
  readonly url: string;
  readonly packetizer: H264Packetizer;
  readonly base: number;
  last: number;
}

interface AudioTrackState {
  readonly sink: MediaSink;
  readonly url: string;
  readonly packetizer: AacPacketizer;
  readonly base: number;
  readonly cursor: AudioCursor;
  last: number;
}

/**
 * One client's playback of one mount: a video track and, on mounts with
 * audio, an AAC track, each with its own sink (interleaved or UDP), random
 * SSRC, sequence and timestamp base (RFC 3550 5.1). Joins the mount's shared
 * source at the next IDR and keeps timestamps moving with the source's media
 * time, so they never jump back when the file loops; audio follows the same
 * media time at its own sample rate. A client that reads too slowly loses
 * whole frames until the next IDR instead of making the server buffer
 * without bound. The mount's fault behaviour is asked on every frame:
 * drop-rtp sends nothing, freeze repeats the last IDR picture, a bitrate
 * spike pads frames with filler NAL units, clock skew shifts the sender
 * reports' wall clock.
 */
export class RtspSession {
  readonly id: string;
  readonly mount: RtspMount;
  private readonly maxBufferedBytes: number;
  private readonly log: Logger;
  private video: VideoTrack | undefined;
  private audio: AudioTrackState | undefined;
  private unsubscribe: (() => void) | undefined;
  private waitingForIdr = true;
  /** Media time (90 kHz, unwrapped) of the first frame sent; timestamps count from it. */
  private firstTicks: number | undefined;
  private lastReportAtMs = Number.NEGATIVE_INFINITY;
  /** Wall clock (epoch ms) of the first frame sent: sender reports count from it along the media clock. */
  private wallAnchorMs: number | undefined;
  /** The last IDR sent, and the picture held while frozen. */
  private lastIdr: readonly Buffer[] | undefined;
  private frozenPicture: readonly Buffer[] | undefined;
  private droppedFrames = 0;
  private closed = false;

  constructor(options: RtspSessionOptions) {
    this.id = options.id;
    this.mount = options.mount;
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.log = options.log;
  }

  hasTrack(kind: TrackKind): boolean {
    return kind === 'video' ? this.video !== undefined : this.audio !== undefined;
  }

  /** Adds a track with its sink; returns its SSRC (for the Transport reply). */
  setupTrack(kind: TrackKind, sink: MediaSink, url: string): number {
    const ssrc = randomInt(0, 2 ** 32 - 1);
    const initialSequence = randomInt(0, 0x10000);
    const base = randomInt(0, 2 ** 32 - 1);
    if (kind === 'video') {
      this.video = { sink, url, packetizer: new H264Packetizer({ ssrc, initialSequence }), base, last: base };
      return ssrc;
    }
    const audio = this.mount.audio;
    if (!audio) throw new Error(`mount ${this.mount.cameraId}/${this.mount.stream} has no audio`);
    const scene = this.mount.source.scene;
    const plan = planAudioLoop({
      sampleRate: audio.sampleRate,
      samplesPerFrame: AAC_SAMPLES_PER_FRAME,
      audioFrames: audio.frames.length,
      videoFrames: scene.frames.length,
      fps: scene.fps,
    });
    this.audio = {
      sink,
      url,
      packetizer: new AacPacketizer({ ssrc, initialSequence, samplesPerFrame: AAC_SAMPLES_PER_FRAME }),
      base,
      last: base,
      cursor: new AudioCursor(plan, 0),
    };
    return ssrc;
  }

  get playing(): boolean {
    return this.unsubscribe !== undefined;
  }

  /** Starts delivery; returns what RTP-Info announces per track (the first packets carry exactly these). */
  play(): RtpInfo[] {
    if (!this.unsubscribe && !this.closed) this.unsubscribe = this.mount.source.subscribe((frame) => this.onFrame(frame));
    const info: RtpInfo[] = [];
    if (this.video) info.push({ url: this.video.url, sequence: this.video.packetizer.nextSequence, rtpTime: this.video.last });
    if (this.audio) info.push({ url: this.audio.url, sequence: this.audio.packetizer.nextSequence, rtpTime: this.audio.last });
    return info;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.video?.sink.close();
    this.audio?.sink.close();
    if (this.droppedFrames > 0) this.log.info({ droppedFrames: this.droppedFrames }, 'session closed after dropping frames');
  }

  private get bufferedBytes(): number {
    return Math.max(this.video?.sink.bufferedBytes ?? 0, this.audio?.sink.bufferedBytes ?? 0);
  }

  private onFrame(frame: SourceFrame): void {
    const behaviour = this.mount.behaviour;
    if (behaviour?.dropMedia()) {
      // Stalled: nothing goes out. Resume at an IDR, since the client missed the references.
      this.waitingForIdr = true;
      return;
    }
    if (this.waitingForIdr) {
      // Resume only at an IDR (the client can decode from there) and once the backlog has drained.
      // Audio-only sessions start at once.
      if ((this.video && !frame.idr) || this.bufferedBytes > this.maxBufferedBytes / 2) {
        if (this.firstTicks !== undefined) this.droppedFrames++;
        return;
      }
      this.waitingForIdr = false;
      if (this.firstTicks === undefined) {
        this.firstTicks = frame.ticks90k;
        this.audio?.cursor.seek(this.sceneSample(frame.ticks90k));
      }
    } else if (this.bufferedBytes > this.maxBufferedBytes) {
      this.waitingForIdr = true;
      this.droppedFrames++;
      this.log.debug({ buffered: this.bufferedBytes }, 'slow reader: dropping frames until the next IDR');
      return;
    }
    if (frame.sentAtMs - this.lastReportAtMs >= SENDER_REPORT_INTERVAL_MS) {
      // Reports go before the frame's media: a client then has the RTP-to-wall-clock mapping of
      // every track before its first packet, and never re-times packets it already delivered.
      // Wall clock from the media clock (anchored at the first frame), not from when the timer fired:
      // consecutive reports must agree with the RTP clock, or clients re-time packets at each report.
      this.wallAnchorMs ??= frame.sentAtMs;
      const skew = behaviour ? behaviour.wallClockMs() - Date.now() : 0;
      this.sendReports(frame, this.wallAnchorMs + (frame.ticks90k - (this.firstTicks ?? frame.ticks90k)) / 90 + skew);
    }
    if (this.video && !this.sendVideo(frame, behaviour?.frozen() ?? false, behaviour?.paddingFactor() ?? 1)) return;
    this.sendAudio(frame);
  }

  /** Sends the frame's picture (or the frozen one); false when the frame must be skipped. */
  private sendVideo(frame: SourceFrame, frozen: boolean, paddingFactor: number): boolean {
    const video = this.video!;
    let nals = frame.nals;
    if (frozen) {
      // Repeat one IDR with fresh timestamps: the decoder shows the same picture forever.
      this.frozenPicture ??= frame.idr ? frame.nals : this.lastIdr;
      if (!this.frozenPicture) return false;
      nals = this.frozenPicture;
    } else if (this.frozenPicture) {
      // Thawing: P-frames now would reference pictures the client never got.
      this.frozenPicture = undefined;
      if (!frame.idr) {
        this.waitingForIdr = true;
        return false;
      }
    }
    if (frame.idr && !frozen) this.lastIdr = frame.nals;
    const timestamp = this.videoTimestamp(frame.ticks90k);
    video.sink.sendRtp(video.packetizer.packetize(padFrame(nals, paddingFactor), timestamp));
    video.last = timestamp;
    return true;
  }

  private sendAudio(frame: SourceFrame): void {
    const audio = this.audio;
    const stream = this.mount.audio;
    if (!audio || !stream) return;
    const now = this.sceneSample(frame.ticks90k);
    // After a gap (drop-rtp, slow reader) skip the missed audio instead of bursting it.
    if (audio.cursor.nextSample < now - stream.sampleRate / 2) audio.cursor.seek(now);
    const frameTicks = mediaTicks90k(1, this.mount.source.scene.fps);
    const due = audio.cursor.take(this.sceneSample(frame.ticks90k + frameTicks));
    if (due.length === 0) return;
    // Consecutive AUs share packets; a loop boundary (a sample jump) starts a new group.
    let group: Buffer[] = [];
    let groupStart = due[0]!.sample;
    const flush = (): void => {
      if (group.length === 0) return;
      const timestamp = this.audioTimestamp(groupStart);
      audio.sink.sendRtp(audio.packetizer.packetize(group, timestamp));
      audio.last = (timestamp + group.length * AAC_SAMPLES_PER_FRAME) % 2 ** 32;
      group = [];
    };
    for (const au of due) {
      if (group.length > 0 && au.sample !== groupStart + group.length * AAC_SAMPLES_PER_FRAME) {
        flush();
      }
      if (group.length === 0) groupStart = au.sample;
      group.push(stream.frames[au.frame]!);
    }
    flush();
  }

  private sceneSample(ticks90k: number): number {
    return ticksToSamples(ticks90k, this.mount.audio?.sampleRate ?? 90_000);
  }

  private videoTimestamp(ticks90k: number): number {
    return (this.video!.base + ticks90k - (this.firstTicks ?? ticks90k)) % 2 ** 32;
  }

  private audioTimestamp(sample: number): number {
    const first = this.sceneSample(this.firstTicks ?? 0);
    return (((this.audio!.base + sample - first) % 2 ** 32) + 2 ** 32) % 2 ** 32;
  }

  /** One SR per track, all for the same instant (the frame just sent), so clients can line audio up with video. */
  private sendReports(frame: SourceFrame, wallClockMs: number): void {
    this.lastReportAtMs = frame.sentAtMs;
    const cname = `argus-sim-${this.mount.cameraId}-${this.mount.stream}`;
    if (this.video) {
      const p = this.video.packetizer;
      this.video.sink.sendRtcp(
        buildSenderReport({ ssrc: p.ssrc, wallClockMs, rtpTimestamp: this.videoTimestamp(frame.ticks90k), packetCount: p.packetCount, octetCount: p.octetCount, cname }),
      );
    }
    if (this.audio) {
      const p = this.audio.packetizer;
      this.audio.sink.sendRtcp(
        buildSenderReport({
          ssrc: p.ssrc,
          wallClockMs,
          rtpTimestamp: this.audioTimestamp(this.sceneSample(frame.ticks90k)),
          packetCount: p.packetCount,
          octetCount: p.octetCount,
          cname,
        }),
      );
    }
  }
}
