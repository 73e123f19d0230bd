import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, ffmpegBinaries } from '@argus/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/index.js';
import { RawRtspClient } from '../helpers/raw-rtsp-client.js';
import { parseProbeStreams, probeArgs, ToolRunner } from '../helpers/tool-runner.js';

describe('RTSP server robustness', () => {
  const tools = new ToolRunner();
  const clients: RawRtspClient[] = [];
  let sim: Simulator;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-sim-rtsp-'));
    sim = createSimulator({
      port: 0,
      cacheDir: dir,
      sessionTimeoutSeconds: 1,
      logger: createLogger({ name: 'rtsp-test', level: 'silent' }),
      cameras: [
        { id: 'cam-1', scene: { kind: 'synthetic', seconds: 2, width: 320, height: 180 } },
        { id: 'cam-2', username: 'admin', password: 'secret', scene: { kind: 'synthetic', seconds: 2, width: 320, height: 180 } },
      ],
    });
    await sim.start();
  });
  afterEach(() => {
    tools.killAll();
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const open = async (): Promise<RawRtspClient> => {
    const client = await RawRtspClient.open(sim.port);
    clients.push(client);
    return client;
  };
  const base = (): string => `rtsp://127.0.0.1:${sim.port}`;

  it('answers several requests sent in one chunk, in order', async () => {
    const client = await open();
    client.send(
      `OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n` +
        `DESCRIBE ${base()}/cam-1/main RTSP/1.0\r\nCSeq: 2\r\n\r\n` +
        `GET_PARAMETER ${base()}/cam-1/main RTSP/1.0\r\nCSeq: 3\r\n\r\n`,
    );
    const responses = await client.responses(3);
    expect(responses.map((r) => [r.status, r.headers.get('cseq')])).toEqual([
      [200, '1'],
      [200, '2'],
      [200, '3'],
    ]);
    expect(responses[0]!.headers.get('public')).toContain('DESCRIBE');
    expect(responses[1]!.headers.get('content-base')).toBe(`${base()}/cam-1/main/`);
    expect(responses[1]!.raw).toContain('a=rtpmap:96 H264/90000');
  });

  it('answers a request split over many writes and skips interleaved data from the client', async () => {
    const client = await open();
    const request = Buffer.concat([Buffer.from([0x24, 1, 0, 2, 0xaa, 0xbb]), Buffer.from(`OPTIONS * RTSP/1.0\r\nCSeq: 9\r\n\r\n`)]);
    for (let i = 0; i < request.length; i += 5) {
      client.send(request.subarray(i, i + 5));
      await new Promise((r) => setImmediate(r));
    }
    expect((await client.responses(1)).map((r) => r.status)).toEqual([200]);
  });

  it.each([
    ['a garbage line', 'hello there\r\n\r\n', 400],
    ['a request without CSeq', 'OPTIONS * RTSP/1.0\r\n\r\n', 400],
    ['a huge header', `OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Junk: ${'x'.repeat(20_000)}\r\n\r\n`, 400],
    ['an unknown method', 'FROBNICATE * RTSP/1.0\r\nCSeq: 1\r\n\r\n', 501],
    ['a method a camera refuses', `RECORD ${'rtsp://127.0.0.1/cam-1/main'} RTSP/1.0\r\nCSeq: 1\r\n\r\n`, 405],
    ['an unknown mount', 'DESCRIBE rtsp://127.0.0.1/cam-9/main RTSP/1.0\r\nCSeq: 1\r\n\r\n', 404],
    ['an unknown stream', 'DESCRIBE rtsp://127.0.0.1/cam-1/hd RTSP/1.0\r\nCSeq: 1\r\n\r\n', 404],
    ['a relative URL', 'DESCRIBE /cam-1/main RTSP/1.0\r\nCSeq: 1\r\n\r\n', 400],
    ['PLAY of an unknown session', 'PLAY rtsp://127.0.0.1/cam-1/main RTSP/1.0\r\nCSeq: 1\r\nSession: NOPE\r\n\r\n', 454],
    ['a multicast-only SETUP', 'SETUP rtsp://127.0.0.1/cam-1/main/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP;multicast;client_port=5000-5001\r\n\r\n', 461],
    ['DESCRIBE without credentials', 'DESCRIBE rtsp://127.0.0.1/cam-2/main RTSP/1.0\r\nCSeq: 1\r\n\r\n', 401],
  ])('answers %s with %i', async (_name, request, status) => {
    const client = await open();
    client.send(request);
    const [response] = await client.responses(1);
    expect(response?.status).toBe(status);
  });

  it('challenges with Digest and Basic, and lets OPTIONS through without credentials', async () => {
    const client = await open();
    client.send(`OPTIONS ${base()}/cam-2/main RTSP/1.0\r\nCSeq: 1\r\n\r\nDESCRIBE ${base()}/cam-2/main RTSP/1.0\r\nCSeq: 2\r\n\r\n`);
    const [options, describe] = await client.responses(2);
    expect(options?.status).toBe(200);
    expect(describe?.status).toBe(401);
    expect(describe?.raw).toMatch(/WWW-Authenticate: Digest realm="[^"]+", nonce="[0-9a-f]+"/);
    expect(describe?.raw).toMatch(/WWW-Authenticate: Basic realm="[^"]+"/);
  });

  it('keeps serving real clients after all of the above', async () => {
    const result = await tools.run(ffmpegBinaries().ffprobe ?? 'ffprobe', probeArgs(`${base()}/cam-1/main`));
    expect(result.code, result.stderr).toBe(0);
    expect(parseProbeStreams(result.stdout)[0]).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
  });

  it('expires a session whose client stops talking', async () => {
    const client = await open();
    client.send(`SETUP ${base()}/cam-1/main/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n`);
    const [setup] = await client.responses(1);
    expect(setup?.status).toBe(200);
    expect(setup?.headers.get('session')).toMatch(/^[0-9A-F]+;timeout=1$/);
    expect(setup?.headers.get('transport')).toMatch(/^RTP\/AVP\/TCP;unicast;interleaved=0-1;ssrc=[0-9A-F]{8}$/);
    client.send(`PLAY ${base()}/cam-1/main RTSP/1.0\r\nCSeq: 2\r\nSession: ${setup?.headers.get('session')?.split(';')[0]}\r\n\r\n`);
    const [play] = await client.responses(1);
    expect(play?.status).toBe(200);
    expect(play?.headers.get('rtp-info')).toMatch(/^url=.*\/cam-1\/main\/trackID=0;seq=\d+;rtptime=\d+$/);
    expect(play?.headers.get('range')).toBe('npt=0.000-');
    expect(await client.closedWithin(5_000)).toBe(true);
    expect(sim.playingSessions('cam-1')).toBe(0);
  });

  it('stops idempotently, closing every client connection', async () => {
    const extra = createSimulator({
      port: 0,
      cacheDir: dir,
      logger: createLogger({ name: 'rtsp-test', level: 'silent' }),
      cameras: [{ id: 'cam-x', scene: { kind: 'synthetic', seconds: 2, width: 320, height: 180 } }],
    });
    await extra.start();
    const client = await RawRtspClient.open(extra.port);
    clients.push(client);
    client.send('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n');
    await client.responses(1);
    await Promise.all([extra.stop(), extra.stop()]);
    await extra.stop();
    expect(await client.closedWithin(2_000)).toBe(true);
    await expect(RawRtspClient.open(extra.port)).rejects.toThrow();
  });
});
