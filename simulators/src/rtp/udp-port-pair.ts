import { createSocket, type Socket, type SocketType } from 'node:dgram';

/** Two bound UDP sockets: RTP on `ports[0]`, RTCP on `ports[1]`. */
export interface UdpPortPair {
  readonly rtp: Socket;
  readonly rtcp: Socket;
  readonly ports: readonly [number, number];
}

const EVEN_PAIR_ATTEMPTS = 20; // used by bindUdpPortPair: the OS hands out random ports, so half are even

function bind(type: SocketType, host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type, reuseAddr: false });
    const onError = (err: Error): void => {
      socket.close();
      reject(err);
    };
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // Already closed: nothing to release.
  }
}

/**
 * Binds an RTP/RTCP port pair from the OS's ephemeral range. RFC 3550 11
 * wants RTP on an even port and RTCP on the next one; the OS picks the RTP
 * port (port 0), and the pair is retried until it is even and its neighbour
 * is free. Clients (ffmpeg included) read both ports from `server_port`, so
 * if no even pair turns up, any two ports do.
 */
export async function bindUdpPortPair(host: string): Promise<UdpPortPair> {
  const type: SocketType = host.includes(':') ? 'udp6' : 'udp4';
  for (let attempt = 0; attempt < EVEN_PAIR_ATTEMPTS; attempt++) {
    const rtp = await bind(type, host, 0);
    const port = rtp.address().port;
    if (port % 2 !== 0 || port === 65535) {
      closeQuietly(rtp);
      continue;
    }
    try {
      const rtcp = await bind(type, host, port + 1);
      return { rtp, rtcp, ports: [port, port + 1] };
    } catch {
      // Neighbour taken: try another even port.
      closeQuietly(rtp);
    }
  }
  const rtp = await bind(type, host, 0);
  try {
    const rtcp = await bind(type, host, 0);
    return { rtp, rtcp, ports: [rtp.address().port, rtcp.address().port] };
  } catch (err) {
    closeQuietly(rtp);
    throw err;
  }
}

export { closeQuietly as closeUdpSocket };
