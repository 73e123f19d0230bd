/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;

export interface SenderReportInput {
  readonly ssrc: number;
  /** Wall clock of the report, epoch ms. */
  readonly wallClockMs: number;
  /** RTP timestamp that corresponds to `wallClockMs` (32-bit). */
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
  /** SDES CNAME: RFC 3550 6.1 wants every compound RTCP packet to carry one. */
  readonly cname: string;
}

/**
 * A compound RTCP packet: sender report (RFC 3550 6.4.1, no report blocks)
 * followed by SDES with CNAME. Clients use the NTP/RTP pair to map media time
 * to wall clock.
 */
export function buildSenderReport(input: SenderReportInput): Buffer {
  const sr = Buffer.alloc(28);
  sr[0] = 0x80; // V=2, P=0, RC=0
  sr[1] = 200; // SR
  sr.writeUInt16BE(6, 2); // length in 32-bit words minus one
  sr.writeUInt32BE(input.ssrc >>> 0, 4);
  const seconds = Math.floor(input.wallClockMs / 1000);
  const fraction = Math.floor(((input.wallClockMs - seconds * 1000) / 1000) * 2 ** 32);
  sr.writeUInt32BE((seconds + NTP_UNIX_OFFSET_S) >>> 0, 8);
  sr.writeUInt32BE(Math.min(fraction, 0xffffffff) >>> 0, 12);
  sr.writeUInt32BE(input.rtpTimestamp >>> 0, 16);
  sr.writeUInt32BE(input.packetCount >>> 0, 20);
  sr.writeUInt32BE(input.octetCount >>> 0, 24);

  const cname = Buffer.from(input.cname, 'utf8').subarray(0, 255);
  // SSRC (4) + item type/length (2) + text + end-of-list (1), padded to 32 bits.
  const chunkBytes = Math.ceil((4 + 2 + cname.length + 1) / 4) * 4;
  const sdes = Buffer.alloc(4 + chunkBytes);
  sdes[0] = 0x81; // V=2, SC=1
  sdes[1] = 202; // SDES
  sdes.writeUInt16BE(sdes.length / 4 - 1, 2);
  sdes.writeUInt32BE(input.ssrc >>> 0, 4);
  sdes[8] = 1; // CNAME
  sdes[9] = cname.length;
  cname.copy(sdes, 10);
  return Buffer.concat([sr, sdes]);
}
