import type { Socket as UdpSocket } from 'node:dgram';
import type { Socket } from 'node:net';
import { closeUdpSocket, type UdpPortPair } from '../rtp/udp-port-pair.js';
import { frameInterleaved, type InterleavedTransport, type UdpTransport } from './rtsp-transport.js';

/** Where one track of a session sends its RTP and RTCP. */
export interface MediaSink {
  /** RTP packets of one frame, sent together. */
  sendRtp(packets: readonly Buffer[]): void;
  sendRtcp(packet: Buffer): void;
  /** Bytes accepted but not yet handed to the network (back-pressure). */
  readonly bufferedBytes: number;
  /** Releases what the sink owns (UDP sockets); idempotent. */
  close(): void;
}

/** Interleaved on the RTSP connection: one socket write per frame. */
export function interleavedSink(socket: Socket, transport: InterleavedTransport): MediaSink {
  return {
    sendRtp(packets) {
      if (!socket.destroyed) socket.write(frameInterleaved(transport.rtpChannel, packets));
    },
    sendRtcp(packet) {
      if (!socket.destroyed) socket.write(frameInterleaved(transport.rtcpChannel, [packet]));
    },
    get bufferedBytes() {
      return socket.writableLength;
    },
    close() {
      // The connection owns the socket.
    },
  };
}

export interface UdpSinkOptions {
  readonly pair: UdpPortPair;
  readonly transport: UdpTransport;
  /** The RTSP client's address: datagrams never go anywhere else. */
  readonly clientAddress: string;
  /** Called for every datagram the client sends to either port (RTCP receiver reports, NAT punches): liveness. */
  readonly onActivity: () => void;
  readonly onError: (err: Error) => void;
}

/** RTP from the even server port to the client's RTP port, RTCP between the odd ones. */
export class UdpSink implements MediaSink {
  private closed = false;
  private readonly rtp: UdpSocket;
  private readonly rtcp: UdpSocket;

  constructor(private readonly options: UdpSinkOptions) {
    this.rtp = options.pair.rtp;
    this.rtcp = options.pair.rtcp;
    for (const socket of [this.rtp, this.rtcp]) {
      socket.on('message', () => options.onActivity());
      // A send to a port nobody listens on may come back as an ICMP error: not fatal for the session.
      socket.on('error', (err) => options.onError(err));
    }
  }

  get serverPorts(): readonly [number, number] {
    return this.options.pair.ports;
  }

  sendRtp(packets: readonly Buffer[]): void {
    if (this.closed) return;
    for (const packet of packets) this.rtp.send(packet, this.options.transport.clientRtpPort, this.options.clientAddress);
  }

  sendRtcp(packet: Buffer): void {
    if (this.closed) return;
    this.rtcp.send(packet, this.options.transport.clientRtcpPort, this.options.clientAddress);
  }

  get bufferedBytes(): number {
    return this.closed ? 0 : this.rtp.getSendQueueSize();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeUdpSocket(this.rtp);
    closeUdpSocket(this.rtcp);
  }
}
