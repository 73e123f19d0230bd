import { describe, expect, it } from 'vitest';
import { buildSenderReport } from './rtcp-sender-report.js';

describe('buildSenderReport', () => {
  const report = buildSenderReport({
    ssrc: 0x01020304,
    wallClockMs: Date.UTC(2026, 0, 1) + 500,
    rtpTimestamp: 123_456,
    packetCount: 10,
    octetCount: 14_000,
    cname: 'cam-1',
  });

  it('starts with a sender report carrying the NTP/RTP pair and counts', () => {
    expect(report[0]).toBe(0x80);
    expect(report[1]).toBe(200);
    expect(report.readUInt16BE(2)).toBe(6);
    expect(report.readUInt32BE(4)).toBe(0x01020304);
    expect(report.readUInt32BE(8)).toBe(Date.UTC(2026, 0, 1) / 1000 + 2_208_988_800);
    expect(report.readUInt32BE(12)).toBe(2 ** 31); // half a second
    expect(report.readUInt32BE(16)).toBe(123_456);
    expect(report.readUInt32BE(20)).toBe(10);
    expect(report.readUInt32BE(24)).toBe(14_000);
  });

  it('ends with an SDES CNAME chunk padded to 32 bits', () => {
    const sdes = report.subarray(28);
    expect(sdes[1]).toBe(202);
    expect(sdes.length % 4).toBe(0);
    expect((sdes.readUInt16BE(2) + 1) * 4).toBe(sdes.length);
    expect(sdes[8]).toBe(1);
    expect(sdes.subarray(10, 10 + sdes[9]!).toString()).toBe('cam-1');
  });
});
