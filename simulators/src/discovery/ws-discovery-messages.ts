import { createHash, randomUUID } from 'node:crypto';
import { childOf, escapeXml, parseXml, resolveQName, type XmlElement } from '../onvif/xml-tree.js';

/**
 * WS-Discovery (2005/04, the version ONVIF uses) messages, pure: reading a
 * Probe, matching it against a device, writing ProbeMatches.
 */

export const WSD_NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  discovery: 'http://schemas.xmlsoap.org/ws/2005/04/discovery',
  addressing: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  network: 'http://www.onvif.org/ver10/network/wsdl',
  device: 'http://www.onvif.org/ver10/device/wsdl',
} as const;

export const PROBE_ACTION = `${WSD_NS.discovery}/Probe`;
export const PROBE_MATCHES_ACTION = `${WSD_NS.discovery}/ProbeMatches`;
const ANONYMOUS = `${WSD_NS.addressing}/role/anonymous`;
const MATCH_RFC3986 = `${WSD_NS.discovery}/rfc3986`;
const MATCH_STRCMP0 = `${WSD_NS.discovery}/strcmp0`;

/** Types every camera is: an ONVIF network video transmitter and device. */
export const DEVICE_TYPES: ReadonlyArray<{ readonly ns: string; readonly local: string }> = [
  { ns: WSD_NS.network, local: 'NetworkVideoTransmitter' },
  { ns: WSD_NS.device, local: 'Device' },
];

export interface Probe {
  readonly messageId: string;
  /** The WS-Addressing namespace the prober used (answers use the same). */
  readonly addressingNs: string;
  readonly types: ReadonlyArray<{ readonly ns: string; readonly local: string }>;
  readonly scopes: readonly string[];
  /** Scope matching rule URI; default rfc3986. */
  readonly matchBy: string;
}

/** What one device announces. */
export interface DiscoveredDevice {
  /** `urn:uuid:...`, stable per camera. */
  readonly endpoint: string;
  readonly scopes: readonly string[];
  readonly xaddrs: readonly string[];
  readonly metadataVersion: number;
}

/** A stable `urn:uuid:` per camera id (name-based, UUID version 5 layout over SHA-1). */
export function endpointUuid(cameraId: string): string {
  const hash = createHash('sha1').update(`argus-sim:camera:${cameraId}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Reads a Probe; undefined for anything else (malformed datagrams are ignored, as WS-Discovery says). */
export function parseProbe(datagram: string): Probe | undefined {
  let root: XmlElement;
  try {
    root = parseXml(datagram);
  } catch {
    return undefined;
  }
  if (root.local !== 'Envelope' || root.ns !== WSD_NS.soap) return undefined;
  const header = childOf(root, 'Header', WSD_NS.soap);
  const probe = childOf(childOf(root, 'Body', WSD_NS.soap), 'Probe', WSD_NS.discovery);
  const messageIdEl = childOf(header, 'MessageID');
  if (!probe || !messageIdEl || messageIdEl.text === '') return undefined;
  const typesEl = childOf(probe, 'Types', WSD_NS.discovery);
  const scopesEl = childOf(probe, 'Scopes', WSD_NS.discovery);
  return {
    messageId: messageIdEl.text,
    addressingNs: messageIdEl.ns || WSD_NS.addressing,
    types: typesEl ? typesEl.text.split(/\s+/).filter(Boolean).map((q) => resolveQName(typesEl, q)) : [],
    scopes: scopesEl ? scopesEl.text.split(/\s+/).filter(Boolean) : [],
    matchBy: scopesEl?.attrs.get('MatchBy') ?? MATCH_RFC3986,
  };
}

/** RFC 3986 scope match: same scheme and authority (case-insensitive), and the probe's path segments are a prefix of the device's. */
function rfc3986Match(probeScope: string, deviceScope: string): boolean {
  const split = (s: string): { head: string; segments: string[] } | undefined => {
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/]*)(\/.*)?$/.exec(s);
    if (!m) return undefined;
    return { head: `${m[1]!.toLowerCase()}://${m[2]!.toLowerCase()}`, segments: (m[3] ?? '').split('/').filter(Boolean) };
  };
  const p = split(probeScope);
  const d = split(deviceScope);
  if (!p || !d || p.head !== d.head || p.segments.length > d.segments.length) return false;
  return p.segments.every((segment, i) => segment === d.segments[i]);
}

/** True when the device answers the probe: every asked type is one it has, every asked scope matches one of its scopes. */
export function probeMatches(probe: Probe, device: DiscoveredDevice): boolean {
  const typesOk = probe.types.every((t) => DEVICE_TYPES.some((d) => d.ns === t.ns && d.local === t.local));
  if (!typesOk) return false;
  const match =
    probe.matchBy === MATCH_RFC3986 ? rfc3986Match : probe.matchBy === MATCH_STRCMP0 ? (a: string, b: string) => a === b : undefined;
  if (!match) return probe.scopes.length === 0;
  return probe.scopes.every((scope) => device.scopes.some((own) => match(scope, own)));
}

/** A ProbeMatches message for one device (one per datagram: the onvif client reads one match per message). */
export function probeMatchesXml(probe: Probe, device: DiscoveredDevice, instanceId: number, messageNumber: number): string {
  const a = probe.addressingNs;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<s:Envelope xmlns:s="${WSD_NS.soap}" xmlns:a="${escapeXml(a)}" xmlns:d="${WSD_NS.discovery}" xmlns:dn="${WSD_NS.network}" xmlns:tds="${WSD_NS.device}">` +
    `<s:Header><a:MessageID>urn:uuid:${randomUUID()}</a:MessageID><a:RelatesTo>${escapeXml(probe.messageId)}</a:RelatesTo>` +
    `<a:To>${ANONYMOUS}</a:To><a:Action>${PROBE_MATCHES_ACTION}</a:Action>` +
    `<d:AppSequence InstanceId="${instanceId}" MessageNumber="${messageNumber}"/></s:Header>` +
    `<s:Body><d:ProbeMatches><d:ProbeMatch>` +
    `<a:EndpointReference><a:Address>${escapeXml(device.endpoint)}</a:Address></a:EndpointReference>` +
    `<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>` +
    `<d:Scopes>${device.scopes.map(escapeXml).join(' ')}</d:Scopes>` +
    `<d:XAddrs>${device.xaddrs.map(escapeXml).join(' ')}</d:XAddrs>` +
    `<d:MetadataVersion>${device.metadataVersion}</d:MetadataVersion>` +
    `</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>`
  );
}
