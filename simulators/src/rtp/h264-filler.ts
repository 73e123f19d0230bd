import { NAL_TYPE } from '../h264/annexb.js';

const FILLER_CHUNK_BYTES = 1400; // used by fillerNals: one filler NAL per RTP packet, no FU-A needed

/** A filler data NAL unit of `length` bytes: header, 0xFF payload, rbsp trailing bits. */
function fillerNal(length: number): Buffer {
  const nal = Buffer.alloc(length, 0xff);
  nal[0] = NAL_TYPE.filler; // F=0, NRI=0: decoders may discard it
  nal[length - 1] = 0x80;
  return nal;
}

const FULL_CHUNK = fillerNal(FILLER_CHUNK_BYTES);

/**
 * Filler NAL units adding about `extraBytes` to an access unit (the
 * bitrate-spike fault). H.264 7.4.1.2.3 lets filler follow the picture's
 * slices, and decoders discard it, so the stream stays valid and decodes to
 * the same pictures while carrying more bytes. Full chunks share one buffer.
 */
export function fillerNals(extraBytes: number): Buffer[] {
  const out: Buffer[] = [];
  let left = Math.floor(extraBytes);
  while (left >= FILLER_CHUNK_BYTES) {
    out.push(FULL_CHUNK);
    left -= FILLER_CHUNK_BYTES;
  }
  if (left >= 2) out.push(fillerNal(left));
  return out;
}

/** NAL units of a frame padded to about `factor` times its size; filler goes after the slices. */
export function padFrame(nals: readonly Buffer[], factor: number): readonly Buffer[] {
  if (factor <= 1) return nals;
  const size = nals.reduce((sum, n) => sum + n.length, 0);
  return [...nals, ...fillerNals(size * (factor - 1))];
}
