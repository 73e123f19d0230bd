import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secrets handed out by the cloud (enrollment tokens, agent credentials, API
 * tokens, session cookies) are
 * random, prefixed so that a leaked one is recognisable in a scanner, and
 * stored only as their sha256: a copy of the database lets nobody act as an
 * agent. 32 random bytes need no slow hash (there is nothing to brute-force).
 */
export const ENROLLMENT_TOKEN_PREFIX = 'argus-enroll-';
export const AGENT_CREDENTIAL_PREFIX = 'argus-agent-';
export const API_TOKEN_PREFIX = 'argus-token-';
/** Console session cookies: random, never shown to scripts (HttpOnly). */
export const SESSION_PREFIX = 'argus-session-';

export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Lowercase hex sha256 of a secret, the form it is stored and looked up in. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison of two secrets (through their digests, so lengths do not leak either). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The bearer token of an `Authorization` header, if it has one. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header?.startsWith('Bearer ')) return undefined;
  const token = header.slice('Bearer '.length).trim();
  return token === '' ? undefined : token;
}

/** A short random id with a type prefix (`usr_…`, `tok_…`). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
