import { RTP_HEADER_BYTES, writeRtpHeader } from './rtp-packet.js';

export const DEFAULT_MAX_PAYLOAD_BYTES = 1400; // used by h264-packetizer: fits a 1500-byte MTU with IP/UDP/RTP headers

const FU_A = 28;

export interface H264PacketizerOptions {
  readonly ssrc: number;
  /** First sequence number (16 bits); random per session (RFC 3550 5.1). */
  readonly initialSequence: number;
  readonly payloadType?: number;
  readonly maxPayloadBytes?: number;
}

/**
 * RFC 6184 packetization-mode=1 sender: a NAL unit that fits goes in a single
 * NAL unit packet, a larger one is split into FU-A fragments. The marker bit
 * is set on the last packet of the access unit (RFC 6184 5.1). Counts packets
 * and payload octets for RTCP sender reports.
 */
export class H264Packetizer {
  private sequence: number;
  private readonly payloadType: number;
  private readonly maxPayload: number;
  readonly ssrc: number;
  packetCount = 0;
  octetCount = 0;

  constructor(options: H264PacketizerOptions) {
    this.ssrc = options.ssrc >>> 0;
    this.sequence = options.initialSequence & 0xffff;
    this.payloadType = options.payloadType ?? 96;
    this.maxPayload = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    if (this.maxPayload < 3) throw new RangeError('maxPayloadBytes must leave room for FU-A headers');
  }

  /** Sequence number the next packet will carry. */
  get nextSequence(): number {
    return this.sequence;
  }

  /** RTP packets for one access unit, all stamped with `timestamp` (32-bit). */
  packetize(nals: readonly Uint8Array[], timestamp: number): Buffer[] {
    const packets: Buffer[] = [];
    nals.forEach((nal, i) => {
      const lastNal = i === nals.length - 1;
      if (nal.length === 0) return;
      if (nal.length <= this.maxPayload) {
        packets.push(this.packet(lastNal, timestamp, [nal]));
        return;
      }
      const header = nal[0]!;
      const indicator = (header & 0xe0) | FU_A; // F and NRI of the NAL, type 28
      const type = header & 0x1f;
      const chunk = this.maxPayload - 2;
      for (let offset = 1; offset < nal.length; offset += chunk) {
        const end = Math.min(nal.length, offset + chunk);
        const start = offset === 1;
        const last = end === nal.length;
        const fuHeader = (start ? 0x80 : 0) | (last ? 0x40 : 0) | type;
        packets.push(this.packet(lastNal && last, timestamp, [Uint8Array.of(indicator, fuHeader), nal.subarray(offset, end)]));
      }
    });
    return packets;
  }

  private packet(marker: boolean, timestamp: number, parts: readonly Uint8Array[]): Buffer {
    const payloadBytes = parts.reduce((sum, p) => sum + p.length, 0);
    const packet = Buffer.allocUnsafe(RTP_HEADER_BYTES + payloadBytes);
    writeRtpHeader(packet, { marker, payloadType: this.payloadType, sequence: this.sequence, timestamp, ssrc: this.ssrc });
    let offset = RTP_HEADER_BYTES;
    for (const part of parts) {
      packet.set(part, offset);
      offset += part.length;
    }
    this.sequence = (this.sequence + 1) & 0xffff;
    this.packetCount++;
    this.octetCount += payloadBytes;
    return packet;
  }
}
