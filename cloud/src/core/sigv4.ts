import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * AWS Signature Version 4, the verifying side, as the AWS SDKs sign
 * (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
 * canonical request → string to sign → HMAC with a key derived from the
 * secret, date, region and service. Pure: the caller gives the request as
 * received and the clock, and looks the secret up between the two steps
 * (parse the Authorization header, then verify with the key's secret).
 */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header. */
export interface SigV4Authorization {
  readonly accessKeyId: string;
  /** `yyyymmdd` of the credential scope. */
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  /** Lowercase, in the order the client listed them (which must be sorted). */
  readonly signedHeaders: readonly string[];
  /** Lowercase hex. */
  readonly signature: string;
}

/** Why a request's signature is refused; `incomplete` is a malformed header, the rest a signature that does not hold. */
export type SigV4Problem =
  | { readonly kind: 'incomplete'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string };

/** A request as the server received it. */
export interface SignedRequest {
  readonly method: string;
  /** The request target as sent: path and query, still percent-encoded. */
  readonly url: string;
  /** Header names lowercase; repeated headers in arrival order. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: Uint8Array;
}

export interface VerifyOptions {
  readonly secretAccessKey: string;
  /** The service the scope must name (`rekognition`). */
  readonly service: string;
  /** Epoch ms. */
  readonly now: number;
  /** Largest |x-amz-date − now| accepted (AWS: 15 minutes). */
  readonly maxSkewMs: number;
}

const SCOPE_TERMINATOR = 'aws4_request';

/** Parses the Authorization header; a problem when it is not a complete SigV4 one. */
export function parseSigV4Authorization(header: string): SigV4Authorization | SigV4Problem {
  const incomplete = (message: string): SigV4Problem => ({ kind: 'incomplete', message });
  if (!header.startsWith(`${SIGV4_ALGORITHM} `)) return incomplete(`Authorization header requires the ${SIGV4_ALGORITHM} algorithm`);
  const fields = new Map<string, string>();
  for (const part of header.slice(SIGV4_ALGORITHM.length + 1).split(',')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  const missing = [credential === undefined ? 'Credential' : '', signedHeaders === undefined ? 'SignedHeaders' : '', signature === undefined ? 'Signature' : ''].filter(Boolean);
  if (missing.length > 0) return incomplete(`Authorization header requires ${missing.map((m) => `'${m}'`).join(', ')} parameter(s)`);
  const scope = credential!.split('/');
  if (scope.length !== 5 || scope.some((s) => s === '')) return incomplete(`Credential should be scoped to a valid region, not '${credential!.split('/').slice(1).join('/')}'`);
  const [accessKeyId, scopeDate, region, service, terminator] = scope as [string, string, string, string, string];
  if (terminator !== SCOPE_TERMINATOR) return incomplete(`Credential should be scoped with a valid terminator: '${SCOPE_TERMINATOR}', not '${terminator}'`);
  if (!/^\d{8}$/.test(scopeDate)) return incomplete(`Credential should be scoped to a valid date, not '${scopeDate}'`);
  if (!/^[0-9a-f]{64}$/.test(signature!)) return incomplete('Signature must be 64 lowercase hex digits');
  const names = signedHeaders!.split(';');
  if (names.some((n) => n === '' || n !== n.toLowerCase())) return incomplete('SignedHeaders must be lowercase header names separated by semicolons');
  return { accessKeyId, scopeDate, region, service, signedHeaders: names, signature: signature! };
}

export function isSigV4Problem(value: SigV4Authorization | SigV4Problem): value is SigV4Problem {
  return 'kind' in value;
}

/** RFC 3986 unreserved characters stay, everything else is %XX (upper-case), as SigV4 encodes. */
export function uriEscape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical URI of a path as sent: dot segments removed, each segment
 * escaped once more (the SDKs escape the already-encoded path again for every
 * service but S3).
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '.' ) continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  let path = segments.join('/');
  if (!path.startsWith('/')) path = `/${path}`;
  if (rawPath.endsWith('/') && !path.endsWith('/')) path += '/';
  return path.split('/').map(uriEscape).join('/');
}

/** Query parameters decoded, re-escaped, sorted by name then value. */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s.replace(/\+/g, '%20'));
    } catch {
      return s;
    }
  };
  const pairs = rawQuery.split('&').filter(Boolean).map((p) => {
    const at = p.indexOf('=');
    const name = at < 0 ? p : p.slice(0, at);
    const value = at < 0 ? '' : p.slice(at + 1);
    return [uriEscape(decode(name)), uriEscape(decode(value))] as const;
  });
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}

