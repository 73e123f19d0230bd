import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, keyIdOf, signedBytes, signManifest, verifyManifest, type UnsignedManifest } from './evidence-manifest.js';

const unsigned: UnsignedManifest = {
  format: 'argus-evidence/1',
  exportId: 'exp_1',
  orgId: 'default',
  camera: { id: 'cam-1', name: 'Gate ☂', siteId: 'site-1' },
  stream: 'main',
  requested: { from: '2026-01-05T10:00:01.000Z', to: '2026-01-05T10:00:09.000Z' },
  covered: { from: '2026-01-05T10:00:00.000Z', to: '2026-01-05T10:00:12.000Z' },
  clip: { file: 'clip.mp4', bytes: 1234, sha256: 'a'.repeat(64) },
  segments: [{ key: 'org/default/cam/cam-1/2026/01/05/10/1767607200000.ts', startsAt: '2026-01-05T10:00:00.000Z', endsAt: '2026-01-05T10:00:04.000Z', bytes: 10, sha256: 'b'.repeat(64) }],
  exportedBy: 'user:admin@example.com',
  reason: 'incident 42',
  exportedAt: '2026-01-05T11:00:00.000Z',
};

describe('canonical JSON', () => {
  it('sorts keys at every level, keeps array order, and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x y' } })).toBe('{"a":{"c":"x y","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('is the same whatever order the keys were written in, and leaves undefined out', () => {
    expect(canonicalJson({ x: 1, y: undefined, a: null })).toBe(canonicalJson({ a: null, x: 1 }));
  });

  it('escapes strings as JSON does', () => {
    expect(canonicalJson({ 'k"': 'line\nbreak ☂' })).toBe('{"k\\"":"line\\nbreak ☂"}');
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/no JSON form/);
  });
});

describe('manifest signature', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  it('signs the canonical JSON of every field but the signature, and verifies with the public key', () => {
    const manifest = signManifest(unsigned, privateKey);
    expect(manifest.signature.algorithm).toBe('ed25519');
    expect(manifest.signature.keyId).toBe(keyIdOf(publicKey));
    expect(manifest.signature.keyId).toMatch(/^[a-f0-9]{64}$/);
    expect(signedBytes(manifest).toString()).toBe(canonicalJson(unsigned));
    expect(verifyManifest(manifest, publicKey)).toEqual({ ok: true, keyId: keyIdOf(publicKey) });
    // Re-serialised with other whitespace and key order: still the same signed bytes.
    const reparsed = JSON.parse(JSON.stringify(manifest, null, 2)) as typeof manifest;
    expect(verifyManifest(reparsed, publicKey).ok).toBe(true);
  });

  it('refuses a manifest with any field changed', () => {
    const manifest = signManifest(unsigned, privateKey);
    for (const changed of [
      { ...manifest, reason: 'incident 43' },
      { ...manifest, clip: { ...manifest.clip, bytes: 1235 } },
      { ...manifest, segments: [{ ...manifest.segments[0]!, sha256: 'c'.repeat(64) }] },
      { ...manifest, extra: 1 },
    ]) {
      const check = verifyManifest(changed, publicKey);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.reason).toMatch(/changed after signing/);
    }
  });

  it('refuses another key, naming both key ids', () => {
    const manifest = signManifest(unsigned, privateKey);
    const other = generateKeyPairSync('ed25519').publicKey;
    const check = verifyManifest(manifest, other);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(keyIdOf(other));
  });

  it('refuses a key that is not Ed25519', () => {
    const manifest = signManifest(unsigned, privateKey);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(verifyManifest(manifest, ec)).toEqual({ ok: false, reason: 'the key is ec, not Ed25519' });
    expect(() => signManifest(unsigned, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).toThrow(/Ed25519/);
  });
});
