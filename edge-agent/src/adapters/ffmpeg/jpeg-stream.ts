/**
 * ffmpeg's MJPEG output (`-f mjpeg` or `image2pipe`: JPEG images back to
 * back, no framing), split into images and kept in a small ring with their
 * arrival times, so the camera unit can pick the one nearest a moment of
 * peak motion. Images are copied into preallocated slots (grown only when an
 * image is larger than any before): one JPEG a second costs no allocation.
 * An image is copied out (`nearest`) only when someone wants it.
 *
 * Splitting follows the JPEG syntax rather than searching for the EOI bytes
 * alone: marker segments are skipped by their length (a table may hold
 * 0xFFD9 by chance) and, in entropy-coded data, 0xFF00 (stuffing) and
 * 0xFFD0-D7 (restart markers) are data.
 */
export interface JpegImage {
  readonly bytes: Buffer;
  /** Arrival of the image's last byte (epoch ms). */
  readonly at: number;
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

export const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

/** Starts with SOI and ends with EOI. */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === SOI && bytes[2] === 0xff && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === EOI;
}

interface Slot {
  buffer: Buffer;
  length: number;
  at: number;
}

type State = 'seek' | 'segments' | 'entropy';

export class JpegRing {
  private readonly slots: Slot[];
  /** Slot being written. */
  private current = 0;
  private state: State = 'seek';
  /** Parse position in the current slot. */
  private pos = 0;
  private readonly maxBytes: number;
  private imagesSeen = 0;
  private dropped = 0;

  /**
   * `size`: images kept (the newest); `initialBytes`: each slot's first
   * allocation; `maxBytes`: a larger "image" is dropped (a stream that is not
   * MJPEG) and splitting resynchronises on the next SOI.
   */
  constructor(options: { readonly size?: number; readonly initialBytes?: number; readonly maxBytes?: number; readonly now?: () => number } = {}) {
    const size = options.size ?? 4;
    if (!Number.isInteger(size) || size < 2) throw new RangeError(`size must be an integer >= 2, got ${size}`);
    this.slots = Array.from({ length: size }, () => ({ buffer: Buffer.allocUnsafe(options.initialBytes ?? 128 * 1024), length: 0, at: 0 }));
    this.maxBytes = options.maxBytes ?? 8 * 1024 ** 2;
    this.now = options.now ?? Date.now;
  }

  private readonly now: () => number;

  /** Complete images split so far, and images dropped as too large. */
  get counts(): { readonly images: number; readonly dropped: number } {
    return { images: this.imagesSeen, dropped: this.dropped };
  }

