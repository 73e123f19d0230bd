import { createHash } from 'node:crypto';
import { DEVICE_FACTS, type OnvifServiceUrls, type OperationHandler } from './onvif-context.js';
import { NS } from './soap-envelope.js';
import { childOf, escapeXml, type XmlElement } from './xml-tree.js';

/** Device service (ver10/device): identity, clock, capabilities, services, scopes, network. */

const ONVIF_VERSION = { major: 2, minor: 60 } as const;

/** Scopes a camera announces (GetScopes and WS-Discovery ProbeMatches). */
export function cameraScopes(cameraId: string): string[] {
  return [
    'onvif://www.onvif.org/type/video_encoder',
    'onvif://www.onvif.org/type/ptz',
    'onvif://www.onvif.org/Profile/Streaming',
    `onvif://www.onvif.org/name/${encodeURIComponent(cameraId)}`,
    `onvif://www.onvif.org/hardware/${DEVICE_FACTS.model}`,
    'onvif://www.onvif.org/location/simulated',
  ];
}

/** A stable, locally administered MAC address per camera (02:xx:...). */
export function cameraMacAddress(cameraId: string): string {
  const hash = createHash('sha1').update(`argus-sim:${cameraId}`).digest();
  return ['02', ...[...hash.subarray(0, 5)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

function dateTimeXml(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `<tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time>` +
    `<tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date>`
  );
}

export function systemDateAndTimeXml(cameraNowMs: number): string {
  // The camera runs on UTC, so local time equals UTC time.
  return (
    `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>` +
    `<tt:DateTimeType>Manual</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>` +
    `<tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>` +
    `<tt:UTCDateTime>${dateTimeXml(cameraNowMs)}</tt:UTCDateTime>` +
    `<tt:LocalDateTime>${dateTimeXml(cameraNowMs)}</tt:LocalDateTime>` +
    `</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`
  );
}

export function deviceInformationXml(cameraId: string): string {
  return (
    `<tds:GetDeviceInformationResponse>` +
    `<tds:Manufacturer>${DEVICE_FACTS.manufacturer}</tds:Manufacturer><tds:Model>${DEVICE_FACTS.model}</tds:Model>` +
    `<tds:FirmwareVersion>${DEVICE_FACTS.firmwareVersion}</tds:FirmwareVersion>` +
    `<tds:SerialNumber>${escapeXml(cameraId)}</tds:SerialNumber><tds:HardwareId>${DEVICE_FACTS.hardwareId}</tds:HardwareId>` +
    `</tds:GetDeviceInformationResponse>`
  );
}

const CAPABILITY_CATEGORIES = ['All', 'Analytics', 'Device', 'Events', 'Imaging', 'Media', 'PTZ'] as const;

export function capabilitiesXml(urls: OnvifServiceUrls, categories: readonly string[]): string {
  const want = (c: string): boolean => categories.length === 0 || categories.includes('All') || categories.includes(c);
  const parts: string[] = [];
  if (want('Device')) {
    parts.push(
      `<tt:Device><tt:XAddr>${escapeXml(urls.device)}</tt:XAddr>` +
        `<tt:Network><tt:IPFilter>false</tt:IPFilter><tt:ZeroConfiguration>false</tt:ZeroConfiguration><tt:IPVersion6>false</tt:IPVersion6><tt:DynDNS>false</tt:DynDNS></tt:Network>` +
        `<tt:System><tt:DiscoveryResolve>false</tt:DiscoveryResolve><tt:DiscoveryBye>false</tt:DiscoveryBye><tt:RemoteDiscovery>false</tt:RemoteDiscovery>` +
        `<tt:SystemBackup>false</tt:SystemBackup><tt:SystemLogging>false</tt:SystemLogging><tt:FirmwareUpgrade>false</tt:FirmwareUpgrade>` +
        `<tt:SupportedVersions><tt:Major>${ONVIF_VERSION.major}</tt:Major><tt:Minor>${ONVIF_VERSION.minor}</tt:Minor></tt:SupportedVersions></tt:System>` +
        `<tt:IO><tt:InputConnectors>0</tt:InputConnectors><tt:RelayOutputs>0</tt:RelayOutputs></tt:IO>` +
        `<tt:Security><tt:TLS1.1>false</tt:TLS1.1><tt:TLS1.2>false</tt:TLS1.2><tt:OnboardKeyGeneration>false</tt:OnboardKeyGeneration>` +
        `<tt:AccessPolicyConfig>false</tt:AccessPolicyConfig><tt:X.509Token>false</tt:X.509Token><tt:SAMLToken>false</tt:SAMLToken>` +
        `<tt:KerberosToken>false</tt:KerberosToken><tt:RELToken>false</tt:RELToken></tt:Security></tt:Device>`,
    );
  }
  if (want('Events')) {
    parts.push(
      `<tt:Events><tt:XAddr>${escapeXml(urls.events)}</tt:XAddr><tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport>` +
        `<tt:WSPullPointSupport>true</tt:WSPullPointSupport><tt:WSPausableSubscriptionManagerInterfaceSupport>false</tt:WSPausableSubscriptionManagerInterfaceSupport></tt:Events>`,
    );
  }
  if (want('Media')) {
    parts.push(
      `<tt:Media><tt:XAddr>${escapeXml(urls.media)}</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast>` +
        `<tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>`,
    );
  }
  if (want('PTZ')) parts.push(`<tt:PTZ><tt:XAddr>${escapeXml(urls.ptz)}</tt:XAddr></tt:PTZ>`);
  return `<tds:GetCapabilitiesResponse><tds:Capabilities>${parts.join('')}</tds:Capabilities></tds:GetCapabilitiesResponse>`;
}

const DEVICE_SERVICE_CAPABILITIES =
  `<tds:Network IPFilter="false" ZeroConfiguration="false" IPVersion6="false" DynDNS="false" Dot11Configuration="false" HostnameFromDHCP="false" NTP="0"/>` +
  `<tds:Security TLS1.0="false" TLS1.1="false" TLS1.2="false" OnboardKeyGeneration="false" AccessPolicyConfig="false" DefaultAccessPolicy="false" Dot1X="false" RemoteUserHandling="false" X.509Token="false" SAMLToken="false" KerberosToken="false" UsernameToken="true" HttpDigest="true" RELToken="false"/>` +
  `<tds:System DiscoveryResolve="false" DiscoveryBye="false" RemoteDiscovery="false" SystemBackup="false" SystemLogging="false" FirmwareUpgrade="false" HttpFirmwareUpgrade="false" HttpSystemBackup="false" HttpSystemLogging="false" HttpSupportInformation="false"/>`;

export function servicesXml(urls: OnvifServiceUrls, includeCapability: boolean): string {
  const services: Array<{ ns: string; url: string; caps: string }> = [
    { ns: NS.tds, url: urls.device, caps: `<tds:Capabilities>${DEVICE_SERVICE_CAPABILITIES}</tds:Capabilities>` },
    {
      ns: NS.trt,
      url: urls.media,
      caps:
        `<trt:Capabilities SnapshotUri="true" Rotation="false" VideoSourceMode="false" OSD="false">` +
        `<trt:ProfileCapabilities MaximumNumberOfProfiles="2"/>` +
        `<trt:StreamingCapabilities RTPMulticast="false" RTP_TCP="true" RTP_RTSP_TCP="true" NonAggregateControl="false" NoRTSPStreaming="false"/></trt:Capabilities>`,
    },
    {
      ns: NS.tptz,
      url: urls.ptz,
      caps: `<tptz:Capabilities EFlip="false" Reverse="false" GetCompatibleConfigurations="false" MoveStatus="true" StatusPosition="true"/>`,
    },
    {
      ns: NS.tev,
      url: urls.events,
      caps:
        `<tev:Capabilities WSSubscriptionPolicySupport="false" WSPullPointSupport="true" WSPausableSubscriptionManagerInterfaceSupport="false" ` +
        `MaxNotificationProducers="0" MaxPullPoints="${MAX_PULL_POINTS_ANNOUNCED}" PersistentNotificationStorage="false"/>`,
    },
  ];
  return (
    `<tds:GetServicesResponse>` +
    services
      .map(
        (s) =>
          `<tds:Service><tds:Namespace>${s.ns}</tds:Namespace><tds:XAddr>${escapeXml(s.url)}</tds:XAddr>` +
          (includeCapability ? `<tds:Capabilities>${s.caps}</tds:Capabilities>` : '') +
          `<tds:Version><tt:Major>${ONVIF_VERSION.major}</tt:Major><tt:Minor>${ONVIF_VERSION.minor}</tt:Minor></tds:Version></tds:Service>`,
      )
      .join('') +
    `</tds:GetServicesResponse>`
  );
}

/** Pull points a client may hold per camera; announced in the events capabilities. */
export const MAX_PULL_POINTS_ANNOUNCED = 16; // used by onvif-events (limit) and servicesXml

export function scopesXml(cameraId: string): string {
  return (
    `<tds:GetScopesResponse>` +
    cameraScopes(cameraId)
      .map((s) => `<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef><tt:ScopeItem>${escapeXml(s)}</tt:ScopeItem></tds:Scopes>`)
      .join('') +
    `</tds:GetScopesResponse>`
  );
}

export function networkInterfacesXml(cameraId: string, address: string): string {
  return (
    `<tds:GetNetworkInterfacesResponse><tds:NetworkInterfaces token="eth0">` +
    `<tt:Enabled>true</tt:Enabled><tt:Info><tt:Name>eth0</tt:Name><tt:HwAddress>${cameraMacAddress(cameraId)}</tt:HwAddress><tt:MTU>1500</tt:MTU></tt:Info>` +
    `<tt:IPv4><tt:Enabled>true</tt:Enabled><tt:Config><tt:Manual><tt:Address>${escapeXml(address)}</tt:Address><tt:PrefixLength>8</tt:PrefixLength></tt:Manual>` +
    `<tt:DHCP>false</tt:DHCP></tt:Config></tt:IPv4></tds:NetworkInterfaces></tds:GetNetworkInterfacesResponse>`
  );
}

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[|\]$/g, '');
}

