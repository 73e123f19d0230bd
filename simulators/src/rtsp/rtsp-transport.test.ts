import { describe, expect, it } from 'vitest';
import { chooseInterleavedTransport, formatInterleavedTransport, frameInterleaved } from './rtsp-transport.js';

describe('chooseInterleavedTransport', () => {
  it.each([
    ['RTP/AVP/TCP;unicast;interleaved=0-1', { rtpChannel: 0, rtcpChannel: 1 }],
    ['RTP/AVP/TCP;unicast;interleaved=4-5', { rtpChannel: 4, rtcpChannel: 5 }],
    ['RTP/AVP/TCP;unicast', { rtpChannel: 0, rtcpChannel: 1 }],
    ['RTP/AVP;unicast;client_port=5000-5001,RTP/AVP/TCP;unicast;interleaved=2-3', { rtpChannel: 2, rtcpChannel: 3 }],
  ])('picks the TCP alternative of %s', (header, expected) => {
    expect(chooseInterleavedTransport(header)).toEqual(expected);
  });

  it.each([['RTP/AVP;unicast;client_port=5000-5001'], ['RTP/AVP;multicast'], ['RTP/AVP/TCP;interleaved=300-301'], [undefined]])(
    'refuses %s (answered with 461)',
    (header) => {
      expect(chooseInterleavedTransport(header)).toBeUndefined();
    },
  );

  it('formats the reply with the SSRC in hex', () => {
    expect(formatInterleavedTransport({ rtpChannel: 0, rtcpChannel: 1 }, 0xab)).toBe('RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=000000AB');
  });
});

describe('frameInterleaved', () => {
  it('prefixes every packet with $, the channel and its length', () => {
    const out = frameInterleaved(3, [Buffer.from([1, 2]), Buffer.from([9])]);
    expect([...out]).toEqual([0x24, 3, 0, 2, 1, 2, 0x24, 3, 0, 1, 9]);
  });
});
