import { describe, expect, it } from 'vitest';
import { NonceCache, passwordDigest, verifyUsernameToken } from './ws-security.js';

const CREDS = { username: 'admin', password: 'secret' };
const NOW = Date.parse('2024-05-01T12:00:00Z');

function digestToken(created: string, nonce = Buffer.from('nonce-0123456789').toString('base64'), password = 'secret') {
  return { username: 'admin', type: 'digest' as const, nonce, created, password: passwordDigest(nonce, created, password) };
}

describe('verifyUsernameToken', () => {
  it('accepts a PasswordDigest made with the right password at the camera time', () => {
    expect(verifyUsernameToken(digestToken('2024-05-01T12:00:00Z'), CREDS, NOW, new NonceCache())).toEqual({ ok: true });
  });

  it('matches the WSS formula: Base64(SHA1(nonce + created + password))', () => {
    // Computed independently (Python hashlib): sha1 of bytes "abc" + "2024-01-01T00:00:00Z" + "pw".
    expect(passwordDigest(Buffer.from('abc').toString('base64'), '2024-01-01T00:00:00Z', 'pw')).toBe('p6NryYWnwq9ZNjXYyb/fmfOW8Mk=');
  });

  it('refuses a wrong password, a wrong user and a digest without nonce', () => {
    const nonces = new NonceCache();
    expect(verifyUsernameToken(digestToken('2024-05-01T12:00:00Z', undefined, 'nope'), CREDS, NOW, nonces)).toMatchObject({ ok: false, reason: 'wrong password' });
    expect(verifyUsernameToken({ ...digestToken('2024-05-01T12:00:00Z'), username: 'root' }, CREDS, NOW, nonces)).toMatchObject({ ok: false });
    const { nonce: _n, ...noNonce } = digestToken('2024-05-01T12:00:00Z');
    expect(verifyUsernameToken(noNonce, CREDS, NOW, nonces)).toMatchObject({ ok: false });
  });

  it('refuses a Created more than 5 minutes off the camera clock, either way', () => {
    const nonces = new NonceCache();
    expect(verifyUsernameToken(digestToken('2024-05-01T12:04:59Z', 'AAAA'), CREDS, NOW, nonces).ok).toBe(true);
    expect(verifyUsernameToken(digestToken('2024-05-01T11:55:01Z', 'AAAB'), CREDS, NOW, nonces).ok).toBe(true);
    expect(verifyUsernameToken(digestToken('2024-05-01T12:05:01Z', 'AAAC'), CREDS, NOW, nonces)).toMatchObject({ ok: false, reason: 'Created too far from the camera clock' });
    expect(verifyUsernameToken(digestToken('2024-05-01T13:00:00Z', 'AAAD'), CREDS, NOW, nonces).ok).toBe(false);
    expect(verifyUsernameToken(digestToken('yesterday', 'AAAE'), CREDS, NOW, nonces).ok).toBe(false);
  });

  it('refuses a replayed nonce inside the window and forgets it after', () => {
    const nonces = new NonceCache(10 * 60_000);
    const token = digestToken('2024-05-01T12:00:00Z');
    expect(verifyUsernameToken(token, CREDS, NOW, nonces).ok).toBe(true);
    expect(verifyUsernameToken(token, CREDS, NOW + 1_000, nonces)).toMatchObject({ ok: false, reason: 'nonce replayed' });
    expect(nonces.remember('other', NOW + 11 * 60_000)).toBe(true);
    expect(nonces.size).toBe(1);
  });

  it('accepts PasswordText, with or without nonce', () => {
    expect(verifyUsernameToken({ username: 'admin', type: 'text', password: 'secret' }, CREDS, NOW, new NonceCache()).ok).toBe(true);
    expect(verifyUsernameToken({ username: 'admin', type: 'text', password: 'Secret' }, CREDS, NOW, new NonceCache()).ok).toBe(false);
  });

  it('keeps the nonce cache bounded', () => {
    const nonces = new NonceCache(60_000, 3);
    for (const n of ['a', 'b', 'c', 'd']) nonces.remember(n, NOW);
    expect(nonces.size).toBe(3);
    expect(nonces.remember('a', NOW)).toBe(true);
  });
});