/** Operations a client may call before it authenticates (ONVIF Core access class PRE_AUTH). */
export const DEVICE_PRE_AUTH: ReadonlySet<string> = new Set([
  'GetSystemDateAndTime',
  'GetServices',
  'GetServiceCapabilities',
  'GetCapabilities',
  'GetHostname',
  'GetWsdlUrl',
  'GetEndpointReference',
]);

function categoriesOf(operation: XmlElement): string[] {
  return operation.children
    .filter((c) => c.local === 'Category')
    .flatMap((c) => c.text.split(/\s+/))
    .filter((c) => (CAPABILITY_CATEGORIES as readonly string[]).includes(c));
}

export const deviceOperations: Readonly<Record<string, OperationHandler>> = {
  GetSystemDateAndTime: (_op, ctx) => systemDateAndTimeXml(ctx.cameraNowMs()),
  GetDeviceInformation: (_op, ctx) => deviceInformationXml(ctx.cameraId),
  GetCapabilities: (op, ctx) => capabilitiesXml(ctx.urls, categoriesOf(op)),
  GetServices: (op, ctx) => servicesXml(ctx.urls, childOf(op, 'IncludeCapability')?.text === 'true'),
  GetServiceCapabilities: () => `<tds:GetServiceCapabilitiesResponse><tds:Capabilities>${DEVICE_SERVICE_CAPABILITIES}</tds:Capabilities></tds:GetServiceCapabilitiesResponse>`,
  GetScopes: (_op, ctx) => scopesXml(ctx.cameraId),
  GetHostname: (_op, ctx) =>
    `<tds:GetHostnameResponse><tds:HostnameInformation><tt:FromDHCP>false</tt:FromDHCP><tt:Name>${escapeXml(ctx.cameraId)}</tt:Name></tds:HostnameInformation></tds:GetHostnameResponse>`,
  GetNetworkInterfaces: (_op, ctx) => networkInterfacesXml(ctx.cameraId, hostOf(ctx.urls.device)),
};
