import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed upload URLs of the file store: the cloud plays the part of a
 * presigning object store. The signature binds the key, the expiry and the
 * exact content (sha256 and size), so a URL can store nothing but the one
 * segment it was issued for.
 */
export interface UploadGrant {
  readonly key: string;
  /** Epoch ms after which the URL is refused. */
  readonly expires: number;
  readonly sha256: string;
  readonly bytes: number;
}

export function signUpload(secret: string, grant: UploadGrant): string {
  return createHmac('sha256', secret)
    .update(['PUT', grant.key, String(grant.expires), grant.sha256, String(grant.bytes)].join('\n'))
    .digest('hex');
}

export function verifyUpload(secret: string, grant: UploadGrant, sig: string): boolean {
  const expected = Buffer.from(signUpload(secret, grant), 'hex');
  const given = Buffer.from(sig, 'hex');
  // Constant time; a length mismatch leaks only the (public) signature length.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Path and query of the upload URL for `grant` (relative to the cloud's origin). */
export function uploadPath(secret: string, grant: UploadGrant): string {
  const query = new URLSearchParams({
    expires: String(grant.expires),
    sha256: grant.sha256,
    bytes: String(grant.bytes),
    sig: signUpload(secret, grant),
  });
  return `${mediaPath(grant.key)}?${query.toString()}`;
}

/** Where the API serves an object; keys are slugs, digits and '/', so they need no escaping. */
export function mediaPath(key: string): string {
  return `/api/media/${key}`;
}
