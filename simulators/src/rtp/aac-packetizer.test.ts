import { describe, expect, it } from 'vitest';
import { AacPacketizer } from './aac-packetizer.js';
import { readRtpHeader } from './rtp-packet.js';

describe('AacPacketizer', () => {
  it('packs consecutive AUs behind RFC 3640 AU headers with the marker set', () => {
    const p = new AacPacketizer({ ssrc: 7, initialSequence: 5, samplesPerFrame: 1024 });
    const [packet, ...rest] = p.packetize([Buffer.from([1, 2, 3]), Buffer.from([4, 5])], 1000);
    expect(rest).toEqual([]);
    expect(readRtpHeader(packet!)).toEqual({ marker: true, payloadType: 97, sequence: 5, timestamp: 1000, ssrc: 7 });
    const payload = packet!.subarray(12);
    expect(payload.readUInt16BE(0)).toBe(32); // two 16-bit AU headers
    expect(payload.readUInt16BE(2)).toBe(3 << 3); // size 3, index 0
    expect(payload.readUInt16BE(4)).toBe(2 << 3); // size 2, index delta 0
    expect([...payload.subarray(6)]).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts a new packet when the next AU would not fit, stamped with that AU’s sample time', () => {
    const p = new AacPacketizer({ ssrc: 7, initialSequence: 0xffff, samplesPerFrame: 1024, maxPayloadBytes: 700 });
    const packets = p.packetize([Buffer.alloc(400), Buffer.alloc(400), Buffer.alloc(400)], 2 ** 32 - 1024);
    expect(packets.map((pk) => [readRtpHeader(pk).sequence, readRtpHeader(pk).timestamp])).toEqual([
      [0xffff, 2 ** 32 - 1024],
      [0, 0],
      [1, 1024],
    ]);
  });
});
