import { describe, expect, it } from 'vitest';
import { FAULTS, parseSoapRequest, parseXsDuration, SoapFault, soapFaultEnvelope } from './soap-envelope.js';
import { parseXml } from './xml-tree.js';

// Fixtures: requests exactly as the onvif npm client (0.8) writes them.
const CLIENT_UNAUTHENTICATED =
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
  '<GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>';
const CLIENT_AUTHENTICATED =
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header>' +
  '<Security s:mustUnderstand="1" xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><UsernameToken><Username>admin</Username>' +
  '<Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">q1cKv4R4+1Sb1hK7m0Cqk+Q2jQo=</Password>' +
  '<Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">c2ltdWxhdGVkbm9uY2U=</Nonce>' +
  '<Created xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">2024-05-01T12:00:00.000Z</Created></UsernameToken></Security>' +
  '</s:Header><s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
  '<GetStreamUri xmlns="http://www.onvif.org/ver10/media/wsdl"><StreamSetup><Stream xmlns="http://www.onvif.org/ver10/schema">RTP-Unicast</Stream>' +
  '<Transport xmlns="http://www.onvif.org/ver10/schema"><Protocol>RTSP</Protocol></Transport></StreamSetup><ProfileToken>main</ProfileToken></GetStreamUri>' +
  '</s:Body></s:Envelope>';

function faultOf(text: string): SoapFault {
  try {
    parseSoapRequest(text);
  } catch (err) {
    if (err instanceof SoapFault) return err;
    throw err;
  }
  throw new Error('no fault');
}

describe('parseSoapRequest', () => {
  it('reads the operation of an unauthenticated client request', () => {
    const r = parseSoapRequest(CLIENT_UNAUTHENTICATED);
    expect([r.operation.ns, r.operation.local]).toEqual(['http://www.onvif.org/ver10/device/wsdl', 'GetSystemDateAndTime']);
    expect(r.token).toBeUndefined();
  });

  it('reads the UsernameToken and the arguments of an authenticated one', () => {
    const r = parseSoapRequest(CLIENT_AUTHENTICATED);
    expect(r.operation.local).toBe('GetStreamUri');
    expect(r.token).toEqual({
      username: 'admin',
      password: 'q1cKv4R4+1Sb1hK7m0Cqk+Q2jQo=',
      type: 'digest',
      nonce: 'c2ltdWxhdGVkbm9uY2U=',
      created: '2024-05-01T12:00:00.000Z',
    });
    const setup = r.operation.children.find((c) => c.local === 'StreamSetup')!;
    expect(setup.children.map((c) => [c.ns, c.local])).toEqual([
      ['http://www.onvif.org/ver10/schema', 'Stream'],
      ['http://www.onvif.org/ver10/schema', 'Transport'],
    ]);
  });

  it('treats a Password without Type as PasswordText', () => {
    const text = CLIENT_AUTHENTICATED.replace(/<Password Type="[^"]+">/, '<Password>');
    expect(parseSoapRequest(text).token?.type).toBe('text');
  });

  it('turns every kind of broken request into the right fault', () => {
    expect(faultOf('not xml')).toMatchObject({ code: 'Sender', subcodes: ['ter:WellFormed'], httpStatus: 400 });
    expect(faultOf('<a/><b/>')).toMatchObject({ subcodes: ['ter:WellFormed'] });
    expect(faultOf('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toMatchObject({ subcodes: ['ter:WellFormed'] });
    expect(faultOf('<Envelope/>')).toMatchObject({ subcodes: ['ter:InvalidArgVal'] });
    expect(faultOf('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><X/></s:Body></s:Envelope>')).toMatchObject({ code: 'VersionMismatch', httpStatus: 500 });
    expect(faultOf('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>').reason).toMatch(/empty Body/);
  });
});

describe('soapFaultEnvelope', () => {
  it('nests subcodes and escapes the reason', () => {
    const xml = soapFaultEnvelope(FAULTS.invalidArg('no profile "<x>"', 'ter:NoProfile'));
    const root = parseXml(xml);
    expect(root.local).toBe('Envelope');
    expect(xml).toContain('<env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:InvalidArgVal</env:Value><env:Subcode><env:Value>ter:NoProfile</env:Value>');
    expect(xml).toContain('no profile &quot;&lt;x&gt;&quot;');
  });
});

describe('parseXsDuration', () => {
  it.each([
    ['PT1M', 60_000],
    ['PT10S', 10_000],
    ['PT0.5S', 500],
    ['P1DT1H', 90_000_000],
    ['PT1H2M3S', 3_723_000],
  ])('%s is %d ms', (text, ms) => expect(parseXsDuration(text)).toBe(ms));
  it.each(['', 'P', 'PT', '60', 'PT-1S', '1M'])('%j is not a duration', (text) => expect(parseXsDuration(text)).toBeUndefined());
});
