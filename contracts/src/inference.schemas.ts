import { Type, type Static } from 'typebox';
import { Instant } from './common.schemas.js';

/**
 * The cloud's Rekognition-compatible inference endpoint and the keys that
 * sign requests to it. Clients call it with `@aws-sdk/client-rekognition`
 * configured with `endpoint: "<cloud URL>/rekognition"` and an inference key
 * (or the key an enrolled agent derives from its credential,
 * inference-credentials.ts); the request and response bodies are
 * Rekognition's own (DetectLabels), so the SDK's types describe them.
 */

/** Path of the endpoint (the SDK posts to `<endpoint>/`, so `/rekognition/` answers too). */
export const REKOGNITION_PATH = '/rekognition';
/** The signing name every request's credential scope must carry. */
export const REKOGNITION_SERVICE = 'rekognition';
/** The region clients configure; the endpoint accepts any region in the credential scope. */
export const REKOGNITION_REGION = 'us-east-1';
/** The only operation served (`X-Amz-Target: RekognitionService.DetectLabels`). */
export const REKOGNITION_TARGET_PREFIX = 'RekognitionService.';
/** Rekognition's limit on `Image.Bytes` once decoded (5 MB); larger images answer ImageTooLargeException. */
export const REKOGNITION_MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Rekognition's default `MinConfidence` (percent) for DetectLabels. */
export const REKOGNITION_DEFAULT_MIN_CONFIDENCE = 55;
/** Longest clock difference a signed request may have (`x-amz-date` against the cloud's clock), as AWS allows. */
export const SIGV4_MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Access key ids of inference keys created by an admin: `ARGUSKEY` and 12
 * base32 characters (20 characters, the length of an AWS access key id).
 */
export const INFERENCE_KEY_ID_PREFIX = 'ARGUSKEY';
export const INFERENCE_KEY_ID_PATTERN = '^ARGUSKEY[A-Z2-7]{12}$';

export const InferenceKeyIdParams = Type.Object({ id: Type.String({ pattern: '^ikey_[A-Za-z0-9_-]{1,64}$' }) });
export type InferenceKeyIdParams = Static<typeof InferenceKeyIdParams>;

export const InferenceKeyCreateBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100, description: 'what the key is for, e.g. the site or script using it' }) },
  { additionalProperties: false },
);
export type InferenceKeyCreateBody = Static<typeof InferenceKeyCreateBody>;

export const InferenceKeyRecord = Type.Object({
  id: Type.String(),
  name: Type.String(),
  accessKeyId: Type.String({ pattern: INFERENCE_KEY_ID_PATTERN }),
  /** Who created it, as the audit log names them (`user:admin@example.com`, `token:ci (tok_…)`). */
  createdBy: Type.String(),
  createdAt: Instant,
  /** Minutes-accurate: the last signed request the key made. */
  lastUsedAt: Type.Union([Instant, Type.Null()]),
  revokedAt: Type.Union([Instant, Type.Null()]),
});
export type InferenceKeyRecord = Static<typeof InferenceKeyRecord>;

/** The secret is in this answer only; the list never shows it. */
export const InferenceKeyCreateResponse = Type.Intersect([InferenceKeyRecord, Type.Object({ secretAccessKey: Type.String() })]);
export type InferenceKeyCreateResponse = Static<typeof InferenceKeyCreateResponse>;

export const InferenceKeyListResponse = Type.Object({ keys: Type.Array(InferenceKeyRecord) });
export type InferenceKeyListResponse = Static<typeof InferenceKeyListResponse>;

export const InferenceKeyRevokeResponse = Type.Object({ id: Type.String(), revokedAt: Instant });
export type InferenceKeyRevokeResponse = Static<typeof InferenceKeyRevokeResponse>;
