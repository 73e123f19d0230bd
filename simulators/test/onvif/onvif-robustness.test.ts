import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@argus/runtime';
import onvif from 'onvif/promises/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/index.js';
import { faultSubcodes, httpRequest, postSoap, soapRequest } from './onvif-http.js';

const DEVICE_NS = 'http://www.onvif.org/ver10/device/wsdl';

describe('ONVIF server against malformed requests', () => {
  let sim: Simulator;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-onvif-fuzz-'));
    sim = createSimulator({
      port: 0,
      onvifPort: 0,
      cacheDir: join(dir, 'cache'),
      logger: createLogger({ name: 'onvif-fuzz', level: 'silent' }),
      cameras: [{ id: 'cam-1', username: 'admin', password: 'secret', scene: { kind: 'synthetic', seconds: 2, width: 320, height: 180, fps: 10 } }],
    });
    await sim.start();
    url = sim.cameraUrls('cam-1').onvif;
  });
  afterAll(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const cases: Array<{ name: string; body: string; status: number; subcodes: string[] }> = [
    { name: 'not XML', body: 'this is not xml <<<', status: 400, subcodes: ['env:Sender', 'ter:WellFormed'] },
    { name: 'unclosed tags', body: '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetScopes>', status: 400, subcodes: ['env:Sender', 'ter:WellFormed'] },
    { name: 'a DTD', body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', status: 400, subcodes: ['env:Sender', 'ter:WellFormed'] },
    { name: 'no envelope', body: `<GetSystemDateAndTime xmlns="${DEVICE_NS}"/>`, status: 400, subcodes: ['env:Sender', 'ter:InvalidArgVal'] },
    { name: 'no body', body: '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header/></s:Envelope>', status: 400, subcodes: ['env:Sender', 'ter:InvalidArgVal'] },
    { name: 'an empty body', body: soapRequest(''), status: 400, subcodes: ['env:Sender', 'ter:InvalidArgVal'] },
    { name: 'SOAP 1.1', body: `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetSystemDateAndTime xmlns="${DEVICE_NS}"/></s:Body></s:Envelope>`, status: 500, subcodes: ['env:VersionMismatch'] },
    { name: 'an undeclared prefix', body: '<s:Envelope><s:Body/></s:Envelope>', status: 400, subcodes: ['env:Sender', 'ter:WellFormed'] },
    { name: 'an unknown action', body: soapRequest(`<FlyToTheMoon xmlns="${DEVICE_NS}"/>`), status: 500, subcodes: ['env:Receiver', 'ter:ActionNotSupported'] },
    { name: 'an Object.prototype name as action', body: soapRequest(`<toString xmlns="${DEVICE_NS}"/>`), status: 500, subcodes: ['env:Receiver', 'ter:ActionNotSupported'] },
    // The parser refuses names that could pollute prototypes outright.
    { name: '__proto__ as action', body: soapRequest(`<__proto__ xmlns="${DEVICE_NS}"/>`), status: 400, subcodes: ['env:Sender', 'ter:WellFormed'] },
    { name: 'deep nesting', body: soapRequest(`${'<a>'.repeat(200)}${'</a>'.repeat(200)}`), status: 400, subcodes: ['env:Sender', 'ter:WellFormed'] },
  ];

  for (const c of cases) {
    it(`answers ${c.name} with a SOAP fault (${c.status})`, async () => {
      const res = await postSoap(url, c.body);
      expect(res.status).toBe(c.status);
      expect(res.headers['content-type']).toMatch(/^application\/soap\+xml/);
      expect(faultSubcodes(res.body.toString())).toEqual(c.subcodes);
    });
  }

  it('refuses a body over 64 KiB with 413, declared or chunked', async () => {
    const huge = soapRequest(`<GetScopes xmlns="${DEVICE_NS}">${'x'.repeat(1024 * 1024)}</GetScopes>`);
    const declared = await postSoap(url, huge);
    expect(declared.status).toBe(413);
    const chunked = await httpRequest(url, { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' }, body: huge });
    expect(chunked.status).toBe(413);
  });

  it('answers wrong methods and paths plainly', async () => {
    expect((await httpRequest(url)).status).toBe(405);
    expect((await httpRequest(url.replace('cam-1', 'cam-9'), { method: 'POST', body: 'x' })).status).toBe(404);
    expect((await httpRequest(url.replace('device_service', 'nothing_here'), { method: 'POST', body: 'x' })).status).toBe(404);
    expect((await httpRequest(`http://127.0.0.1:${sim.onvifPort}/onvif/%E0%A4%A/device_service`, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('rejects bad argument values with ter:InvalidArgVal', async () => {
    const token = () => ({ username: 'admin', password: 'secret', created: new Date().toISOString() });
    const media = url.replace('device_service', 'media_service');
    const noProfile = await postSoap(media, soapRequest('<GetStreamUri xmlns="http://www.onvif.org/ver10/media/wsdl"><ProfileToken>nope</ProfileToken></GetStreamUri>', token()));
    expect(noProfile.status).toBe(400);
    expect(faultSubcodes(noProfile.body.toString())).toEqual(['env:Sender', 'ter:InvalidArgVal', 'ter:NoProfile']);
    const ptz = url.replace('device_service', 'ptz_service');
    const badNumber = await postSoap(ptz, soapRequest('<ContinuousMove xmlns="http://www.onvif.org/ver20/ptz/wsdl"><ProfileToken>main</ProfileToken><Velocity><PanTilt xmlns="http://www.onvif.org/ver10/schema" x="fast" y="0"/></Velocity></ContinuousMove>', token()));
    expect(badNumber.status).toBe(400);
    expect(faultSubcodes(badNumber.body.toString())).toEqual(['env:Sender', 'ter:InvalidArgVal']);
  });

  it('survives a client that drops the connection mid-request', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(sim.onvifPort, '127.0.0.1', () => {
        socket.write(`POST /onvif/cam-1/device_service HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n<s:Envelope`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
  });

  it('still serves the onvif client after all of that', async () => {
    const cam = new onvif.Cam({ hostname: '127.0.0.1', port: sim.onvifPort, path: '/onvif/cam-1/device_service', username: 'admin', password: 'secret', timeout: 10_000 });
    await cam.connect();
    expect(await cam.getDeviceInformation()).toMatchObject({ serialNumber: 'cam-1' });
  });
});
