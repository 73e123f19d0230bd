/** RTP fixed header (RFC 3550 5.1) without CSRCs or extensions: 12 bytes. */
export const RTP_HEADER_BYTES = 12;

export interface RtpHeader {
  readonly marker: boolean;
  readonly payloadType: number;
  /** 16-bit sequence number. */
  readonly sequence: number;
  /** 32-bit media timestamp. */
  readonly timestamp: number;
  readonly ssrc: number;
}

/** Writes the header into the first 12 bytes of `packet`. */
export function writeRtpHeader(packet: Buffer, header: RtpHeader): void {
  packet[0] = 0x80; // V=2, no padding, no extension, no CSRC
  packet[1] = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7f);
  packet.writeUInt16BE(header.sequence & 0xffff, 2);
  packet.writeUInt32BE(header.timestamp >>> 0, 4);
  packet.writeUInt32BE(header.ssrc >>> 0, 8);
}

export function readRtpHeader(packet: Uint8Array): RtpHeader {
  const view = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  return {
    marker: (view[1]! & 0x80) !== 0,
    payloadType: view[1]! & 0x7f,
    sequence: view.readUInt16BE(2),
    timestamp: view.readUInt32BE(4),
    ssrc: view.readUInt32BE(8),
  };
}
