import { RTP_HEADER_BYTES, writeRtpHeader } from './rtp-packet.js';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './h264-packetizer.js';

export const AAC_PAYLOAD_TYPE = 97; // used by aac-packetizer and rtsp-sdp
const AU_HEADER_BYTES = 2; // AAC-hbr: 13-bit size + 3-bit index (delta)

export interface AacPacketizerOptions {
  readonly ssrc: number;
  readonly initialSequence: number;
  readonly samplesPerFrame: number;
  readonly maxPayloadBytes?: number;
}

/**
 * RFC 3640 `mode=AAC-hbr` sender (sizelength=13, indexlength=3,
 * indexdeltalength=3): consecutive AUs share a packet while they fit, each
 * with a 16-bit AU header (size, index delta 0); the RTP timestamp is the
 * first AU's and the marker bit is set (every packet ends a whole AU).
 * AUs larger than one packet are not fragmented: AAC-LC frames are far
 * below the MTU (at most 6144 bits per channel).
 */
export class AacPacketizer {
  private sequence: number;
  private readonly maxPayload: number;
  readonly ssrc: number;
  packetCount = 0;
  octetCount = 0;

  constructor(private readonly options: AacPacketizerOptions) {
    this.ssrc = options.ssrc >>> 0;
    this.sequence = options.initialSequence & 0xffff;
    this.maxPayload = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  }

  get nextSequence(): number {
    return this.sequence;
  }

  /** Packets for consecutive AUs, the first stamped `timestamp` (32-bit, audio sample clock). */
  packetize(frames: readonly Buffer[], timestamp: number): Buffer[] {
    const packets: Buffer[] = [];
    let group: Buffer[] = [];
    let groupBytes = 2;
    let groupTimestamp = timestamp;
    const flush = (): void => {
      if (group.length === 0) return;
      packets.push(this.packet(group, groupTimestamp));
      groupTimestamp = (groupTimestamp + group.length * this.options.samplesPerFrame) % 2 ** 32;
      group = [];
      groupBytes = 2;
    };
    for (const frame of frames) {
      if (frame.length > 0x1fff) continue; // cannot be described in 13 bits; never happens for AAC-LC
      if (group.length > 0 && groupBytes + AU_HEADER_BYTES + frame.length > this.maxPayload) flush();
      group.push(frame);
      groupBytes += AU_HEADER_BYTES + frame.length;
    }
    flush();
    return packets;
  }

  private packet(frames: readonly Buffer[], timestamp: number): Buffer {
    const headersBytes = frames.length * AU_HEADER_BYTES;
    const payloadBytes = 2 + headersBytes + frames.reduce((s, f) => s + f.length, 0);
    const packet = Buffer.allocUnsafe(RTP_HEADER_BYTES + payloadBytes);
    writeRtpHeader(packet, { marker: true, payloadType: AAC_PAYLOAD_TYPE, sequence: this.sequence, timestamp, ssrc: this.ssrc });
    let offset = RTP_HEADER_BYTES;
    packet.writeUInt16BE(headersBytes * 8, offset); // AU-headers-length in bits
    offset += 2;
    for (const frame of frames) {
      packet.writeUInt16BE(frame.length << 3, offset); // size, then index/index-delta 0
      offset += 2;
    }
    for (const frame of frames) {
      frame.copy(packet, offset);
      offset += frame.length;
    }
    this.sequence = (this.sequence + 1) & 0xffff;
    this.packetCount++;
    this.octetCount += payloadBytes;
    return packet;
  }
}
