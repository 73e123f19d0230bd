import { agentIdOfAccessKeyId, agentInferenceSecretFromHash, REKOGNITION_SERVICE, SIGV4_MAX_SKEW_MS } from '@argus/contracts';
import { secretHash } from '../auth/secrets.js';
import { isSigV4Problem, parseSigV4Authorization, verifySigV4, type SignedRequest, type SigV4Problem } from '../core/sigv4.js';
import { LEGACY_AGENT_ID } from '../http/principal.js';
import type { InferenceKeysRepository } from './inference-keys.repository.js';
import { RekognitionError } from './rekognition-error.js';

/** Who signed a call to the endpoint: an admin-created key, or an agent with the key derived from its credential. */
export type InferenceCaller =
  | { readonly kind: 'key'; readonly accessKeyId: string; readonly keyId: string; readonly orgId: string }
  | { readonly kind: 'agent'; readonly accessKeyId: string; readonly agentId: string; readonly orgId: string };

export interface SignatureCheckOptions {
  readonly keys: InferenceKeysRepository;
  /** The bootstrap agent (ARGUS_EDGE_TOKEN) and its organisation; it derives its key like an enrolled agent, as agent `legacy`. */
  readonly legacyAgent: { readonly token: string; readonly orgId: string } | undefined;
  /** Epoch ms. */
  readonly now: () => number;
}

/** What the request said of who signed it, and the secret to check it with. */
interface Signer {
  readonly caller: InferenceCaller;
  readonly secretAccessKey: string;
}

const UNRECOGNIZED = 'The security token included in the request is invalid.';

function fail(problem: SigV4Problem): never {
  throw new RekognitionError(problem.kind === 'incomplete' ? 'IncompleteSignatureException' : 'InvalidSignatureException', problem.message);
}

/**
 * Authenticates a call by its AWS Signature V4 alone: the access key id
 * names an active inference key or an agent whose credential is not
 * revoked, and the signature made with its secret holds (core/sigv4.ts).
 * Every lookup is in PostgreSQL, so a revocation counts on every replica at
 * once. Throws the RekognitionError AWS would answer.
 */
export async function authenticateSignedCall(request: SignedRequest, options: SignatureCheckOptions): Promise<InferenceCaller> {
  const header = request.headers.get('authorization')?.[0];
  if (header === undefined) throw new RekognitionError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const auth = parseSigV4Authorization(header);
  if (isSigV4Problem(auth)) fail(auth);
  const now = options.now();
  const signer = await findSigner(auth.accessKeyId, options, now);
  if (!signer) throw new RekognitionError('UnrecognizedClientException', UNRECOGNIZED);
  const problem = verifySigV4(request, auth, { secretAccessKey: signer.secretAccessKey, service: REKOGNITION_SERVICE, now, maxSkewMs: SIGV4_MAX_SKEW_MS });
  if (problem) fail(problem);
  return signer.caller;
}

async function findSigner(accessKeyId: string, options: SignatureCheckOptions, now: number): Promise<Signer | undefined> {
  const agentId = agentIdOfAccessKeyId(accessKeyId);
  if (agentId === undefined) {
    const key = await options.keys.findActive(accessKeyId, now);
    return key && { caller: { kind: 'key', accessKeyId, keyId: key.id, orgId: key.orgId }, secretAccessKey: key.secretAccessKey };
  }
  if (agentId === LEGACY_AGENT_ID) {
    const legacy = options.legacyAgent;
    if (!legacy) return undefined;
    return { caller: { kind: 'agent', accessKeyId, agentId, orgId: legacy.orgId }, secretAccessKey: await agentInferenceSecretFromHash(secretHash(legacy.token)) };
  }
  const agent = await options.keys.findActiveAgent(agentId);
  return agent && { caller: { kind: 'agent', accessKeyId, agentId, orgId: agent.orgId }, secretAccessKey: await agentInferenceSecretFromHash(agent.credentialHash) };
}
