import { childOf, escapeXml, parseXml, XmlParseError, type XmlElement } from './xml-tree.js';

/** Namespace URIs of the messages argus-sim reads and writes (prefixes as ONVIF documents use them). */
export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  wsa: 'http://www.w3.org/2005/08/addressing',
  wsnt: 'http://docs.oasis-open.org/wsn/b-2',
  wstop: 'http://docs.oasis-open.org/wsn/t-1',
  wsrfrw: 'http://docs.oasis-open.org/wsrf/rw-2',
  tt: 'http://www.onvif.org/ver10/schema',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  trt: 'http://www.onvif.org/ver10/media/wsdl',
  tptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  tev: 'http://www.onvif.org/ver10/events/wsdl',
  tns1: 'http://www.onvif.org/ver10/topics',
  ter: 'http://www.onvif.org/ver10/error',
  xsd: 'http://www.w3.org/2001/XMLSchema',
} as const;

const PASSWORD_DIGEST_SUFFIX = '#PasswordDigest';

/** The WS-Security UsernameToken of a request, as sent (nothing verified yet). */
export interface UsernameToken {
  readonly username: string;
  readonly password: string;
  readonly type: 'digest' | 'text';
  /** Base64 as sent; absent for some PasswordText clients. */
  readonly nonce?: string;
  /** xs:dateTime as sent. */
  readonly created?: string;
}

/** A parsed SOAP request: the operation element and, when present, the UsernameToken. */
export interface SoapRequest {
  /** First element of the Body: its local name is the operation. */
  readonly operation: XmlElement;
  readonly header: XmlElement | undefined;
  readonly token: UsernameToken | undefined;
}

export type SoapFaultCode = 'Sender' | 'Receiver' | 'VersionMismatch';

/**
 * A SOAP 1.2 fault to send back. `subcodes` are ONVIF `ter:` codes, outer
 * first (`['ter:InvalidArgVal', 'ter:NoProfile']`). The HTTP status follows
 * the SOAP 1.2 HTTP binding: Sender → 400, Receiver/VersionMismatch → 500.
 */
export class SoapFault extends Error {
  constructor(
    readonly code: SoapFaultCode,
    readonly subcodes: readonly string[],
    readonly reason: string,
    readonly httpStatus: number = code === 'Sender' ? 400 : 500,
  ) {
    super(reason);
    this.name = 'SoapFault';
  }
}

/** The faults argus-sim sends, by cause (ONVIF Core 5.11 generic faults). */
export const FAULTS = {
  notWellFormed: (detail: string) => new SoapFault('Sender', ['ter:WellFormed'], `Well-formed Error: ${detail}`),
  notSoap12: () => new SoapFault('VersionMismatch', [], 'Only SOAP 1.2 envelopes are understood'),
  badEnvelope: (detail: string) => new SoapFault('Sender', ['ter:InvalidArgVal'], `Invalid SOAP envelope: ${detail}`),
  notAuthorized: (httpStatus = 400) => new SoapFault('Sender', ['ter:NotAuthorized'], 'Sender not Authorized', httpStatus),
  actionNotSupported: (action: string) =>
    new SoapFault('Receiver', ['ter:ActionNotSupported'], `Optional Action Not Implemented: ${action}`),
  invalidArg: (detail: string, subcode?: string) =>
    new SoapFault('Sender', ['ter:InvalidArgVal', ...(subcode ? [subcode] : [])], `Argument Value Invalid: ${detail}`),
  tooLarge: (limit: number) => new SoapFault('Sender', ['ter:InvalidArgVal'], `Request body over ${limit} bytes`, 413),
  resourceUnknown: () => new SoapFault('Sender', ['ter:InvalidArgVal', 'ter:ResourceUnknown'], 'Subscription unknown or expired'),
} as const;

/**
 * Parses a SOAP 1.2 request (pure). Throws SoapFault for anything that is
 * not one: not XML, a DTD, SOAP 1.1, no Body, an empty Body.
 */
