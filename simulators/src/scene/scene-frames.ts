import { NAL_TYPE, splitAnnexB } from '../h264/annexb.js';
import { findParameterSets, groupAccessUnits, profileLevelId, spropParameterSets } from '../h264/access-units.js';
import { SIM_ERRORS, simError } from '../simulator-errors.js';

/** A frame rate as a fraction (frames per second = num / den), so 30000/1001 stays exact. */
export interface FrameRate {
  readonly num: number;
  readonly den: number;
}

export function frameRateValue(rate: FrameRate): number {
  return rate.num / rate.den;
}

/** One picture ready to send: the NAL units in order (no start codes), SPS+PPS first on IDRs. */
export interface SceneFrame {
  readonly nals: readonly Buffer[];
  readonly idr: boolean;
}

/** A whole encoded scene in memory: one Buffer, frames as views into it. */
export interface SceneFrames {
  readonly width: number;
  readonly height: number;
  readonly fps: FrameRate;
  readonly frames: readonly SceneFrame[];
  readonly sps: Buffer;
  readonly pps: Buffer;
  /** RFC 6184 fmtp values for the SDP. */
  readonly profileLevelId: string;
  readonly spropParameterSets: string;
  /** Size of the elementary stream, for logs. */
  readonly bytes: number;
}

export interface SceneGeometry {
  readonly width: number;
  readonly height: number;
  readonly fps: FrameRate;
}

/**
 * Cuts an Annex-B elementary stream into sendable frames. Parameter sets and
 * AUDs are taken out of the frames and SPS+PPS are put in front of every IDR
 * instead, so a client joining (or rejoining after drops) at any IDR can
 * decode even though the encoder wrote them once.
 */
export function buildSceneFrames(data: Buffer, geometry: SceneGeometry): SceneFrames {
  const nals = splitAnnexB(data);
  const sets = findParameterSets(data, nals);
  if (!sets) throw simError(SIM_ERRORS.sceneInvalid, 'scene has no SPS/PPS');
  const units = groupAccessUnits(data, nals);
  if (units.length === 0) throw simError(SIM_ERRORS.sceneInvalid, 'scene has no pictures');
  if (!units[0]!.idr) throw simError(SIM_ERRORS.sceneInvalid, 'scene does not start with an IDR picture');
  const frames: SceneFrame[] = units.map((unit) => {
    const body = unit.nals
      .filter((n) => n.type !== NAL_TYPE.sps && n.type !== NAL_TYPE.pps && n.type !== NAL_TYPE.aud)
      .map((n) => data.subarray(n.offset, n.offset + n.length));
    return { idr: unit.idr, nals: unit.idr ? [sets.sps, sets.pps, ...body] : body };
  });
  return {
    width: geometry.width,
    height: geometry.height,
    fps: geometry.fps,
    frames,
    sps: sets.sps,
    pps: sets.pps,
    profileLevelId: profileLevelId(sets.sps),
    spropParameterSets: spropParameterSets(sets),
    bytes: data.length,
  };
}
