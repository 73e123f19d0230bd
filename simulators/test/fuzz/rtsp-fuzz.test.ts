import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, ffmpegBinaries } from '@argus/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/index.js';
import { parseProbeStreams, probeArgs, ToolRunner } from '../helpers/tool-runner.js';
import { seededRandom } from '@argus/core';

// Reproduce a failure with ARGUS_FUZZ_SEED=<seed printed in the failure>.
const SEED = Number(process.env.ARGUS_FUZZ_SEED ?? 0x5eed_a5);
const TOTAL_REQUESTS = 10_000;
const CONCURRENCY = 16;
const TIME_BUDGET_MS = 150_000;
const QUIET_MS = 80; // a connection is done when the server has said nothing for this long
/** Every status the server may legally send; a 500 means a handler threw, which is a bug. */
const ALLOWED = new Set([200, 400, 401, 404, 405, 413, 451, 454, 455, 459, 461, 501, 503, 505]);


class Fuzzer {
  constructor(
    readonly rand: () => number,
    private readonly port: number,
    private readonly udpPort: number,
  ) {}

  int(max: number): number {
    return Math.floor(this.rand() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => this.int(256)));
  }

  url(): string {
    const host = `127.0.0.1:${this.port}`;
    return this.pick([
      `rtsp://${host}/cam-1/main`,
      `rtsp://${host}/cam-1/sub`,
      `rtsp://${host}/cam-1/main/trackID=0`,
      `rtsp://${host}/cam-1/main/trackID=1`,
      `rtsp://${host}/cam-2/main`,
      `rtsp://${host}/cam-3/main`,
      `rtsp://admin:wrong@${host}/cam-3/main`,
      `rtsp://${host}/cam-9/main`,
      `rtsp://${host}/`,
      `rtsp://${host}/cam-1/main/a/b/c`,
      `rtsp://${host}/%zz/%%`,
      `rtsp://${host}/${'x'.repeat(this.int(5000))}`,
      `http://${host}/cam-1/main`,
      '*',
      '/cam-1/main',
      'rtsp://[::1',
      `rtsp://${host}/cam-1/main?${this.bytes(8).toString('hex')}`,
    ]);
  }

  transport(): string {
    const ports = this.pick([`${this.udpPort}-${this.udpPort + 1}`, `${this.udpPort}`, '0-1', '70000-70001', 'x-y', '', '-5']);
    return this.pick([
      'RTP/AVP/TCP;unicast;interleaved=0-1',
      `RTP/AVP/TCP;unicast;interleaved=${this.int(300)}-${this.int(300)}`,
      `RTP/AVP;unicast;client_port=${ports}`,
      `RTP/AVP/UDP;unicast;client_port=${ports}`,
      `RTP/AVP;multicast;client_port=${ports}`,
      `RTP/AVP;unicast;client_port=${ports};destination=10.1.2.3`,
      `RAW/RAW/UDP;unicast`,
      ';;;,,,',
      this.bytes(20).toString('latin1').replace(/[\r\n]/g, ''),
    ]);
  }

  request(): Buffer {
    const method = this.pick(['OPTIONS', 'DESCRIBE', 'SETUP', 'PLAY', 'TEARDOWN', 'GET_PARAMETER', 'SET_PARAMETER', 'PAUSE', 'RECORD', 'ANNOUNCE', 'FROB', 'options', 'SETUP', 'PLAY', 'X'.repeat(40)]);
    const version = this.pick(['RTSP/1.0', 'RTSP/1.0', 'RTSP/1.0', 'RTSP/2.0', 'HTTP/1.1', 'RTSP/1.0 extra']);
    const headers: string[] = [];
    if (this.rand() < 0.9) headers.push(`CSeq: ${this.pick([String(this.int(1000)), '', 'abc', '-1', '9'.repeat(30)])}`);
    if (this.rand() < 0.5) headers.push(`Transport: ${this.transport()}`);
    if (this.rand() < 0.4) headers.push(`Session: ${this.pick(['', 'DEADBEEF', this.bytes(8).toString('hex').toUpperCase(), 'x;timeout=1'])}`);
    if (this.rand() < 0.2) {
      headers.push(
        `Authorization: ${this.pick([
          'Basic YWRtaW46c2VjcmV0',
          'Basic !!!',
          'Digest username="admin", realm="Argus Simulator", nonce="abc", uri="x", response="00"',
          'Digest ,,,,=',
          `Digest ${this.bytes(30).toString('base64')}`,
          'Bearer x',
        ])}`,
      );
    }
    if (this.rand() < 0.1) headers.push(`X-Huge: ${'h'.repeat(this.pick([100, 9000, 20000]))}`);
    if (this.rand() < 0.1) headers.push(this.pick(['no colon here', ': empty name', 'Bad Name: x', `X: ${this.bytes(10).toString('latin1').replace(/[\r\n]/g, '')}`]));
    let body: Buffer = Buffer.alloc(0);
    if (this.rand() < 0.15) {
      const length = this.pick([0, 5, 100, 70_000, -1]);
      headers.push(`Content-Length: ${length}`);
      body = length > 0 ? this.bytes(Math.min(length, this.pick([length, Math.floor(length / 2)]))) : Buffer.alloc(0);
    }
    const eol = this.rand() < 0.05 ? '\n' : '\r\n';
    return Buffer.concat([Buffer.from(`${method} ${this.url()} ${version}${eol}${headers.join(eol)}${eol}${eol}`, 'latin1'), body]);
  }

  /** One unit of input: mostly requests, sometimes garbage, interleaved frames or truncated requests. */
  unit(clean: boolean): Buffer {
    const r = clean ? 0 : this.rand();
    if (r < 0.7) return this.request();
    if (r < 0.78) return this.bytes(1 + this.int(200));
    if (r < 0.86) {
      const length = this.int(2000);
      const frame = Buffer.concat([Buffer.from([0x24, this.int(256), length >> 8, length & 0xff]), this.bytes(this.rand() < 0.5 ? length : this.int(length + 1))]);
      return frame;
    }
    if (r < 0.93) {
      const full = this.request();
      return full.subarray(0, this.int(full.length));
    }
    return Buffer.from(`${'A'.repeat(this.pick([100, 5000, 10_000]))}\r\n`, 'latin1');
  }
}