  push(chunk: Uint8Array): void {
    let slot = this.slots[this.current]!;
    if (slot.length + chunk.length > this.maxBytes) {
      // Not a JPEG stream, or a runaway image: forget it and look for the next SOI in what follows.
      this.dropped++;
      this.resetSlot(slot);
      this.state = 'seek';
      if (chunk.length > this.maxBytes) return;
    }
    if (slot.length + chunk.length > slot.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.maxBytes, Math.max(slot.buffer.length * 2, slot.length + chunk.length)));
      slot.buffer.copy(grown, 0, 0, slot.length);
      slot.buffer = grown;
    }
    slot.buffer.set(chunk, slot.length);
    slot.length += chunk.length;
    for (;;) {
      const end = this.scan(slot);
      if (end === undefined) return;
      // One complete image in [0, end): keep it, carry what follows into the next slot.
      const next = this.slots[(this.current + 1) % this.slots.length]!;
      const rest = slot.length - end;
      if (next.buffer.length < rest) next.buffer = Buffer.allocUnsafe(Math.max(next.buffer.length, rest));
      slot.buffer.copy(next.buffer, 0, end, slot.length);
      next.length = rest;
      next.at = 0;
      slot.length = end;
      slot.at = this.now();
      this.imagesSeen++;
      this.current = (this.current + 1) % this.slots.length;
      this.pos = 0;
      this.state = 'seek';
      slot = next;
    }
  }

  /** Drops a half-read image (a new ffmpeg run starts a new stream); complete images stay. */
  reset(): void {
    this.resetSlot(this.slots[this.current]!);
    this.state = 'seek';
  }

  /** A copy of the complete image that arrived nearest to `at` (epoch ms), or undefined before the first. */
  nearest(at: number): JpegImage | undefined {
    let best: Slot | undefined;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i]!;
      if (i === this.current || s.at === 0) continue;
      if (!best || Math.abs(s.at - at) < Math.abs(best.at - at)) best = s;
    }
    return best ? { bytes: Buffer.from(best.buffer.subarray(0, best.length)), at: best.at } : undefined;
  }

  /** Arrival time of the newest complete image (epoch ms), or undefined. */
  get newestAt(): number | undefined {
    const s = this.slots[(this.current + this.slots.length - 1) % this.slots.length]!;
    return s.at === 0 ? undefined : s.at;
  }

  private resetSlot(slot: Slot): void {
    slot.length = 0;
    slot.at = 0;
    this.pos = 0;
  }

  /** Advances the parser over the current slot; the end offset of a complete image, or undefined when more bytes are needed. */
  private scan(slot: Slot): number | undefined {
    const b = slot.buffer;
    const len = slot.length;
    let p = this.pos;
    for (;;) {
      if (this.state === 'seek') {
        // Skip anything up to an SOI (garbage between images, the tail of a dropped image).
        let start = -1;
        for (let i = b.indexOf(0xff, p); i >= 0 && i + 1 < len; i = b.indexOf(0xff, i + 1)) {
          if (b[i + 1] === SOI) {
            start = i;
            break;
          }
        }
        if (start < 0) {
          // Keep a trailing 0xFF: it may be the first half of the next SOI.
          const keep = len > 0 && b[len - 1] === 0xff ? 1 : 0;
          if (keep) b[0] = 0xff;
          slot.length = keep;
          this.pos = 0;
          return undefined;
        }
        if (start > 0) {
          b.copy(b, 0, start, len);
          slot.length = len - start;
          return this.scanFrom(slot, 2, 'segments');
        }
        p = 2;
        this.state = 'segments';
        continue;
      }
      if (this.state === 'segments') {
        if (p + 2 > len) return this.pause(p);
        if (b[p] !== 0xff) {
          // Not a marker where one must be: a corrupt image. Resynchronise after it.
          this.dropped++;
          this.state = 'seek';
          b.copy(b, 0, p, len);
          slot.length = len - p;
          this.pos = 0;
          return this.scan(slot);
        }
        const marker = b[p + 1]!;
        if (marker === 0xff) {
          p += 1; // fill byte
          continue;
        }
        if (marker === EOI) return p + 2;
        if (marker === SOI || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
          p += 2;
          continue;
        }
        if (p + 4 > len) return this.pause(p);
        const segmentLength = (b[p + 2]! << 8) | b[p + 3]!;
        if (p + 2 + segmentLength > len) return this.pause(p);
        p += 2 + segmentLength;
        if (marker === SOS) this.state = 'entropy';
        continue;
      }
      // Entropy-coded data: only 0xFF followed by a marker other than RSTn ends it.
      // (indexOf searches the whole slot buffer: a hit past `len` is a stale byte of an older image.)
      const ff = b.indexOf(0xff, p);
      if (ff < 0 || ff >= len) return this.pause(len);
      if (ff + 1 >= len) return this.pause(ff);
      const next = b[ff + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        p = ff + 2;
        continue;
      }
      if (next === 0xff) {
        p = ff + 1;
        continue;
      }
      if (next === EOI) return ff + 2;
      // Another marker segment (DHT between progressive scans, …).
      p = ff;
      this.state = 'segments';
    }
  }

  private scanFrom(slot: Slot, p: number, state: State): number | undefined {
    this.pos = p;
    this.state = state;
    return this.scan(slot);
  }

  private pause(p: number): undefined {
    this.pos = p;
    return undefined;
  }
}
