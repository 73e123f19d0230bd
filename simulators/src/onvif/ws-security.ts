import { createHash, timingSafeEqual } from 'node:crypto';
import type { RtspCredentials } from '../rtsp/rtsp-auth.js';
import type { UsernameToken } from './soap-envelope.js';

/** How far a token's Created may be from the camera's clock, either way; default 5 min (used by verifyUsernameToken). */
export const DEFAULT_CREATED_TOLERANCE_MS = 5 * 60_000;

/**
 * Nonces seen recently, so a captured request cannot be replayed: a nonce is
 * remembered for twice the Created tolerance (a token older than that is
 * refused by its Created anyway). Bounded: past `maxEntries` the oldest go
 * first, so a flood cannot grow memory without limit.
 */
export class NonceCache {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly windowMs: number = 2 * DEFAULT_CREATED_TOLERANCE_MS,
    private readonly maxEntries = 10_000,
  ) {}

  /** Records the nonce; false when it was already seen inside the window. */
  remember(nonce: string, nowMs: number): boolean {
    this.sweep(nowMs);
    if (this.expiries.has(nonce)) return false;
    this.expiries.set(nonce, nowMs + this.windowMs);
    while (this.expiries.size > this.maxEntries) this.expiries.delete(this.expiries.keys().next().value!);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  private sweep(nowMs: number): void {
    // Insertion order is expiry order (constant window), so stop at the first live one.
    for (const [nonce, expiry] of this.expiries) {
      if (expiry > nowMs) break;
      this.expiries.delete(nonce);
    }
  }
}

export type TokenVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Base64(SHA1(nonce bytes + Created + password)): the WSS UsernameToken PasswordDigest. */
export function passwordDigest(nonceBase64: string, created: string, password: string): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(nonceBase64, 'base64'), Buffer.from(created, 'utf8'), Buffer.from(password, 'utf8')]))
    .digest('base64');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks a WS-Security UsernameToken against the camera's credentials and
 * clock (pure apart from the nonce cache it updates). PasswordDigest needs
 * Nonce and Created; Created must be within `toleranceMs` of the camera's
 * clock (so a client must learn the camera's time first, through
 * GetSystemDateAndTime, as the spec intends); a nonce seen before is a
 * replay. PasswordText is accepted too (some clients only do that), with
 * the same Created and nonce checks when those are present.
 */
export function verifyUsernameToken(
  token: UsernameToken,
  credentials: RtspCredentials,
  cameraNowMs: number,
  nonces: NonceCache,
  toleranceMs = DEFAULT_CREATED_TOLERANCE_MS,
): TokenVerdict {
  if (!safeEqual(token.username, credentials.username)) return { ok: false, reason: 'unknown user' };
  if (token.type === 'digest' && (token.nonce === undefined || token.created === undefined)) {
    return { ok: false, reason: 'PasswordDigest without Nonce or Created' };
  }
  if (token.created !== undefined) {
    const created = Date.parse(token.created);
    if (!Number.isFinite(created)) return { ok: false, reason: 'unreadable Created' };
    if (Math.abs(created - cameraNowMs) > toleranceMs) return { ok: false, reason: 'Created too far from the camera clock' };
  }
  const expected = token.type === 'digest' ? passwordDigest(token.nonce!, token.created!, credentials.password) : credentials.password;
  if (!safeEqual(token.password, expected)) return { ok: false, reason: 'wrong password' };
  // Remembered only once the password checked out, so garbage cannot fill the cache.
  if (token.nonce !== undefined && !nonces.remember(`${token.username}\n${token.nonce}`, cameraNowMs)) {
    return { ok: false, reason: 'nonce replayed' };
  }
  return { ok: true };
}
