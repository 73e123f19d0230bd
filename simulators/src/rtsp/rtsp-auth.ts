import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface RtspCredentials {
  readonly username: string;
  readonly password: string;
}

/** Challenges a camera offers: both (Digest wins with ffmpeg and most clients), or one only. */
export type RtspAuthScheme = 'both' | 'digest' | 'basic';

export interface RtspAuthPolicy {
  readonly credentials: RtspCredentials;
  readonly scheme: RtspAuthScheme;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** Parses `key=value, key="quoted, value"` parameter lists of an Authorization header. */
export function parseAuthParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    params.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
  }
  return params;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * RTSP authentication as cameras do it: HTTP Basic and Digest (RFC 2617,
 * MD5). Digest is offered without qop, which is what ffmpeg and most NVRs
 * expect from cameras; a client that answers with qop=auth anyway is
 * verified with the qop formula. Nonces are stateless: random bytes plus an
 * HMAC under a per-server secret, so the server remembers nothing per client
 * yet only accepts nonces it issued.
 */
export class RtspAuthenticator {
  private readonly secret: Buffer;

  constructor(
    readonly realm: string,
    secret: Buffer = randomBytes(32),
  ) {
    this.secret = secret;
  }

  /** WWW-Authenticate headers for a 401, Digest first (clients pick the first scheme they like). */
  challenge(scheme: RtspAuthScheme): Array<[string, string]> {
    const headers: Array<[string, string]> = [];
    if (scheme !== 'basic') headers.push(['WWW-Authenticate', `Digest realm="${this.realm}", nonce="${this.issueNonce()}", algorithm="MD5"`]);
    if (scheme !== 'digest') headers.push(['WWW-Authenticate', `Basic realm="${this.realm}"`]);
    return headers;
  }

  /** True when `authorization` proves the credentials under an allowed scheme. */
  verify(policy: RtspAuthPolicy, method: string, authorization: string | undefined): boolean {
    if (!authorization) return false;
    const space = authorization.indexOf(' ');
    const kind = (space === -1 ? authorization : authorization.slice(0, space)).toLowerCase();
    const rest = space === -1 ? '' : authorization.slice(space + 1).trim();
    if (kind === 'basic' && policy.scheme !== 'digest') return this.verifyBasic(policy.credentials, rest);
    if (kind === 'digest' && policy.scheme !== 'basic') return this.verifyDigest(policy.credentials, method, rest);
    return false;
  }

  private verifyBasic(credentials: RtspCredentials, token: string): boolean {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    return safeEqual(decoded, `${credentials.username}:${credentials.password}`);
  }

  private verifyDigest(credentials: RtspCredentials, method: string, text: string): boolean {
    const p = parseAuthParams(text);
    const nonce = p.get('nonce');
    const uri = p.get('uri');
    const response = p.get('response');
    if (!nonce || uri === undefined || !response || !this.validNonce(nonce)) return false;
    if (p.get('username') !== credentials.username || p.get('realm') !== this.realm) return false;
    const algorithm = (p.get('algorithm') ?? 'MD5').toUpperCase();
    if (algorithm !== 'MD5') return false;
    const ha1 = md5(`${credentials.username}:${this.realm}:${credentials.password}`);
    // HA2 uses the uri the client signed; clients differ on whether it is the
    // request URL exactly (ffmpeg) or a path, so it is not compared with the request line.
    const ha2 = md5(`${method}:${uri}`);
    const qop = p.get('qop');
    const expected =
      qop === 'auth'
        ? md5(`${ha1}:${nonce}:${p.get('nc') ?? ''}:${p.get('cnonce') ?? ''}:auth:${ha2}`)
        : md5(`${ha1}:${nonce}:${ha2}`);
    return safeEqual(expected, response.toLowerCase());
  }

  private issueNonce(): string {
    const random = randomBytes(12).toString('hex');
    return `${random}${this.sign(random)}`;
  }

  private validNonce(nonce: string): boolean {
    if (!/^[0-9a-f]{56}$/.test(nonce)) return false;
    return safeEqual(nonce.slice(24), this.sign(nonce.slice(0, 24)));
  }

  private sign(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('hex').slice(0, 32);
  }
}
