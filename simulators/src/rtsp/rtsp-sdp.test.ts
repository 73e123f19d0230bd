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
