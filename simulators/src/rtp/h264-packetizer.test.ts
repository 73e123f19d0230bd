import { describe, expect, it } from 'vitest';
import { H264Packetizer } from './h264-packetizer.js';
import { readRtpHeader, RTP_HEADER_BYTES } from './rtp-packet.js';

const nal = (type: number, length: number, nri = 3): Buffer => {
  const b = Buffer.alloc(length, 0xab);
  b[0] = (nri << 5) | type;
  return b;
};

/** Reassembles FU-A fragments back into NAL units (what a receiver does). */
function depacketize(packets: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  let fu: Buffer[] = [];
  for (const p of packets) {
    const payload = p.subarray(RTP_HEADER_BYTES);
    if ((payload[0]! & 0x1f) !== 28) {
      out.push(payload);
      continue;
    }
    const header = payload[1]!;
    if (header & 0x80) fu = [Buffer.of((payload[0]! & 0xe0) | (header & 0x1f))];
    fu.push(payload.subarray(2));
    if (header & 0x40) out.push(Buffer.concat(fu));
  }
  return out;
}

describe('H264Packetizer', () => {
  it('sends small NAL units as single NAL unit packets with the marker on the last one', () => {
    const p = new H264Packetizer({ ssrc: 0xdeadbeef, initialSequence: 100 });
    const packets = p.packetize([nal(7, 10), nal(8, 4), nal(5, 500)], 90_000);
    const headers = packets.map(readRtpHeader);
    expect(headers.map((h) => [h.sequence, h.marker, h.timestamp, h.ssrc, h.payloadType])).toEqual([
      [100, false, 90_000, 0xdeadbeef, 96],
      [101, false, 90_000, 0xdeadbeef, 96],
      [102, true, 90_000, 0xdeadbeef, 96],
    ]);
    expect(packets[2]!.length).toBe(RTP_HEADER_BYTES + 500);
  });

  it('fragments large NAL units as FU-A that reassemble to the original', () => {
    const p = new H264Packetizer({ ssrc: 1, initialSequence: 0, maxPayloadBytes: 1400 });
    const big = nal(5, 5000);
    big.forEach((_, i) => i > 0 && (big[i] = i & 0xff));
    const packets = p.packetize([nal(6, 20), big], 1234);
    expect(packets.length).toBe(1 + Math.ceil((5000 - 1) / 1398));
    expect(packets.every((pk) => pk.length <= RTP_HEADER_BYTES + 1400)).toBe(true);
    const fuHeaders = packets.slice(1).map((pk) => pk[RTP_HEADER_BYTES + 1]!);
    expect(fuHeaders[0]! & 0xc0).toBe(0x80); // start bit
    expect(fuHeaders.at(-1)! & 0xc0).toBe(0x40); // end bit
    expect(packets.map((pk) => readRtpHeader(pk).marker)).toEqual(packets.map((_, i) => i === packets.length - 1));
    expect(depacketize(packets)).toEqual([nal(6, 20), big]);
  });

  it('wraps sequence numbers at 16 bits and counts packets and payload octets', () => {
    const p = new H264Packetizer({ ssrc: 1, initialSequence: 0xfffe });
    const packets = p.packetize([nal(1, 10), nal(1, 10), nal(1, 10)], 2 ** 32 - 1);
    expect(packets.map((pk) => readRtpHeader(pk).sequence)).toEqual([0xfffe, 0xffff, 0]);
    expect(readRtpHeader(packets[0]!).timestamp).toBe(2 ** 32 - 1);
    expect(p.nextSequence).toBe(1);
    expect([p.packetCount, p.octetCount]).toEqual([3, 30]);
  });
});
