/**
 * H.264 Annex-B byte stream helpers (ITU-T H.264 Annex B, 7.3.1): splitting a
 * stream into NAL units and reading the few header fields the simulator needs.
 * Pure functions over Buffers.
 */

export const NAL_TYPE = {
  slice: 1,
  idr: 5,
  sei: 6,
  sps: 7,
  pps: 8,
  aud: 9,
  endOfSequence: 10,
  endOfStream: 11,
  filler: 12,
} as const;

/** One NAL unit inside a larger buffer: start code excluded, header byte included. */
export interface NalUnitRef {
  /** Byte offset of the NAL header in the source buffer. */
  readonly offset: number;
  /** Length in bytes, from the header byte to the byte before the next start code. */
  readonly length: number;
  /** nal_unit_type (5 bits). */
  readonly type: number;
}

export function nalType(headerByte: number): number {
  return headerByte & 0x1f;
}

/**
 * Splits an Annex-B stream at its 3- and 4-byte start codes. Trailing zero
 * bytes before a start code belong to the next start code (trailing_zero_8bits),
 * so they are trimmed from the preceding NAL. Bytes before the first start
 * code are ignored; empty NAL units are skipped.
 */
export function splitAnnexB(data: Uint8Array): NalUnitRef[] {
  const starts: number[] = [];
  const n = data.length;
  let i = 0;
  while (i + 2 < n) {
    // Fast skip: a start code needs data[i+2] === 1 with two zeros before it.
    if (data[i + 2]! > 1) {
      i += 3;
      continue;
    }
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      starts.push(i + 3);
      i += 3;
      continue;
    }
    i += 1;
  }
  const nals: NalUnitRef[] = [];
  for (let k = 0; k < starts.length; k++) {
    const offset = starts[k]!;
    let end = k + 1 < starts.length ? starts[k + 1]! - 3 : n;
    while (end > offset && data[end - 1] === 0) end--;
    if (end > offset) nals.push({ offset, length: end - offset, type: nalType(data[offset]!) });
  }
  return nals;
}

/**
 * Removes emulation prevention bytes (00 00 03 → 00 00) from the first
 * `maxBytes` of a NAL payload, enough to read leading header fields.
 */
export function unescapeRbsp(nal: Uint8Array, maxBytes = nal.length): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (let i = 0; i < nal.length && out.length < maxBytes; i++) {
    const b = nal[i]!;
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

/** Reads one unsigned exp-Golomb code (ue(v), H.264 9.1) at a bit position; undefined when the data runs out. */
export function readUe(data: Uint8Array, bitOffset: number): { value: number; nextBit: number } | undefined {
  const bit = (pos: number): number | undefined => {
    const byte = data[pos >> 3];
    return byte === undefined ? undefined : (byte >> (7 - (pos & 7))) & 1;
  };
  let pos = bitOffset;
  let leadingZeros = 0;
  for (;;) {
    const b = bit(pos++);
    if (b === undefined) return undefined;
    if (b === 1) break;
    // 32 leading zeros would overflow any field the simulator reads: treat as corrupt.
    if (++leadingZeros > 31) return undefined;
  }
  let suffix = 0;
  for (let k = 0; k < leadingZeros; k++) {
    const b = bit(pos++);
    if (b === undefined) return undefined;
    suffix = suffix * 2 + b;
  }
  return { value: 2 ** leadingZeros - 1 + suffix, nextBit: pos };
}

/**
 * first_mb_in_slice of a slice NAL (types 1 and 5): the ue(v) right after the
 * one-byte NAL header. 0 means the slice starts a new picture.
 */
export function firstMbInSlice(nal: Uint8Array): number | undefined {
  // A ue(v) up to 2^16 fits in 33 bits; 8 escaped bytes after the header are plenty.
  const rbsp = unescapeRbsp(nal.subarray(1), 8);
  return readUe(rbsp, 0)?.value;
}

export function isVcl(type: number): boolean {
  return type >= 1 && type <= 5;
}
