import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseAuthParams, RtspAuthenticator, type RtspAuthPolicy } from './rtsp-auth.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const credentials = { username: 'admin', password: 'secret' };
const both: RtspAuthPolicy = { credentials, scheme: 'both' };

function digestHeader(auth: RtspAuthenticator, options: { password?: string; method?: string; nonce?: string; qop?: boolean } = {}): string {
  const challenge = auth.challenge('digest')[0]![1];
  const nonce = options.nonce ?? parseAuthParams(challenge).get('nonce')!;
  const uri = 'rtsp://127.0.0.1:8554/cam-1/main';
  const ha1 = md5(`admin:${auth.realm}:${options.password ?? 'secret'}`);
  const ha2 = md5(`${options.method ?? 'DESCRIBE'}:${uri}`);
  if (options.qop) {
    const response = md5(`${ha1}:${nonce}:00000001:abcd:auth:${ha2}`);
    return `Digest username="admin", realm="${auth.realm}", nonce="${nonce}", uri="${uri}", qop=auth, nc=00000001, cnonce="abcd", response="${response}"`;
  }
  return `Digest username="admin", realm="${auth.realm}", nonce="${nonce}", uri="${uri}", response="${md5(`${ha1}:${nonce}:${ha2}`)}"`;
}

describe('RtspAuthenticator', () => {
  const auth = new RtspAuthenticator('Test Realm');

  it('challenges with Digest then Basic, or only the configured scheme', () => {
    expect(auth.challenge('both').map(([name, value]) => `${name}: ${value.split(' ')[0]}`)).toEqual([
      'WWW-Authenticate: Digest',
      'WWW-Authenticate: Basic',
    ]);
    expect(auth.challenge('basic')).toEqual([['WWW-Authenticate', 'Basic realm="Test Realm"']]);
    expect(auth.challenge('digest')).toHaveLength(1);
  });

  it('accepts a correct qop-less Digest response (RFC 2617, as ffmpeg sends it)', () => {
    expect(auth.verify(both, 'DESCRIBE', digestHeader(auth))).toBe(true);
  });

  it('accepts a Digest response with qop=auth', () => {
    expect(auth.verify(both, 'DESCRIBE', digestHeader(auth, { qop: true }))).toBe(true);
  });

  it('rejects a wrong password, a different method, and nonces it did not issue', () => {
    expect(auth.verify(both, 'DESCRIBE', digestHeader(auth, { password: 'nope' }))).toBe(false);
    expect(auth.verify(both, 'SETUP', digestHeader(auth))).toBe(false);
    expect(auth.verify(both, 'DESCRIBE', digestHeader(auth, { nonce: 'a'.repeat(56) }))).toBe(false);
    const other = new RtspAuthenticator('Test Realm');
    expect(other.verify(both, 'DESCRIBE', digestHeader(auth))).toBe(false);
  });

  it('checks Basic credentials', () => {
    const basic = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    expect(auth.verify(both, 'PLAY', basic('admin', 'secret'))).toBe(true);
    expect(auth.verify(both, 'PLAY', basic('admin', 'secrets'))).toBe(false);
    expect(auth.verify(both, 'PLAY', undefined)).toBe(false);
    expect(auth.verify(both, 'PLAY', 'Bearer xyz')).toBe(false);
  });

  it('refuses a scheme the camera does not offer', () => {
    const basic = `Basic ${Buffer.from('admin:secret').toString('base64')}`;
    expect(auth.verify({ credentials, scheme: 'digest' }, 'PLAY', basic)).toBe(false);
    expect(auth.verify({ credentials, scheme: 'basic' }, 'DESCRIBE', digestHeader(auth))).toBe(false);
  });
});

describe('parseAuthParams', () => {
  it('reads quoted and bare values, with commas inside quotes', () => {
    const p = parseAuthParams('username="a,b", nc=00000001, realm="R \\"x\\""');
    expect(Object.fromEntries(p)).toEqual({ username: 'a,b', nc: '00000001', realm: 'R "x"' });
  });
});
