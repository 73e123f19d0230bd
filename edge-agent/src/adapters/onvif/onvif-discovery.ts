import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import onvif from 'onvif';
import { EdgeError, EdgeErrorCode } from '../../errors.js';

/** A device that answered a WS-Discovery Probe. */
export interface DiscoveredDevice {
  /** Endpoint reference (`urn:uuid:…`), stable per device. */
  readonly urn: string;
  /** Device service URLs (`http://host:port/onvif/device_service`). */
  readonly xaddrs: readonly string[];
  readonly scopes: readonly string[];
  /** From the `onvif://www.onvif.org/name/…` scope, when present. */
  readonly name: string | undefined;
  readonly hardware: string | undefined;
}

export interface DiscoverOptions {
  /** How long to collect answers (ms). */
  readonly timeoutMs: number;
  /**
   * Probe these hosts directly (unicast) instead of the multicast group. For
   * tests and for networks where multicast does not reach the cameras.
   */
  readonly targets?: ReadonlyArray<{ readonly host: string; readonly port: number }>;
}

/** The Probe ONVIF clients send (NetworkVideoTransmitter), with a fresh message id. */
export function probeXml(messageId: string = `urn:uuid:${randomUUID()}`): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
    `<s:Header><a:MessageID>${messageId}</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>` +
    '<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action></s:Header>' +
    '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>'
  );
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (value: string): string => value.replace(/&(amp|lt|gt|quot|apos);/g, (_m, name: string) => ENTITIES[name]!);

/** The contents of every `<prefix:local>` element (any prefix), entities decoded. */
const text = (xml: string, local: string): string[] =>
  [...xml.matchAll(new RegExp(`<(?:[A-Za-z0-9_-]+:)?${local}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[A-Za-z0-9_-]+:)?${local}>`, 'g'))].map((m) => unescapeXml((m[1] ?? '').trim()));

const scopeValue = (scopes: readonly string[], kind: string): string | undefined => {
  const prefix = `onvif://www.onvif.org/${kind}/`;
  const scope = scopes.find((s) => s.startsWith(prefix));
  return scope === undefined ? undefined : decodeURIComponent(scope.slice(prefix.length));
};

/** Pure: the devices of one ProbeMatches message (empty for anything else). */
export function parseProbeMatches(xml: string): DiscoveredDevice[] {
  return text(xml, 'ProbeMatch').flatMap((match) => {
    const urn = text(match, 'Address')[0];
    const xaddrs = (text(match, 'XAddrs')[0] ?? '').split(/\s+/).filter(Boolean);
    if (!urn || xaddrs.length === 0) return [];
    const scopes = (text(match, 'Scopes')[0] ?? '').split(/\s+/).filter(Boolean);
    return [{ urn, xaddrs, scopes, name: scopeValue(scopes, 'name'), hardware: scopeValue(scopes, 'hardware') }];
  });
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost)$/i;

/**
 * Unicast Probe to each target; answers are collected for `timeoutMs`. The
 * reply socket listens on loopback only when every target is on loopback,
 * else on all interfaces (answers come back to the address the probe left from).
 */
async function probeUnicast(targets: NonNullable<DiscoverOptions['targets']>, timeoutMs: number): Promise<DiscoveredDevice[]> {
  const socket = createSocket('udp4');
  const found = new Map<string, DiscoveredDevice>();
  const failures: string[] = [];
  socket.on('message', (msg) => {
    for (const device of parseProbeMatches(msg.toString('utf8'))) found.set(device.urn, device);
  });
  // After bind, a send to an unknown host or an ICMP error surfaces here; without a listener it would crash the agent.
  socket.on('error', (err) => failures.push(err.message));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      const onBound = (): void => {
        socket.off('error', reject);
        resolve();
      };
      if (targets.every((t) => LOOPBACK.test(t.host))) socket.bind(0, '127.0.0.1', onBound);
      else socket.bind(0, onBound);
    });
    const probe = Buffer.from(probeXml());
    for (const t of targets) socket.send(probe, t.port, t.host, (err) => err && failures.push(`${t.host}:${t.port}: ${err.message}`));
    await new Promise((resolve) => setTimeout(resolve, timeoutMs));
  } finally {
    socket.close();
  }
  if (found.size === 0 && failures.length === targets.length && failures.length > 0) {
    throw new EdgeError(EdgeErrorCode.onvifUnreachable, `WS-Discovery probe could not be sent: ${failures.join('; ')}`);
  }
  return [...found.values()];
}

/** The `onvif` library's multicast Probe (239.255.255.250:3702). */
async function probeMulticast(timeoutMs: number): Promise<DiscoveredDevice[]> {
  // The library emits 'error' on its Discovery emitter for every unreadable answer (another
  // device's, or garbage); with no listener that would throw. The good answers still arrive.
  const ignore = (): void => undefined;
  onvif.Discovery.on('error', ignore);
  let devices: object[];
  try {
    devices = await new Promise<object[]>((resolve) => {
      let done = false;
      // The callback comes once at the timeout, and once more early on a socket error: the first wins.
      onvif.Discovery.probe({ timeout: timeoutMs, resolve: false }, (_err, found) => {
        if (done) return;
        done = true;
        resolve((found ?? []) as object[]);
      });
    });
  } finally {
    onvif.Discovery.off('error', ignore);
  }
  return devices.flatMap((raw) => {
    const match = (raw as { probeMatches?: { probeMatch?: Record<string, unknown> } }).probeMatches?.probeMatch;
    const urn = (match?.endpointReference as { address?: unknown } | undefined)?.address;
    const xaddrs = typeof match?.XAddrs === 'string' ? match.XAddrs.split(/\s+/).filter(Boolean) : [];
    if (typeof urn !== 'string' || xaddrs.length === 0) return [];
    const scopes = typeof match?.scopes === 'string' ? match.scopes.split(/\s+/).filter(Boolean) : [];
    return [{ urn, xaddrs, scopes, name: scopeValue(scopes, 'name'), hardware: scopeValue(scopes, 'hardware') }];
  });
}

/** WS-Discovery: multicast through the `onvif` library, or unicast to given targets. */
export function discoverOnvif(options: DiscoverOptions): Promise<DiscoveredDevice[]> {
  return options.targets && options.targets.length > 0 ? probeUnicast(options.targets, options.timeoutMs) : probeMulticast(options.timeoutMs);
}
