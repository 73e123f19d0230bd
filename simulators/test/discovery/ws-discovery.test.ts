import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@argus/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { endpointUuid } from '../../src/discovery/ws-discovery-messages.js';
import { createSimulator, type Simulator } from '../../src/index.js';
import { parseXml, pathOf, findDescendant } from '../../src/onvif/xml-tree.js';
import { ToolRunner } from '../helpers/tool-runner.js';
import { PRIVATE_MULTICAST_SETUP, privateNetnsUnavailable } from '../../../tests/support/netns.js';

const SCENE = { kind: 'synthetic' as const, seconds: 1, width: 320, height: 180, fps: 5 };

function probeXml(messageId: string, types = 'dn:NetworkVideoTransmitter', scopes = ''): string {
  return (
    '<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
    '<Header><wsa:MessageID xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing">' + messageId + '</wsa:MessageID>' +
    '<wsa:To xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing">urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>' +
    '<wsa:Action xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</wsa:Action></Header>' +
    '<Body><Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery">' +
    `<Types>${types}</Types><Scopes>${scopes}</Scopes></Probe></Body></Envelope>`
  );
}

interface Match {
  relatesTo: string;
  endpoint: string;
  xaddrs: string;
  types: string;
  scopes: string;
}

/** A unicast prober: collects ProbeMatches and lets a test wait for those answering one probe. */
class Prober {
  readonly matches: Match[] = [];
  private waiters: Array<() => void> = [];
  private constructor(private readonly socket: Socket) {
    socket.on('message', (msg) => {
      const root = parseXml(msg.toString('utf8'));
      const match = findDescendant(root, 'ProbeMatch')!;
      this.matches.push({
        relatesTo: findDescendant(root, 'RelatesTo')!.text,
        endpoint: pathOf(match, 'EndpointReference', 'Address')!.text,
        xaddrs: pathOf(match, 'XAddrs')!.text,
        types: pathOf(match, 'Types')!.text,
        scopes: pathOf(match, 'Scopes')!.text,
      });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(): Promise<Prober> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new Prober(socket);
  }

  send(port: number, xml: string | Buffer): void {
    this.socket.send(typeof xml === 'string' ? Buffer.from(xml) : xml, port, '127.0.0.1');
  }

  /** Resolves once `count` matches relate to `messageId` (fails after 5 s). */
  async answersTo(messageId: string, count: number): Promise<Match[]> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = this.matches.filter((m) => m.relatesTo === messageId);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`only ${found.length} of ${count} answers to ${messageId}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}

describe('WS-Discovery, unicast probes', () => {
  let sim: Simulator;
  let dir: string;
  let prober: Prober;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-wsd-test-'));
    sim = createSimulator({
      port: 0,
      onvifPort: 0,
      discovery: { port: 0 },
      cacheDir: join(dir, 'cache'),
      logger: createLogger({ name: 'wsd-test', level: 'silent' }),
      cameras: [{ id: 'cam-1', scene: SCENE }, { id: 'cam-2', scene: SCENE }],
    });
    await sim.start();
    prober = await Prober.open();
  });
  afterAll(async () => {
    prober?.close();
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a Probe with one ProbeMatches per camera, XAddrs on the device service', async () => {
    prober.send(sim.discoveryPort, probeXml('urn:uuid:probe-all'));
    const matches = await prober.answersTo('urn:uuid:probe-all', 2);
    expect(matches.map((m) => m.xaddrs).sort()).toEqual([sim.cameraUrls('cam-1').onvif, sim.cameraUrls('cam-2').onvif]);
    expect(matches.map((m) => m.endpoint).sort()).toEqual([endpointUuid('cam-1'), endpointUuid('cam-2')].sort());
    for (const m of matches) {
      expect(m.endpoint).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(m.types).toBe('dn:NetworkVideoTransmitter tds:Device');
      expect(m.scopes).toContain('onvif://www.onvif.org/Profile/Streaming');
    }
  });

  it('matches types and scopes, and stays silent for what does not match', async () => {
    // Answers come in probe order over loopback, so the last probe's answer closes the window for the others.
    prober.send(sim.discoveryPort, probeXml('urn:uuid:wrong-type', 'dn:NetworkVideoDisplay'));
    prober.send(sim.discoveryPort, probeXml('urn:uuid:wrong-scope', '', 'onvif://www.onvif.org/name/cam-9'));
    prober.send(sim.discoveryPort, probeXml('urn:uuid:scope-cam-2', '', 'onvif://www.onvif.org/name/cam-2'));
    const [match] = await prober.answersTo('urn:uuid:scope-cam-2', 1);
    expect(match!.xaddrs).toBe(sim.cameraUrls('cam-2').onvif);
    expect(prober.matches.filter((m) => m.relatesTo === 'urn:uuid:wrong-type' || m.relatesTo === 'urn:uuid:wrong-scope')).toEqual([]);
    // A scope prefix on segment boundaries matches every camera.
    prober.send(sim.discoveryPort, probeXml('urn:uuid:prefix', '', 'onvif://www.onvif.org/type'));
    expect(await prober.answersTo('urn:uuid:prefix', 2)).toHaveLength(2);
  });

  it('ignores malformed datagrams and keeps answering', async () => {
    prober.send(sim.discoveryPort, 'garbage <<<');
    prober.send(sim.discoveryPort, Buffer.alloc(20_000, 0x41));
    prober.send(sim.discoveryPort, probeXml('').replace('<wsa:MessageID', '<wsa:Nothing').replace('</wsa:MessageID>', '</wsa:Nothing>'));
    prober.send(sim.discoveryPort, probeXml('urn:uuid:after-garbage'));
    expect(await prober.answersTo('urn:uuid:after-garbage', 2)).toHaveLength(2);
  });

  it('leaves an offline camera out', async () => {
    sim.setCameraOnline('cam-1', false);
    try {
      prober.send(sim.discoveryPort, probeXml('urn:uuid:while-offline'));
      prober.send(sim.discoveryPort, probeXml('urn:uuid:closing', '', 'onvif://www.onvif.org/name/cam-2'));
      await prober.answersTo('urn:uuid:closing', 1);
      expect(prober.matches.filter((m) => m.relatesTo === 'urn:uuid:while-offline').map((m) => m.xaddrs)).toEqual([sim.cameraUrls('cam-2').onvif]);
    } finally {
      sim.setCameraOnline('cam-1', true);
    }
  });
});


describe('WS-Discovery, multicast probe by the onvif client', () => {
  const skipReason = privateNetnsUnavailable();
  const tools = new ToolRunner();
  afterEach(() => tools.killAll());

  // Multicast must never leave the machine: this runs only inside a private
  // network namespace whose only interface is its own loopback.
  it.skipIf(skipReason !== undefined)(`finds every camera with its XAddrs${skipReason ? ` (skipped: ${skipReason})` : ''}`, async () => {
    const script = fileURLToPath(new URL('./multicast-probe.script.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const dir = await mkdtemp(join(tmpdir(), 'argus-wsd-mc-'));
    try {
      const run = await tools.run(
        'unshare',
        ['-n', 'sh', '-c', `${PRIVATE_MULTICAST_SETUP} && ARGUS_SIM_CACHE_DIR='${dir}' exec '${tsx}' '${script}'`],
        60_000,
      );
      expect(run.code, run.stderr).toBe(0);
      const { devices, expected } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { devices: Array<{ endpoint: string; xaddrs: string }>; expected: string[] };
      expect(devices.map((d) => d.xaddrs).sort()).toEqual([...expected].sort());
      expect(devices.map((d) => d.endpoint).sort()).toEqual(['cam-1', 'cam-2', 'cam-3'].map(endpointUuid).sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
