import { createServer, connect, type Server, type Socket } from 'node:net';

/** C0 + C1 + C2 of the RTMP handshake: what the client sends before its first command. */
const HANDSHAKE_BYTES = 1 + 1536 + 1536;
/** The publish command (carrying the key) comes within this many bytes after the handshake. */
const SNIFF_LIMIT_BYTES = 8192;
/** AMF0 string "publish": the command that names the stream (and carries the key). */
const PUBLISH = Buffer.from([0x02, 0x00, 0x07, ...Buffer.from('publish')]);

export interface RtmpGateOptions {
  readonly host: string;
  /** 0 → any free port. */
  readonly port: number;
  /** The ffmpeg listener behind the gate (loopback). */
  readonly upstreamPort: number;
  /** Must appear in the client's commands (the push URL's `?key=`) before any media passes. */
  readonly secret: string;
  /** A connection that did not carry the secret; the gate closed it. */
  readonly onRejected: () => void;
}

export interface RtmpGate {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A TCP gate in front of one session's ffmpeg RTMP listener. ffmpeg's
 * `-listen 1` accepts any app and stream name (it only logs a mismatch), so
 * the gate relays the handshake and the commands before `publish`, then holds
 * `publish` until it has read its stream name, which carries the push URL's
 * `?key=`: a client without the session's key is cut off before ffmpeg
 * accepts its stream, so none of its media reaches the relay.
 */
/** How long the gate keeps trying to reach ffmpeg's listener for a new client, and how often. */
const UPSTREAM_CONNECT_MS = 10_000;
const UPSTREAM_RETRY_MS = 100;

export function startRtmpGate(options: RtmpGateOptions): Promise<RtmpGate> {
  const needle = Buffer.from(options.secret);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    // Until the key is checked the client's bytes are kept in `seen`; `forwarded` of them went to ffmpeg.
    let seen = Buffer.alloc(0);
    let forwarded = 0;
    let verified = false;
    let closed = false;
    const drop = (): void => {
      closed = true;
      client.destroy();
      upstream.destroy();
    };
    // ffmpeg may not be listening yet when the edge's push arrives (it starts at the same time, slower on a
    // busy machine): a refused connection is tried again, and the bytes the client sent so far are replayed.
    const giveUpAt = Date.now() + UPSTREAM_CONNECT_MS;
    const openUpstream = (): Socket => {
      const socket = connect(options.upstreamPort, '127.0.0.1');
      sockets.add(socket);
      let connected = false;
      socket.once('connect', () => { connected = true; });
      socket.on('close', () => {
        sockets.delete(socket);
        if (socket === upstream && !retrying) client.end();
      });
      socket.on('error', (err: NodeJS.ErrnoException) => {
        if (!connected && !closed && err.code === 'ECONNREFUSED' && Date.now() < giveUpAt) {
          retrying = true;
          setTimeout(() => {
            retrying = false;
            if (closed) return;
            upstream = openUpstream();
            if (forwarded > 0) upstream.write(seen.subarray(0, forwarded));
          }, UPSTREAM_RETRY_MS);
          return;
        }
        drop();
      });
      socket.pipe(client, { end: false });
      return socket;
    };
    let retrying = false;
    let upstream = openUpstream();
    client.on('close', () => { sockets.delete(client); closed = true; upstream.end(); });
    client.on('error', drop);

    const forwardTo = (end: number): void => {
      // While a new connection to ffmpeg is pending, what is forwarded is replayed once it opens.
      if (end > forwarded && !retrying) upstream.write(seen.subarray(forwarded, end));
      forwarded = Math.max(forwarded, end);
    };
    client.on('data', (chunk: Buffer) => {
      if (verified) return void upstream.write(chunk);
      seen = Buffer.concat([seen, chunk]);
      const at = seen.indexOf(PUBLISH, HANDSHAKE_BYTES);
      if (at < 0) {
        // connect / createStream and friends pass: the client waits for their answers before it publishes.
        forwardTo(seen.length);
        if (seen.length > HANDSHAKE_BYTES + SNIFF_LIMIT_BYTES) reject();
        return;
      }
      forwardTo(at);
      // AMF0: "publish", transaction id (number, 9 bytes), null (1), then the stream name (string: 0x02, u16 length, bytes).
      const nameAt = at + PUBLISH.length + 9 + 1;
      if (seen.length < nameAt + 3) return;
      const end = nameAt + 3 + seen.readUInt16BE(nameAt + 1);
      if (seen.length < end) return;
      if (seen.subarray(nameAt + 3, end).indexOf(needle) < 0) return reject();
      verified = true;
      forwardTo(seen.length);
      seen = Buffer.alloc(0);
    });
    const reject = (): void => {
      options.onRejected();
      drop();
    };
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        port,
        close: () => new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}