export function parseSoapRequest(text: string): SoapRequest {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (err) {
    throw FAULTS.notWellFormed(err instanceof XmlParseError ? err.message : 'unreadable');
  }
  if (root.local !== 'Envelope') throw FAULTS.badEnvelope(`root element is ${root.local}, not Envelope`);
  if (root.ns === NS.soap11) throw FAULTS.notSoap12();
  if (root.ns !== NS.soap) throw FAULTS.badEnvelope('Envelope is not in the SOAP 1.2 namespace');
  const header = childOf(root, 'Header', NS.soap);
  const body = childOf(root, 'Body', NS.soap);
  if (!body) throw FAULTS.badEnvelope('no Body');
  const operation = body.children[0];
  if (!operation) throw FAULTS.badEnvelope('empty Body');
  return { operation, header, token: readUsernameToken(header) };
}

function readUsernameToken(header: XmlElement | undefined): UsernameToken | undefined {
  const token = childOf(childOf(header, 'Security', NS.wsse), 'UsernameToken', NS.wsse);
  if (!token) return undefined;
  const password = childOf(token, 'Password', NS.wsse);
  const type = password?.attrs.get('Type') ?? '';
  const nonce = childOf(token, 'Nonce', NS.wsse)?.text;
  const created = childOf(token, 'Created', NS.wsu)?.text ?? childOf(token, 'Created')?.text;
  return {
    username: childOf(token, 'Username', NS.wsse)?.text ?? '',
    password: password?.text ?? '',
    // WSS: a missing Type means PasswordText.
    type: type.endsWith(PASSWORD_DIGEST_SUFFIX) ? 'digest' : 'text',
    ...(nonce === undefined ? {} : { nonce }),
    ...(created === undefined ? {} : { created }),
  };
}

const ENVELOPE_NAMESPACES = (
  [
    ['env', NS.soap],
    ['tt', NS.tt],
    ['tds', NS.tds],
    ['trt', NS.trt],
    ['tptz', NS.tptz],
    ['tev', NS.tev],
    ['wsnt', NS.wsnt],
    ['wsa', NS.wsa],
    ['wstop', NS.wstop],
    ['tns1', NS.tns1],
    ['ter', NS.ter],
    ['xsd', NS.xsd],
  ] as const
)
  .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
  .join(' ');

/** A SOAP 1.2 envelope declaring every prefix the templates use. `body` and `header` are XML already. */
export function soapEnvelope(body: string, header = ''): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<env:Envelope ${ENVELOPE_NAMESPACES}>` +
    (header ? `<env:Header>${header}</env:Header>` : '') +
    `<env:Body>${body}</env:Body></env:Envelope>`
  );
}

/** The envelope of a fault. */
export function soapFaultEnvelope(fault: SoapFault): string {
  // Subcodes nest: Code/Subcode/Subcode, outermost first.
  const subcodes = fault.subcodes.reduceRight(
    (inner, code) => `<env:Subcode><env:Value>${escapeXml(code)}</env:Value>${inner}</env:Subcode>`,
    '',
  );
  return soapEnvelope(
    `<env:Fault><env:Code><env:Value>env:${fault.code}</env:Value>${subcodes}</env:Code>` +
      `<env:Reason><env:Text xml:lang="en">${escapeXml(fault.reason)}</env:Text></env:Reason></env:Fault>`,
  );
}

/** Parses an xs:duration of the form PnDTnHnMnS (what ONVIF timeouts use) to ms; undefined when not one. */
export function parseXsDuration(text: string): number | undefined {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [, d, h, min, s] = m;
  return Math.round((Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(min ?? 0) * 60 + Number(s ?? 0)) * 1000);
}

/** An xs:duration for a count of ms (`PT90S`). */
export function formatXsDuration(ms: number): string {
  return `PT${Math.max(0, Math.round(ms / 1000))}S`;
}

/** xs:dateTime in UTC with ms (`2024-01-02T03:04:05.678Z`): what the onvif client turns back into a Date. */
export function formatDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