interface ConnectionOutcome {
  readonly statuses: number[];
  readonly problems: string[];
}

/** Splits what the server sent into responses and interleaved frames; anything else is a problem. */
function checkServerBytes(data: Buffer): ConnectionOutcome {
  const statuses: number[] = [];
  const problems: string[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (data[offset] === 0x24) {
      if (offset + 4 > data.length) break; // cut off by our close
      offset += 4 + data.readUInt16BE(offset + 2);
      continue;
    }
    const end = data.indexOf('\r\n\r\n', offset);
    const head = data.subarray(offset, end === -1 ? data.length : end).toString('latin1');
    const m = /^RTSP\/1\.0 (\d{3}) [^\r\n]+/.exec(head);
    if (!m) {
      problems.push(`not a status line: ${JSON.stringify(head.slice(0, 80))}`);
      break;
    }
    if (end === -1) break; // cut off by our close
    const status = Number(m[1]);
    statuses.push(status);
    if (!ALLOWED.has(status)) problems.push(`status ${status}`);
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
    offset = end + 4 + length;
  }
  return { statuses, problems };
}

/** One short-lived connection: sends units split over random writes, reads until the server goes quiet or closes. */
function fuzzConnection(port: number, fuzzer: Fuzzer, units: number): Promise<ConnectionOutcome & { closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let closedByServer = false;
    let quiet: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(quiet);
      clearTimeout(hardStop);
      socket.destroy();
      resolve({ ...checkServerBytes(Buffer.concat(received)), closedByServer });
    };
    const armQuiet = (): void => {
      clearTimeout(quiet);
      quiet = setTimeout(finish, QUIET_MS);
    };
    const hardStop = setTimeout(finish, 3_000);
    socket.on('data', (d: Buffer) => {
      received.push(d);
      armQuiet();
    });
    socket.on('close', () => {
      closedByServer = true;
      finish();
    });
    socket.on('error', () => {
      // Resets are an allowed outcome (the server closes on fatal input).
    });
    socket.on('connect', async () => {
      // Half the connections stay well framed, so requests get past the parser into the handlers.
      const clean = fuzzer.rand() < 0.5;
      const payload = Buffer.concat(Array.from({ length: units }, () => fuzzer.unit(clean)));
      let offset = 0;
      while (offset < payload.length && !socket.destroyed) {
        const size = fuzzer.rand() < 0.5 ? payload.length - offset : 1 + fuzzer.int(Math.min(300, payload.length - offset));
        socket.write(payload.subarray(offset, offset + size));
        offset += size;
        if (fuzzer.rand() < 0.3) await new Promise((r) => setImmediate(r));
      }
      armQuiet();
    });
  });
}

