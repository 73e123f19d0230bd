import { describe, expect, it } from 'vitest';
import { buildSdp } from './rtsp-sdp.js';

describe('buildSdp', () => {
  const sdp = buildSdp(
    { name: 'cam', host: '127.0.0.1', profileLevelId: '64001F', spropParameterSets: 'Z2Q=,aO4=', fps: 12.5, width: 768, height: 432 },
    '1',
  );
  const lines = sdp.split('\r\n');

  it('describes one H.264 track under aggregate control', () => {
    expect(lines.indexOf('a=control:*')).toBeLessThan(lines.indexOf('m=video 0 RTP/AVP 96'));
    expect(lines).toContain('a=rtpmap:96 H264/90000');
    expect(lines).toContain('a=fmtp:96 packetization-mode=1;profile-level-id=64001F;sprop-parameter-sets=Z2Q=,aO4=');
    expect(lines).toContain('a=framerate:12.5');
    expect(lines.at(-2)).toBe('a=control:trackID=0');
    expect(sdp.endsWith('\r\n')).toBe(true);
  });
});

describe('buildSdp with audio', () => {
  const sdp = buildSdp(
    {
      name: 'cam',
      host: '127.0.0.1',
      profileLevelId: '64001F',
      spropParameterSets: 'Z2Q=,aO4=',
      fps: 25,
      width: 768,
      height: 432,
      audio: { sampleRate: 48000, channels: 2, config: Buffer.from([0x11, 0x90]) },
    },
    '1',
  );
  const lines = sdp.split('\r\n');

  it('adds an RFC 3640 AAC-hbr track after the video track', () => {
    expect(lines.indexOf('m=audio 0 RTP/AVP 97')).toBeGreaterThan(lines.indexOf('a=control:trackID=0'));
    expect(lines).toContain('a=rtpmap:97 MPEG4-GENERIC/48000/2');
    expect(lines).toContain('a=fmtp:97 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1190');
    expect(lines.at(-2)).toBe('a=control:trackID=1');
  });
});
