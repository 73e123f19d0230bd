/** What SETUP settled on: RTP and RTCP interleaved on the RTSP connection (RFC 2326 10.12). */
export interface InterleavedTransport {
  readonly rtpChannel: number;
  readonly rtcpChannel: number;
}

/**
 * Picks the first `RTP/AVP/TCP` alternative of a Transport header
 * (alternatives are comma-separated, in the client's order of preference).
 * Returns undefined when the client offers only UDP or multicast: the
 * simulator has no UDP yet, and answering 461 makes ffmpeg fall back to TCP.
 */
export function chooseInterleavedTransport(header: string | undefined): InterleavedTransport | undefined {
  if (!header) return undefined;
  for (const alternative of header.split(',')) {
    const params = alternative.trim().split(';').map((p) => p.trim());
    if ((params[0] ?? '').toUpperCase() !== 'RTP/AVP/TCP') continue;
    if (params.some((p) => p.toLowerCase() === 'multicast')) continue;
    const interleaved = params.find((p) => p.toLowerCase().startsWith('interleaved='));
    if (!interleaved) return { rtpChannel: 0, rtcpChannel: 1 };
    const m = /^interleaved=(\d{1,3})(?:-(\d{1,3}))?$/i.exec(interleaved);
    if (!m) continue;
    const rtp = Number(m[1]);
    const rtcp = m[2] === undefined ? rtp + 1 : Number(m[2]);
    if (rtp > 255 || rtcp > 255) continue;
    return { rtpChannel: rtp, rtcpChannel: rtcp };
  }
  return undefined;
}

export function formatInterleavedTransport(t: InterleavedTransport, ssrc: number): string {
  return `RTP/AVP/TCP;unicast;interleaved=${t.rtpChannel}-${t.rtcpChannel};ssrc=${(ssrc >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** `$` + channel + 16-bit length + data for each packet, in one buffer (one socket write per frame). */
export function frameInterleaved(channel: number, packets: readonly Buffer[]): Buffer {
  const total = packets.reduce((sum, p) => sum + 4 + p.length, 0);
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const packet of packets) {
    out[offset] = 0x24;
    out[offset + 1] = channel;
    out.writeUInt16BE(packet.length, offset + 2);
    packet.copy(out, offset + 4);
    offset += 4 + packet.length;
  }
  return out;
}
