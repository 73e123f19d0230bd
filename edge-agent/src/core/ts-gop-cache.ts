/**
 * The newest group of pictures of a camera stream, kept from an MPEG-TS copy
 * of it (the recorder's live tap), so a live view starts at once: a new
 * subscriber gets the stream's PAT and PMT, the packets since the last
 * video keyframe, then every packet as it comes. Without it, a live push
 * connects to the camera afresh and waits for the camera's next keyframe
 * (up to a GOP: 1–4 s on real cameras).
 *
 * Pure: bytes in, bytes out, no clock. Chunks may split packets anywhere;
 * only whole 188-byte packets are passed on. A keyframe is a video packet
 * starting a PES with the random access indicator set (ffmpeg's MPEG-TS
 * muxer sets it on key frames).
 */

export const TS_PACKET = 188;
/** Largest GOP a camera's live tap keeps (bytes): ~8 s of a 4 Mbit/s main stream. Used by the recorder and the detect pipeline. */
export const LIVE_TAP_MAX_BYTES = 4 * 1024 * 1024;
const SYNC = 0x47;
/** PMT stream types of video elementary streams: MPEG-1/2, MPEG-4 part 2, H.264, H.265. */
const VIDEO_STREAM_TYPES = new Set([0x01, 0x02, 0x10, 0x1b, 0x24]);

export interface GopSubscriber {
  /** Whole TS packets, in order. */
  write(bytes: Buffer): void;
  /** The stream ended (the tap's source restarted or stopped): no more bytes for this subscriber. */
  end(): void;
}

export interface GopCacheOptions {
  /** A group of pictures larger than this (bytes) is not kept (a camera with a very long GOP): subscribers then start at the next keyframe. */
  readonly maxBytes: number;
}

export class TsGopCache {
  private partial: Buffer = Buffer.alloc(0);
  private pat: Buffer | undefined;
  private pmtPid: number | undefined;
  private pmt: Buffer | undefined;
  private videoPid: number | undefined;
  /** Packets since the newest keyframe (starting with it); empty when none is known or the GOP grew too large. */
  private gop: Buffer[] = [];
  private gopBytes = 0;
  private readonly subscribers = new Map<GopSubscriber, { waitingForKey: boolean }>();

  constructor(private readonly options: GopCacheOptions) {}