describe('RTSP fuzzing', () => {
  const tools = new ToolRunner();
  const ffprobe = ffmpegBinaries().ffprobe ?? 'ffprobe';
  let sim: Simulator;
  let dir: string;
  let udp: UdpSocket;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-sim-fuzz-'));
    sim = createSimulator({
      port: 0,
      cacheDir: join(dir, 'cache'),
      logger: createLogger({ name: 'fuzz-test', level: 'silent' }),
      cameras: [
        { id: 'cam-1', scene: { kind: 'synthetic', seconds: 2, width: 320, height: 180 } },
        { id: 'cam-2', scene: { kind: 'synthetic', seconds: 2, width: 320, height: 180 } },
        { id: 'cam-3', username: 'admin', password: 'secret', scene: { kind: 'synthetic', seconds: 2, width: 320, height: 180 } },
      ],
    });
    await sim.start();
    // UDP SETUPs in the fuzz point here: datagrams never go to other services' ports.
    udp = createSocket('udp4');
    udp.on('message', () => undefined);
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    tools.killAll();
    udp?.close();
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it(`survives ${TOTAL_REQUESTS} malformed requests (seed ${SEED}) and keeps serving other cameras`, async () => {
    const fuzzer = new Fuzzer(seededRandom(SEED), sim.port, udp.address().port);
    const started = Date.now();
    let sent = 0;
    let connections = 0;
    let closedByServer = 0;
    const statusCounts = new Map<number, number>();
    const problems: string[] = [];
    // A real client plays another camera while the fuzz runs.
    const during = tools.run(ffprobe, probeArgs(sim.cameraUrls('cam-2').main), 60_000);

    const worker = async (): Promise<void> => {
      while (sent < TOTAL_REQUESTS && Date.now() - started < TIME_BUDGET_MS) {
        const units = 1 + fuzzer.int(8);
        sent += units;
        connections++;
        const outcome = await fuzzConnection(sim.port, fuzzer, units);
        if (outcome.closedByServer) closedByServer++;
        for (const s of outcome.statuses) statusCounts.set(s, (statusCounts.get(s) ?? 0) + 1);
        problems.push(...outcome.problems.map((p) => `connection ${connections}: ${p}`));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const summary = `seed ${SEED}: ${sent} requests over ${connections} connections in ${Date.now() - started} ms, ${closedByServer} closed by the server, statuses ${JSON.stringify(Object.fromEntries(statusCounts))}`;
    if (process.env.ARGUS_FUZZ_VERBOSE) console.log(summary);
    expect(problems.slice(0, 10), summary).toEqual([]);
    expect(sent, summary).toBeGreaterThanOrEqual(TOTAL_REQUESTS);
    expect(statusCounts.get(200) ?? 0, summary).toBeGreaterThan(0);
    expect(statusCounts.get(400) ?? 0, summary).toBeGreaterThan(0);

    const [probeDuring, probeAfter] = [await during, await tools.run(ffprobe, probeArgs(sim.cameraUrls('cam-2').main), 30_000)];
    expect(probeDuring.code, probeDuring.stderr).toBe(0);
    expect(probeAfter.code, probeAfter.stderr).toBe(0);
    expect(parseProbeStreams(probeAfter.stdout)).toEqual([{ codec_name: 'h264', width: 320, height: 180 }]);
  }, 240_000);
});
