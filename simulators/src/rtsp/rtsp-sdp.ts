import { AAC_PAYLOAD_TYPE } from '../rtp/aac-packetizer.js';

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
  /** AAC audio as a second track (RFC 3640 AAC-hbr); absent for video only. */
  readonly audio?: SdpAudioInfo;
}

export interface SdpAudioInfo {
  readonly sampleRate: number;
  readonly channels: number;
  /** AudioSpecificConfig bytes (the fmtp `config=` value). */
  readonly config: Buffer;
}

/** Control path of the one video track, relative to Content-Base. */
export const VIDEO_TRACK_CONTROL = 'trackID=0';
/** Control path of the audio track, when the mount has one. */
export const AUDIO_TRACK_CONTROL = 'trackID=1';

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
    ...(info.audio ? audioLines(info.audio) : []),
    '',
  ].join('\r\n');
}

function audioLines(audio: SdpAudioInfo): string[] {
  const pt = AAC_PAYLOAD_TYPE;
  return [
    `m=audio 0 RTP/AVP ${pt}`,
    `a=rtpmap:${pt} MPEG4-GENERIC/${audio.sampleRate}/${audio.channels}`,
    `a=fmtp:${pt} streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=${audio.config.toString('hex').toUpperCase()}`,
    `a=control:${AUDIO_TRACK_CONTROL}`,
  ];
}
