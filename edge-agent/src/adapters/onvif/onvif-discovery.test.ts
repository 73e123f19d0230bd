import { describe, expect, it } from 'vitest';
import { parseProbeMatches, probeXml } from './onvif-discovery.js';

// As the simulator writes it (simulators/src/discovery/ws-discovery-messages.ts), and as a vendor might, with other prefixes.
const SIMULATOR_MATCH =
  '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
  'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><s:Header><a:RelatesTo>urn:uuid:1</a:RelatesTo></s:Header><s:Body><d:ProbeMatches><d:ProbeMatch>' +
  '<a:EndpointReference><a:Address>urn:uuid:4f1c-cam-1</a:Address></a:EndpointReference><d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>' +
  '<d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/name/Front%20Gate onvif://www.onvif.org/hardware/argus-sim</d:Scopes>' +
  '<d:XAddrs>http://127.0.0.1:8000/onvif/cam-1/device_service</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>';
const VENDOR_MATCH =
  '<SOAP-ENV:Envelope><SOAP-ENV:Body><wsdd:ProbeMatches><wsdd:ProbeMatch><wsadis:EndpointReference><wsadis:Address>urn:uuid:vendor-1</wsadis:Address></wsadis:EndpointReference>' +
  '<wsdd:Scopes MatchBy="rfc3986">\n onvif://www.onvif.org/type/NetworkVideoTransmitter\n</wsdd:Scopes>' +
  '<wsdd:XAddrs>http://10.0.0.9/onvif/device_service?a=1&amp;b=2 http://[fe80::1]/onvif/device_service</wsdd:XAddrs></wsdd:ProbeMatch></wsdd:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>';

describe('parseProbeMatches', () => {
  it('reads endpoint, XAddrs, scopes, and name and hardware from the scopes', () => {
    expect(parseProbeMatches(SIMULATOR_MATCH)).toEqual([{
      urn: 'urn:uuid:4f1c-cam-1',
      xaddrs: ['http://127.0.0.1:8000/onvif/cam-1/device_service'],
      scopes: ['onvif://www.onvif.org/type/video_encoder', 'onvif://www.onvif.org/name/Front%20Gate', 'onvif://www.onvif.org/hardware/argus-sim'],
      name: 'Front Gate',
      hardware: 'argus-sim',
    }]);
  });

  it('takes any prefix, several XAddrs and XML entities', () => {
    expect(parseProbeMatches(VENDOR_MATCH)).toEqual([{
      urn: 'urn:uuid:vendor-1',
      xaddrs: ['http://10.0.0.9/onvif/device_service?a=1&b=2', 'http://[fe80::1]/onvif/device_service'],
      scopes: ['onvif://www.onvif.org/type/NetworkVideoTransmitter'],
      name: undefined,
      hardware: undefined,
    }]);
  });

  it('finds nothing in a Probe, garbage, or a match without XAddrs', () => {
    expect(parseProbeMatches(probeXml())).toEqual([]);
    expect(parseProbeMatches('garbage <<<')).toEqual([]);
    expect(parseProbeMatches(SIMULATOR_MATCH.replace(/<d:XAddrs>.*<\/d:XAddrs>/, ''))).toEqual([]);
  });
});
