/**
 * The inference key an enrolled edge agent derives from its own credential,
 * so that it can sign Rekognition calls to the cloud without an admin
 * creating a key for it:
 *
 *   accessKeyId     = "ARGUSAGENT_" + agentId
 *   secretAccessKey = hex(HMAC-SHA256(key = hex(sha256(credential)), "argus-rekognition-v1"))
 *
 * The cloud never stores the credential, only hex(sha256(credential))
 * (cloud/src/auth/secrets.ts); the derivation starts from that hash, so the
 * cloud can compute the same secret from what it stores and the agent from
 * what it holds. Revoking the agent's credential clears the stored hash, and
 * with it the derived key, at once.
 *
 * WebCrypto (global `crypto.subtle`, Node ≥ 20 and browsers), so that this
 * package stays free of Node imports.
 */
export const AGENT_INFERENCE_KEY_PREFIX = 'ARGUSAGENT_';
/** The HMAC message: a new version of the derivation gets a new label. */
export const AGENT_INFERENCE_KEY_LABEL = 'argus-rekognition-v1';

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The access key id of an agent's derived inference key. */
export function agentInferenceAccessKeyId(agentId: string): string {
  return `${AGENT_INFERENCE_KEY_PREFIX}${agentId}`;
}

/** The agent id in an access key id of the agent form, else undefined. */
export function agentIdOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!accessKeyId.startsWith(AGENT_INFERENCE_KEY_PREFIX)) return undefined;
  const agentId = accessKeyId.slice(AGENT_INFERENCE_KEY_PREFIX.length);
  return agentId === '' ? undefined : agentId;
}

/** The secret from the stored form of the credential, lowercase hex sha256 (what the cloud keeps). */
export async function agentInferenceSecretFromHash(credentialHash: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(credentialHash), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(AGENT_INFERENCE_KEY_LABEL)));
}

/** The agent's derived inference key, from its id and credential (what the agent holds). */
export async function agentInferenceKey(agentId: string, credential: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const credentialHash = hex(await crypto.subtle.digest('SHA-256', encoder.encode(credential)));
  return { accessKeyId: agentInferenceAccessKeyId(agentId), secretAccessKey: await agentInferenceSecretFromHash(credentialHash) };
}
