import { describe, expect, it } from 'vitest';
import { signUpload, uploadPath, verifyUpload } from './media-signature.js';

const grant = { key: 'org/default/cam/cam-1/2026/11/26/05/1795669200000.ts', expires: 1_795_669_260_000, sha256: 'a'.repeat(64), bytes: 1234 };

describe('upload signatures', () => {
  it('verifies its own signature', () => {
    expect(verifyUpload('secret-0123456789', grant, signUpload('secret-0123456789', grant))).toBe(true);
  });

  it.each([
    ['another key', { ...grant, key: grant.key.replace('cam-1', 'cam-2') }],
    ['a later expiry', { ...grant, expires: grant.expires + 1 }],
    ['other content', { ...grant, sha256: 'b'.repeat(64) }],
    ['another size', { ...grant, bytes: 1235 }],
  ])('refuses a signature reused for %s', (_label, other) => {
    expect(verifyUpload('secret-0123456789', other, signUpload('secret-0123456789', grant))).toBe(false);
  });

  it('refuses garbage and other secrets', () => {
    expect(verifyUpload('secret-0123456789', grant, 'zz')).toBe(false);
    expect(verifyUpload('secret-0123456789', grant, signUpload('other-secret-000000', grant))).toBe(false);
  });

  it('puts the grant in the query of the media path', () => {
    const url = new URL(uploadPath('secret-0123456789', grant), 'http://cloud');
    expect(url.pathname).toBe(`/api/media/${grant.key}`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ expires: String(grant.expires), sha256: grant.sha256, bytes: '1234' });
  });
});
