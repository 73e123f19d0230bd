import { describe, expect, it } from 'vitest';
import { findDescendant, parseXml, pathOf } from '../onvif/xml-tree.js';
import { endpointUuid, parseProbe, probeMatches, probeMatchesXml, type DiscoveredDevice } from './ws-discovery-messages.js';

// The Probe exactly as the onvif npm client (0.8) sends it.
const CLIENT_PROBE =
  '<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope" xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><Header>' +
  '<wsa:MessageID xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing">urn:uuid:1234</wsa:MessageID>' +
  '<wsa:To xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing">urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>' +
  '<wsa:Action xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</wsa:Action>' +
  '</Header><Body><Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
  '<Types>dn:NetworkVideoTransmitter</Types><Scopes /></Probe></Body></Envelope>';

const DEVICE: DiscoveredDevice = {
  endpoint: endpointUuid('cam-1'),
  scopes: ['onvif://www.onvif.org/type/video_encoder', 'onvif://www.onvif.org/name/cam-1', 'onvif://www.onvif.org/location/simulated'],
  xaddrs: ['http://127.0.0.1:8000/onvif/cam-1/device_service'],
  metadataVersion: 1,
};

describe('parseProbe', () => {
  it('reads the onvif client probe, resolving the type QName', () => {
    expect(parseProbe(CLIENT_PROBE)).toEqual({
      messageId: 'urn:uuid:1234',
      addressingNs: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
      types: [{ ns: 'http://www.onvif.org/ver10/network/wsdl', local: 'NetworkVideoTransmitter' }],
      scopes: [],
      matchBy: 'http://schemas.xmlsoap.org/ws/2005/04/discovery/rfc3986',
    });
  });

  it.each([
    ['garbage', 'not xml'],
    ['a Hello', CLIENT_PROBE.replace(/Probe xmlns/, 'Hello xmlns').replace('</Probe>', '</Hello>')],
    ['no MessageID', CLIENT_PROBE.replace(/<wsa:MessageID[^]*?<\/wsa:MessageID>/, '')],
    ['SOAP 1.1', CLIENT_PROBE.replace('http://www.w3.org/2003/05/soap-envelope', 'http://schemas.xmlsoap.org/soap/envelope/')],
  ])('ignores %s', (_name, text) => expect(parseProbe(text)).toBeUndefined());
});

describe('probeMatches', () => {
  const probe = parseProbe(CLIENT_PROBE)!;
  it('matches by type (any prefix bound to the ONVIF namespace) and by scope prefix', () => {
    expect(probeMatches(probe, DEVICE)).toBe(true);
    expect(probeMatches({ ...probe, types: [{ ns: 'http://www.onvif.org/ver10/device/wsdl', local: 'Device' }] }, DEVICE)).toBe(true);
    expect(probeMatches({ ...probe, types: [{ ns: 'urn:other', local: 'NetworkVideoTransmitter' }] }, DEVICE)).toBe(false);
    expect(probeMatches({ ...probe, scopes: ['onvif://www.onvif.org/name'] }, DEVICE)).toBe(true);
    expect(probeMatches({ ...probe, scopes: ['ONVIF://WWW.ONVIF.ORG/name/cam-1'] }, DEVICE)).toBe(true);
    expect(probeMatches({ ...probe, scopes: ['onvif://www.onvif.org/name/cam'] }, DEVICE)).toBe(false);
    expect(probeMatches({ ...probe, scopes: ['onvif://www.onvif.org/name/cam-1', 'onvif://www.onvif.org/location/elsewhere'] }, DEVICE)).toBe(false);
    expect(probeMatches({ ...probe, matchBy: 'urn:unknown-rule', scopes: ['onvif://www.onvif.org/name'] }, DEVICE)).toBe(false);
  });
});

describe('probeMatchesXml', () => {
  it('answers with RelatesTo, the endpoint, types, scopes and XAddrs', () => {
    const root = parseXml(probeMatchesXml(parseProbe(CLIENT_PROBE)!, DEVICE, 7, 3));
    expect(findDescendant(root, 'RelatesTo')!.text).toBe('urn:uuid:1234');
    const match = findDescendant(root, 'ProbeMatch')!;
    expect(pathOf(match, 'EndpointReference', 'Address')!.text).toBe(DEVICE.endpoint);
    expect(pathOf(match, 'XAddrs')!.text).toBe(DEVICE.xaddrs[0]);
    expect(pathOf(match, 'Scopes')!.text.split(' ')).toEqual(DEVICE.scopes);
    expect(Object.fromEntries(findDescendant(root, 'AppSequence')!.attrs)).toEqual({ InstanceId: '7', MessageNumber: '3' });
  });

  it('gives each camera a stable, distinct UUID', () => {
    expect(endpointUuid('cam-1')).toBe(endpointUuid('cam-1'));
    expect(endpointUuid('cam-1')).not.toBe(endpointUuid('cam-2'));
  });
});