  /** Whether a keyframe is cached: a subscriber starts with a picture at once. */
  get primed(): boolean {
    return this.gop.length > 0 && this.pat !== undefined && this.pmt !== undefined;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Adds a subscriber: it gets PAT, PMT and the cached GOP at once when one
   * is cached, else everything from the next keyframe. Returns its removal.
   */
  subscribe(subscriber: GopSubscriber): () => void {
    if (this.primed) {
      subscriber.write(Buffer.concat([this.pat!, this.pmt!, ...this.gop]));
      this.subscribers.set(subscriber, { waitingForKey: false });
    } else {
      this.subscribers.set(subscriber, { waitingForKey: true });
    }
    return () => void this.subscribers.delete(subscriber);
  }

  /** The source restarted (timestamps start over) or stopped: forget everything, end every subscriber. */
  reset(): void {
    this.partial = Buffer.alloc(0);
    this.pat = this.pmt = undefined;
    this.pmtPid = this.videoPid = undefined;
    this.dropGop();
    const ended = [...this.subscribers.keys()];
    this.subscribers.clear();
    for (const s of ended) s.end();
  }

  /** Bytes of the MPEG-TS copy, as they come; the chunk is kept (not copied), so the caller must not reuse it. */
  push(chunk: Buffer): void {
    const data = this.partial.length === 0 ? chunk : Buffer.concat([this.partial, chunk]);
    let start = 0;
    // Whole packets from `start`; `runStart` marks where the current run of packets to pass on began.
    let runStart = start;
    const flush = (end: number): void => {
      if (end > runStart) this.emit(data.subarray(runStart, end), false);
      runStart = end;
    };
    while (data.length - start >= TS_PACKET) {
      if (data[start] !== SYNC) {
        // Lost sync (a torn chunk): pass on what was whole, then skip to the next sync byte.
        flush(start);
        const next = data.indexOf(SYNC, start + 1);
        start = next < 0 ? data.length : next;
        runStart = start;
        continue;
      }
      const b1 = data[start + 1]!;
      const pid = ((b1 & 0x1f) << 8) | data[start + 2]!;
      const unitStart = (b1 & 0x40) !== 0;
      if (pid === 0 && unitStart) {
        this.pat = Buffer.from(data.subarray(start, start + TS_PACKET));
        this.pmtPid = firstProgramPid(this.pat);
      } else if (pid === this.pmtPid && unitStart) {
        this.pmt = Buffer.from(data.subarray(start, start + TS_PACKET));
        this.videoPid = firstVideoPid(this.pmt);
      } else if (pid === this.videoPid && unitStart && randomAccess(data, start)) {
        // A keyframe: what came before belongs to the previous GOP.
        flush(start);
        this.dropGop();
        this.emit(data.subarray(start, start + TS_PACKET), true);
        runStart = start + TS_PACKET;
      }
      start += TS_PACKET;
    }
    flush(start);
    this.partial = Buffer.from(data.subarray(start));
  }

  /** `packets` is a view of a chunk the caller hands over (a pipe's chunks are never reused): kept as it is, not copied. */
  private emit(packets: Buffer, keyframe: boolean): void {
    if (keyframe || this.gop.length > 0) {
      this.gop.push(packets);
      this.gopBytes += packets.length;
      if (this.gopBytes > this.options.maxBytes) this.dropGop();
    }
    for (const [subscriber, state] of this.subscribers) {
      if (state.waitingForKey) {
        if (!keyframe || this.pat === undefined || this.pmt === undefined) continue;
        state.waitingForKey = false;
        subscriber.write(Buffer.concat([this.pat, this.pmt, packets]));
        continue;
      }
      subscriber.write(packets);
    }
  }

  private dropGop(): void {
    this.gop = [];
    this.gopBytes = 0;
  }
}

/** Offset of a packet's payload, or -1 when it has none. */
function payloadOffset(packet: Buffer, at: number): number {
  const control = (packet[at + 3]! >> 4) & 0x3;
  if (control === 1) return at + 4;
  if (control === 3) return at + 5 + packet[at + 4]!;
  return -1;
}

function randomAccess(data: Buffer, at: number): boolean {
  const control = (data[at + 3]! >> 4) & 0x3;
  return (control === 2 || control === 3) && data[at + 4]! > 0 && (data[at + 5]! & 0x40) !== 0;
}

/** The PSI section of a packet that starts one (after the pointer field), or undefined. */
function section(packet: Buffer): Buffer | undefined {
  const payload = payloadOffset(packet, 0);
  if (payload < 0 || payload >= TS_PACKET) return undefined;
  const begin = payload + 1 + packet[payload]!;
  if (begin + 3 > TS_PACKET) return undefined;
  const length = ((packet[begin + 1]! & 0x0f) << 8) | packet[begin + 2]!;
  return packet.subarray(begin, Math.min(TS_PACKET, begin + 3 + length));
}

/** PID of the first program's PMT in a PAT packet. */
function firstProgramPid(packet: Buffer): number | undefined {
  const s = section(packet);
  if (s === undefined || s[0] !== 0x00) return undefined;
  for (let i = 8; i + 4 <= s.length - 4; i += 4) {
    const program = (s[i]! << 8) | s[i + 1]!;
    if (program !== 0) return ((s[i + 2]! & 0x1f) << 8) | s[i + 3]!;
  }
  return undefined;
}

/** PID of the first video elementary stream in a PMT packet. */
function firstVideoPid(packet: Buffer): number | undefined {
  const s = section(packet);
  if (s === undefined || s[0] !== 0x02 || s.length < 12) return undefined;
  let i = 12 + (((s[10]! & 0x0f) << 8) | s[11]!);
  while (i + 5 <= s.length - 4) {
    const type = s[i]!;
    const pid = ((s[i + 1]! & 0x1f) << 8) | s[i + 2]!;
    if (VIDEO_STREAM_TYPES.has(type)) return pid;
    i += 5 + (((s[i + 3]! & 0x0f) << 8) | s[i + 4]!);
  }
  return undefined;
}
