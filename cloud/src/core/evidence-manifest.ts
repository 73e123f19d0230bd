import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { EvidenceManifest } from '@argus/contracts';

/**
 * The evidence manifest's signature: Ed25519 over the canonical JSON of
 * every field but `signature` (keys sorted at every level, no whitespace,
 * UTF-8). Pure: takes keys and values, returns values. Shared by the export
 * job (signs) and `argus-verify` (checks).
 */

export type UnsignedManifest = Omit<EvidenceManifest, 'signature'>;

/**
 * JSON with object keys sorted (by UTF-16 code units, as Array.prototype.sort
 * does) at every level and no whitespace; arrays keep their order, undefined
 * properties are left out. Refuses values JSON cannot carry exactly.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
}

/** The bytes the signature covers: the canonical JSON of the manifest without `signature`. */
export function signedBytes(manifest: UnsignedManifest | EvidenceManifest): Buffer {
  const { signature: _signature, ...rest } = manifest as EvidenceManifest;
  return Buffer.from(canonicalJson(rest), 'utf8');
}

/** sha256 of the raw 32-byte Ed25519 public key, hex: the key's id in manifests and GET /api/evidence/public-key. */
export function keyIdOf(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new TypeError('not an Ed25519 public key');
  return createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest('hex');
}

export function isEd25519(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'ed25519';
}

/** Signs `unsigned` with an Ed25519 private key. */
export function signManifest(unsigned: UnsignedManifest, privateKey: KeyObject): EvidenceManifest {
  if (!isEd25519(privateKey) || privateKey.type !== 'private') throw new TypeError('the evidence signing key must be an Ed25519 private key');
  const value = sign(null, signedBytes(unsigned), privateKey).toString('base64');
  return { ...unsigned, signature: { algorithm: 'ed25519', keyId: keyIdOf(createPublicKey(privateKey)), value } };
}

export type SignatureCheck =
  | { readonly ok: true; readonly keyId: string }
  | { readonly ok: false; readonly reason: string };

/** Checks the manifest's signature with `publicKey` (a private key is accepted and reduced to its public half). */
export function verifyManifest(manifest: EvidenceManifest, publicKey: KeyObject): SignatureCheck {
  const key = publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey;
  if (!isEd25519(key)) return { ok: false, reason: `the key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519` };
  const sig = manifest.signature as EvidenceManifest['signature'] | undefined;
  if (!sig || sig.algorithm !== 'ed25519' || typeof sig.value !== 'string') return { ok: false, reason: 'the manifest carries no Ed25519 signature' };
  const keyId = keyIdOf(key);
  if (sig.keyId !== keyId) return { ok: false, reason: `the manifest was signed by key ${sig.keyId}, not by the given key ${keyId}` };
  const good = verify(null, signedBytes(manifest), key, Buffer.from(sig.value, 'base64'));
  return good ? { ok: true, keyId } : { ok: false, reason: 'the signature does not match the manifest: it was changed after signing' };
}
