import { NAL_TYPE, firstMbInSlice, isVcl, splitAnnexB, type NalUnitRef } from './annexb.js';

/** One access unit (one picture) of an Annex-B stream, as references into the source buffer. */
export interface AccessUnit {
  readonly nals: readonly NalUnitRef[];
  /** True when the picture is an IDR (decoding can start here). */
  readonly idr: boolean;
}

/**
 * Groups NAL units into access units (H.264 7.4.1.2.3). A new access unit
 * starts at an AUD, SPS, PPS, SEI or types 14..18 that follow a picture's
 * slices, and at a slice whose first_mb_in_slice is 0 when the current unit
 * already has a slice. Multi-slice pictures (x264 with sliced threads, as
 * `-tune zerolatency` produces) stay one access unit.
 */
export function groupAccessUnits(data: Uint8Array, nals: readonly NalUnitRef[] = splitAnnexB(data)): AccessUnit[] {
  const units: AccessUnit[] = [];
  let current: NalUnitRef[] = [];
  let hasVcl = false;
  let idr = false;
  const flush = (): void => {
    if (current.length > 0 && hasVcl) units.push({ nals: current, idr });
    // Parameter sets or SEI with no picture after them (end of stream) are dropped: nothing can use them.
    current = [];
    hasVcl = false;
    idr = false;
  };
  for (const nal of nals) {
    const startsUnit =
      nal.type === NAL_TYPE.aud ||
      nal.type === NAL_TYPE.sps ||
      nal.type === NAL_TYPE.pps ||
      nal.type === NAL_TYPE.sei ||
      (nal.type >= 14 && nal.type <= 18);
    if (startsUnit && hasVcl) flush();
    if (nal.type === NAL_TYPE.slice || nal.type === NAL_TYPE.idr) {
      const firstMb = firstMbInSlice(data.subarray(nal.offset, nal.offset + nal.length));
      if (firstMb === 0 && hasVcl) flush();
    }
    current.push(nal);
    if (isVcl(nal.type)) hasVcl = true;
    if (nal.type === NAL_TYPE.idr) idr = true;
  }
  flush();
  return units;
}

/** The stream's first SPS and PPS, which the SDP announces and the sender repeats before every IDR. */
export interface ParameterSets {
  readonly sps: Buffer;
  readonly pps: Buffer;
}

export function findParameterSets(data: Buffer, nals: readonly NalUnitRef[]): ParameterSets | undefined {
  const sps = nals.find((n) => n.type === NAL_TYPE.sps);
  const pps = nals.find((n) => n.type === NAL_TYPE.pps);
  if (!sps || !pps) return undefined;
  return {
    sps: data.subarray(sps.offset, sps.offset + sps.length),
    pps: data.subarray(pps.offset, pps.offset + pps.length),
  };
}

/** RFC 6184 profile-level-id: profile_idc, constraint flags and level_idc (SPS bytes 1..3) as 6 hex digits. */
export function profileLevelId(sps: Uint8Array): string {
  if (sps.length < 4) throw new RangeError(`SPS too short (${sps.length} bytes) for profile-level-id`);
  return Buffer.from(sps.subarray(1, 4)).toString('hex').toUpperCase();
}

/** RFC 6184 sprop-parameter-sets: base64 SPS and PPS, comma-separated. */
export function spropParameterSets(sets: ParameterSets): string {
  return `${Buffer.from(sets.sps).toString('base64')},${Buffer.from(sets.pps).toString('base64')}`;
}
