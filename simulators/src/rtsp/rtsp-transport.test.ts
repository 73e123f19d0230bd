import { describe, expect, it } from 'vitest';
import { chooseTransport, formatTransport, frameInterleaved } from './rtsp-transport.js';

describe('chooseTransport', () => {
  it.each([
    ['RTP/AVP/TCP;unicast;interleaved=0-1', { kind: 'interleaved', rtpChannel: 0, rtcpChannel: 1 }],
    ['RTP/AVP/TCP;unicast;interleaved=4-5', { kind: 'interleaved', rtpChannel: 4, rtcpChannel: 5 }],
    ['RTP/AVP/TCP;unicast', { kind: 'interleaved', rtpChannel: 0, rtcpChannel: 1 }],
    ['RTP/AVP;unicast;client_port=5000-5001', { kind: 'udp', clientRtpPort: 5000, clientRtcpPort: 5001 }],
    ['RTP/AVP/UDP;unicast;client_port=5000-5001', { kind: 'udp', clientRtpPort: 5000, clientRtcpPort: 5001 }],
    ['RTP/AVP;unicast;client_port=7000', { kind: 'udp', clientRtpPort: 7000, clientRtcpPort: 7001 }],
    ['RTP/AVP;multicast,RTP/AVP/TCP;unicast;interleaved=2-3', { kind: 'interleaved', rtpChannel: 2, rtcpChannel: 3 }],
    ['RTP/AVP;unicast;client_port=5000-5001,RTP/AVP/TCP;unicast;interleaved=2-3', { kind: 'udp', clientRtpPort: 5000, clientRtcpPort: 5001 }],
  ])('accepts %s', (header, expected) => {
    expect(chooseTransport(header)).toEqual(expected);
  });

  it.each([
    ['RTP/AVP;multicast'],
    ['RTP/AVP;multicast;client_port=5000-5001'],
    ['RTP/AVP;unicast'],
    ['RTP/AVP;unicast;client_port=0-1'],
    ['RTP/AVP;unicast;client_port=70000-70001'],
    ['RTP/AVP/TCP;interleaved=300-301'],
    ['RAW/RAW/UDP;unicast;client_port=5000-5001'],
    [undefined],
  ])('refuses %s (answered with 461)', (header) => {
    expect(chooseTransport(header)).toBeUndefined();
  });

  it('formats the replies with the SSRC in hex and the server ports for UDP', () => {
    expect(formatTransport({ kind: 'interleaved', rtpChannel: 0, rtcpChannel: 1 }, 0xab)).toBe('RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=000000AB');
    expect(formatTransport({ kind: 'udp', clientRtpPort: 5000, clientRtcpPort: 5001 }, 0xab, [6000, 6001])).toBe(
      'RTP/AVP;unicast;client_port=5000-5001;server_port=6000-6001;ssrc=000000AB',
    );
  });
});

describe('frameInterleaved', () => {
  it('prefixes every packet with $, the channel and its length', () => {
    const out = frameInterleaved(3, [Buffer.from([1, 2]), Buffer.from([9])]);
    expect([...out]).toEqual([0x24, 3, 0, 2, 1, 2, 0x24, 3, 0, 1, 9]);
  });
});
