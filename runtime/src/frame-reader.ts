/**
 * Cuts ffmpeg's `-f rawvideo` output (fixed-size pictures back to back, no
 * framing) into pictures, copying each into one reused buffer: no
 * allocation per frame. The picture handed to `onFrame` is valid only
 * during the call (the next picture overwrites it); a consumer that keeps
 * pixels copies them.
 */
export class FrameReader {
  private readonly frame: Uint8Array;
  private filled = 0;

  /** `frameBytes`: bytes of one picture (width × height for 8-bit grey). */
  constructor(
    private readonly frameBytes: number,
    private readonly onFrame: (frame: Uint8Array) => void,
  ) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new RangeError(`frameBytes must be a positive integer, got ${frameBytes}`);
    this.frame = new Uint8Array(frameBytes);
  }

  /** Bytes of the picture in progress (a killed run may leave one half-read). */
  get partialBytes(): number {
    return this.filled;
  }

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, this.frameBytes - this.filled);
      this.frame.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.frameBytes) {
        this.filled = 0;
        this.onFrame(this.frame);
      }
    }
  }

  /** Drops a half-read picture (a new ffmpeg run starts on a picture boundary). */
  reset(): void {
    this.filled = 0;
  }
}
