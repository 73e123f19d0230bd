import { describe, expect, it } from 'vitest';
import { firstMbInSlice, readUe, splitAnnexB, unescapeRbsp } from './annexb.js';

const bytes = (...values: number[]): Buffer => Buffer.from(values);

describe('splitAnnexB', () => {
  it('finds NAL units after 3- and 4-byte start codes', () => {
    const data = bytes(0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xce, 0, 0, 0, 1, 0x65, 0x88, 0x84);
    const nals = splitAnnexB(data);
    expect(nals.map((n) => [n.type, n.offset, n.length])).toEqual([
      [7, 4, 2],
      [8, 9, 2],
      [5, 15, 3],
    ]);
  });

  it('trims trailing zero bytes and ignores bytes before the first start code and empty units', () => {
    const data = bytes(0xff, 0xee, 0, 0, 1, 0x41, 0x9a, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0x41, 0xe0);
    const nals = splitAnnexB(data);
    expect(nals.map((n) => [n.type, n.length])).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('returns nothing for data without start codes', () => {
    expect(splitAnnexB(bytes(1, 2, 3, 4, 5))).toEqual([]);
  });
});

describe('readUe', () => {
  it.each([
    [[0b1000_0000], 0],
    [[0b0100_0000], 1],
    [[0b0110_0000], 2],
    [[0b0010_0000], 3],
    [[0b0011_0000], 5],
    [[0b0001_0000], 7],
    [[0b0000_0001, 0b0000_0000], 127],
    [[0b0000_0001, 0b1111_1110], 254],
  ])('reads %j as %i', (data, value) => {
    expect(readUe(Uint8Array.from(data), 0)?.value).toBe(value);
  });

  it('reads consecutive codes from a bit offset', () => {
    // 1 | 010 | 011 → 0, 1, 2
    const data = Uint8Array.of(0b1010_0110);
    const a = readUe(data, 0)!;
    const b = readUe(data, a.nextBit)!;
    const c = readUe(data, b.nextBit)!;
    expect([a.value, b.value, c.value]).toEqual([0, 1, 2]);
  });

  it('returns undefined when the data ends inside a code', () => {
    expect(readUe(Uint8Array.of(0, 0), 0)).toBeUndefined();
    expect(readUe(Uint8Array.of(0b0000_0010), 0)).toBeUndefined();
  });
});

describe('firstMbInSlice', () => {
  it('reads the ue(v) right after the NAL header', () => {
    expect(firstMbInSlice(bytes(0x65, 0x88))).toBe(0);
    expect(firstMbInSlice(bytes(0x41, 0x30))).toBe(5);
  });

  it('skips emulation prevention bytes', () => {
    // A long zero run is escaped as 00 00 03 in the NAL; the ue(v) must be read from the unescaped bits.
    const escaped = bytes(0x41, 0x00, 0x00, 0x03, 0x01, 0xff, 0xff, 0xfe, 0x80);
    const rbsp = Uint8Array.of(0x00, 0x00, 0x01, 0xff, 0xff, 0xfe, 0x80);
    expect(unescapeRbsp(escaped.subarray(1))).toEqual(rbsp);
    const expected = readUe(rbsp, 0)!.value;
    expect(expected).toBe(2 ** 23 - 1 + 0x7fffff);
    expect(firstMbInSlice(escaped)).toBe(expected);
    expect(readUe(escaped.subarray(1), 0)?.value).not.toBe(expected);
  });
});
