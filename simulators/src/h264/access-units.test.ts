import { describe, expect, it } from 'vitest';
import { findParameterSets, groupAccessUnits, profileLevelId, spropParameterSets } from './access-units.js';
import { splitAnnexB } from './annexb.js';

/** Builds an Annex-B stream from NAL units given as byte arrays. */
function stream(...nals: number[][]): Buffer {
  return Buffer.concat(nals.map((n) => Buffer.from([0, 0, 0, 1, ...n])));
}

// first_mb_in_slice as the first ue(v): 0x88 → 0, 0x20 → 3, 0x30 → 5.
const SPS = [0x67, 0x64, 0x00, 0x1f, 0xac];
const PPS = [0x68, 0xee, 0x3c, 0x80];
const SEI = [0x06, 0x05, 0x01, 0x80];
const AUD = [0x09, 0xf0];
const idr = (mbByte: number): number[] => [0x65, mbByte, 0x11];
const pSlice = (mbByte: number): number[] => [0x41, mbByte, 0x22];

const shape = (data: Buffer): Array<{ idr: boolean; types: number[] }> =>
  groupAccessUnits(data).map((u) => ({ idr: u.idr, types: u.nals.map((n) => n.type) }));

describe('groupAccessUnits', () => {
  it('keeps parameter sets, SEI and every slice of a picture together', () => {
    const data = stream(SPS, PPS, SEI, idr(0x88), idr(0x30), pSlice(0x88), pSlice(0x20), pSlice(0x88));
    expect(shape(data)).toEqual([
      { idr: true, types: [7, 8, 6, 5, 5] },
      { idr: false, types: [1, 1] },
      { idr: false, types: [1] },
    ]);
  });

  it('starts a new unit at an AUD, SPS, PPS or SEI that follows a picture', () => {
    const data = stream(AUD, SPS, PPS, idr(0x88), AUD, pSlice(0x88), SEI, pSlice(0x88), SPS, PPS, idr(0x88));
    expect(shape(data)).toEqual([
      { idr: true, types: [9, 7, 8, 5] },
      { idr: false, types: [9, 1] },
      { idr: false, types: [6, 1] },
      { idr: true, types: [7, 8, 5] },
    ]);
  });

  it('drops trailing non-picture units', () => {
    expect(shape(stream(SPS, PPS, idr(0x88), SEI))).toEqual([{ idr: true, types: [7, 8, 5] }]);
  });
});

describe('parameter sets for the SDP', () => {
  const data = stream(SPS, PPS, idr(0x88));
  const sets = findParameterSets(data, splitAnnexB(data))!;

  it('finds the first SPS and PPS', () => {
    expect([...sets.sps]).toEqual(SPS);
    expect([...sets.pps]).toEqual(PPS);
  });

  it('derives profile-level-id from SPS bytes 1..3', () => {
    expect(profileLevelId(sets.sps)).toBe('64001F');
  });

  it('encodes sprop-parameter-sets as base64 SPS,PPS', () => {
    expect(spropParameterSets(sets)).toBe(`${Buffer.from(SPS).toString('base64')},${Buffer.from(PPS).toString('base64')}`);
  });

  it('is undefined without a PPS', () => {
    const noPps = stream(SPS, idr(0x88));
    expect(findParameterSets(noPps, splitAnnexB(noPps))).toBeUndefined();
  });
});
