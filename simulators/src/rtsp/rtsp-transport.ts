/** RTP and RTCP interleaved on the RTSP connection (RFC 2326 10.12). */
export interface InterleavedTransport {
  readonly kind: 'interleaved';
  readonly rtpChannel: number;
  readonly rtcpChannel: number;
}

/** RTP and RTCP as UDP datagrams to the client's ports (RFC 2326 12.39, `client_port=a-b`). */
export interface UdpTransport {
  readonly kind: 'udp';
  readonly clientRtpPort: number;
  readonly clientRtcpPort: number;
}

/** What SETUP settled on. */
export type RtpTransport = InterleavedTransport | UdpTransport;

/**
 * Picks the first alternative of a Transport header the simulator can serve
 * (alternatives are comma-separated, in the client's order of preference):
 * `RTP/AVP/TCP` interleaved, or unicast `RTP/AVP[/UDP]` with `client_port`.
 * Multicast is never chosen (461): the simulator must not send outside the
 * connection's peer. A `destination=` parameter is ignored for the same
 * reason; datagrams only ever go to the RTSP client's own address.
 */
export function chooseTransport(header: string | undefined): RtpTransport | undefined {
  if (!header) return undefined;
  for (const alternative of header.split(',')) {
    const params = alternative.trim().split(';').map((p) => p.trim());
    const spec = (params[0] ?? '').toUpperCase();
    const rest = params.slice(1).map((p) => p.toLowerCase());
    if (rest.includes('multicast')) continue;
    if (spec === 'RTP/AVP/TCP') {
      const interleaved = rest.find((p) => p.startsWith('interleaved='));
      if (!interleaved) return { kind: 'interleaved', rtpChannel: 0, rtcpChannel: 1 };
      const pair = portPair(interleaved.slice('interleaved='.length), 255);
      if (pair) return { kind: 'interleaved', rtpChannel: pair[0], rtcpChannel: pair[1] };
      continue;
    }
    if (spec === 'RTP/AVP' || spec === 'RTP/AVP/UDP') {
      const ports = rest.find((p) => p.startsWith('client_port='));
      const pair = ports ? portPair(ports.slice('client_port='.length), 65535) : undefined;
      if (pair && pair[0] > 0 && pair[1] > 0) return { kind: 'udp', clientRtpPort: pair[0], clientRtcpPort: pair[1] };
    }
  }
  return undefined;
}

/** `a-b` or `a` (then b = a + 1), each at most `max`. */
function portPair(text: string, max: number): [number, number] | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  const first = Number(m[1]);
  const second = m[2] === undefined ? first + 1 : Number(m[2]);
  if (first > max || second > max) return undefined;
  return [first, second];
}

const hexSsrc = (ssrc: number): string => (ssrc >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** The Transport header of a SETUP reply. `serverPorts` is the pair bound for a UDP transport. */
export function formatTransport(t: RtpTransport, ssrc: number, serverPorts?: readonly [number, number]): string {
  if (t.kind === 'interleaved') return `RTP/AVP/TCP;unicast;interleaved=${t.rtpChannel}-${t.rtcpChannel};ssrc=${hexSsrc(ssrc)}`;
  const server = serverPorts ? `;server_port=${serverPorts[0]}-${serverPorts[1]}` : '';
  return `RTP/AVP;unicast;client_port=${t.clientRtpPort}-${t.clientRtcpPort}${server};ssrc=${hexSsrc(ssrc)}`;
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
