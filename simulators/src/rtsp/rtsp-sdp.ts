export interface SdpVideoInfo {
  /** Session-level name, e.g. the camera id and stream. */
  readonly name: string;
  /** Address of the server, for the o= line. */
  readonly host: string;
  readonly profileLevelId: string;
  readonly spropParameterSets: string;
  readonly fps: number;
  readonly width: number;
  readonly height: number;
  readonly payloadType?: number;
}

/** Control path of the one video track, relative to Content-Base. */
export const VIDEO_TRACK_CONTROL = 'trackID=0';

/** The session description DESCRIBE returns: one H.264 track, aggregate control `*` (RFC 2326 C.1, RFC 6184 8). */
export function buildSdp(info: SdpVideoInfo, sessionId: string): string {
  const pt = info.payloadType ?? 96;
  const fps = Number.isInteger(info.fps) ? String(info.fps) : info.fps.toFixed(3).replace(/0+$/, '');
  return [
    'v=0',
    `o=- ${sessionId} 1 IN IP4 ${info.host}`,
    `s=${info.name}`,
    'c=IN IP4 0.0.0.0',
    't=0 0',
    'a=tool:argus-sim',
    'a=control:*',
    'a=range:npt=0-',
    `m=video 0 RTP/AVP ${pt}`,
    `a=rtpmap:${pt} H264/90000`,
    `a=fmtp:${pt} packetization-mode=1;profile-level-id=${info.profileLevelId};sprop-parameter-sets=${info.spropParameterSets}`,
    `a=framerate:${fps}`,
    `a=x-dimensions:${info.width},${info.height}`,
    `a=control:${VIDEO_TRACK_CONTROL}`,
    '',
  ].join('\r\n');
}
