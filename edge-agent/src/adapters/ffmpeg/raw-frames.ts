/**
 * Splits ffmpeg's `-f rawvideo` output (fixed-size pictures back to back, no
 * framing) into pictures as pipe chunks arrive; a chunk may end mid-picture.
 */
export class RawFrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** `frameBytes`: bytes of one picture (width × height for 8-bit grey). */
  constructor(private readonly frameBytes: number) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new RangeError(`frameBytes must be a positive integer, got ${frameBytes}`);
  }

  /** The pictures completed by `chunk`, each its own copy. */
  push(chunk: Buffer): Uint8Array[] {
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Uint8Array[] = [];
    let offset = 0;
    for (; offset + this.frameBytes <= data.length; offset += this.frameBytes) {
      frames.push(new Uint8Array(data.subarray(offset, offset + this.frameBytes)));
    }
    this.pending = Buffer.from(data.subarray(offset));
    return frames;
  }
}
