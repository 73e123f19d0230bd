import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { parseAuthParams } from '../../src/rtsp/rtsp-auth.js';
import { passwordDigest } from '../../src/onvif/ws-security.js';

export interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

export interface HttpRequest {
  readonly method?: string;
  readonly headers?: Record<string, string | number | string[]>;
  readonly body?: string | Buffer;
  readonly timeoutMs?: number;
}

/**
 * One plain HTTP request (a fresh connection each time); rejects on a socket
 * error (an offline camera destroys the connection) or after `timeoutMs`.
 */
export function httpRequest(url: string, options: HttpRequest = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 15_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(options.body);
  });
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** GET with HTTP Digest (RFC 2617, qop=auth when offered) or Basic, after a first unauthenticated try. */
export async function httpGetWithAuth(url: string, username: string, password: string, scheme: 'digest' | 'basic'): Promise<HttpResult> {
  if (scheme === 'basic') {
    return httpRequest(url, { headers: { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` } });
  }
  const first = await httpRequest(url);
  if (first.status !== 401) return first;
  const challenges = ([] as string[]).concat(first.headers['www-authenticate'] ?? []);
  const digest = challenges.find((c) => c.startsWith('Digest '));
  if (!digest) throw new Error(`no Digest challenge in ${JSON.stringify(challenges)}`);
  const p = parseAuthParams(digest.slice(7));
  const realm = p.get('realm') ?? '';
  const nonce = p.get('nonce') ?? '';
  const path = new URL(url).pathname + new URL(url).search;
  const ha1 = md5(`${username}:${realm}:${password}`);
  const ha2 = md5(`GET:${path}`);
  const response = md5(`${ha1}:${nonce}:${ha2}`);
  return httpRequest(url, {
    headers: { Authorization: `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${path}", response="${response}", algorithm="MD5"` },
  });
}

/** A SOAP 1.2 request body, with a WS-Security UsernameToken when `token` is given. */
export function soapRequest(body: string, token?: { username: string; password: string; created: string; nonce?: Buffer; type?: 'digest' | 'text' }): string {
  let header = '';
  if (token) {
    const nonce = (token.nonce ?? randomBytes(16)).toString('base64');
    const digest = token.type !== 'text';
    const password = digest ? passwordDigest(nonce, token.created, token.password) : token.password;
    header =
      `<s:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" ` +
      `xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><wsse:UsernameToken>` +
      `<wsse:Username>${token.username}</wsse:Username>` +
      `<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#${digest ? 'PasswordDigest' : 'PasswordText'}">${password}</wsse:Password>` +
      `<wsse:Nonce>${nonce}</wsse:Nonce><wsu:Created>${token.created}</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">${header}<s:Body>${body}</s:Body></s:Envelope>`;
}

export function postSoap(url: string, xml: string): Promise<HttpResult> {
  return httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/soap+xml; charset=utf-8' }, body: xml });
}

/** The fault's subcode values (`ter:NotAuthorized`), outermost first, read off the raw XML. */
export function faultSubcodes(xml: string): string[] {
  const code = /<env:Code>([\s\S]*)<\/env:Code>/.exec(xml)?.[1] ?? '';
  return [...code.matchAll(/<env:Value>([^<]+)<\/env:Value>/g)].map((m) => m[1]!);
}