/** A header value as signed: trimmed, inner runs of spaces collapsed; repeats joined with commas. */
function canonicalHeaderValue(values: readonly string[]): string {
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

export const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

const hmac = (key: Uint8Array | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** The signing key: HMAC chain over date, region, service and the terminator, from `AWS4` + secret. */
export function signingKey(secretAccessKey: string, scopeDate: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, scopeDate), region), service), SCOPE_TERMINATOR);
}

export function canonicalRequest(request: SignedRequest, signedHeaders: readonly string[], payloadHash: string): string {
  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const query = at < 0 ? '' : request.url.slice(at + 1);
  const headerLines = signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers.get(name) ?? [])}\n`).join('');
  return [request.method.toUpperCase(), canonicalUri(path), canonicalQuery(query), headerLines, signedHeaders.join(';'), payloadHash].join('\n');
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [SIGV4_ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
}

/** `20261130T122518Z` → epoch ms; NaN when malformed. */
export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function single(request: SignedRequest, name: string): string | undefined {
  const values = request.headers.get(name);
  return values && values.length > 0 ? values.join(',') : undefined;
}

/**
 * Verifies a parsed Authorization against the request and the key's secret:
 * the scope names the service and the date of `x-amz-date`, `host` and
 * `x-amz-date` are signed, the date is within `maxSkewMs` of now, the body
 * hashes to `x-amz-content-sha256` when that is sent, and the signature
 * matches (compared in constant time). undefined when all hold.
 */
export function verifySigV4(request: SignedRequest, auth: SigV4Authorization, options: VerifyOptions): SigV4Problem | undefined {
  const invalid = (message: string): SigV4Problem => ({ kind: 'invalid', message });
  if (auth.service !== options.service) return invalid(`Credential should be scoped to correct service: '${options.service}'.`);
  for (const required of ['host', 'x-amz-date']) {
    if (!auth.signedHeaders.includes(required)) return { kind: 'incomplete', message: `'${required}' must be a signed header` };
  }
  const sorted = [...auth.signedHeaders].sort();
  if (sorted.some((name, i) => name !== auth.signedHeaders[i])) return { kind: 'incomplete', message: 'SignedHeaders must be sorted' };
  const missing = auth.signedHeaders.find((name) => request.headers.get(name) === undefined);
  if (missing !== undefined) return invalid(`the signed header '${missing}' is not in the request`);

  const amzDate = single(request, 'x-amz-date')!;
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt)) return invalid(`x-amz-date must be an ISO 8601 basic date like 20261130T120000Z, not '${amzDate}'`);
  if (amzDate.slice(0, 8) !== auth.scopeDate) return invalid(`Credential should be scoped to a valid date: the scope says '${auth.scopeDate}', x-amz-date '${amzDate}'`);
  if (signedAt < options.now - options.maxSkewMs) {
    return invalid(`Signature expired: ${amzDate} is now earlier than ${formatAmzDate(options.now - options.maxSkewMs)} (${formatAmzDate(options.now)} - ${options.maxSkewMs / 60_000} min.)`);
  }
  if (signedAt > options.now + options.maxSkewMs) {
    return invalid(`Signature not yet current: ${amzDate} is still later than ${formatAmzDate(options.now + options.maxSkewMs)} (${formatAmzDate(options.now)} + ${options.maxSkewMs / 60_000} min.)`);
  }

  const payloadHash = sha256Hex(request.body);
  const claimed = single(request, 'x-amz-content-sha256');
  if (claimed !== undefined && claimed !== payloadHash) return invalid('The provided x-amz-content-sha256 header does not match the body');

  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/${SCOPE_TERMINATOR}`;
  const canonical = canonicalRequest(request, auth.signedHeaders, payloadHash);
  const expected = createHmac('sha256', signingKey(options.secretAccessKey, auth.scopeDate, auth.region, auth.service)).update(stringToSign(amzDate, scope, canonical)).digest();
  const given = Buffer.from(auth.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return invalid('The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
  }
  return undefined;
}

/** Header map of a Node request's raw headers: names lowercase, repeats in arrival order. */
export function headerMap(rawHeaders: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const list = map.get(name);
    if (list) list.push(rawHeaders[i + 1]!);
    else map.set(name, [rawHeaders[i + 1]!]);
  }
  return map;
}
