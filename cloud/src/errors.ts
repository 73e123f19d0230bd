import { ArgusError } from '@argus/core';

/**
 * The cloud's error catalogue: stable codes (matched by clients, tests and
 * log queries) and the HTTP status each maps to. Messages may change; codes
 * may not.
 */
export const CLOUD_ERRORS = {
  // request problems
  CLD_ERR_VALIDATION: 400, // a body, query or path value is malformed; `field` names it
  CLD_ERR_BAD_RANGE: 400, // from/to missing, reversed or longer than the maximum
  CLD_ERR_BAD_REQUEST: 400, // unparsable body and other generic client errors
  CLD_ERR_CONTENT_MISMATCH: 400, // uploaded bytes do not match the signed sha256/size
  CLD_ERR_UNAUTHORIZED: 401, // edge bearer token missing or wrong
  CLD_ERR_ADMIN_UNAUTHORIZED: 401, // admin token missing or wrong, or no ARGUS_ADMIN_TOKEN configured
  CLD_ERR_ENROLLMENT_TOKEN_INVALID: 401, // no such enrollment token
  CLD_ERR_FORBIDDEN_SITE: 403, // an agent credential writing a camera of another site
  CLD_ERR_BAD_SIGNATURE: 403, // signed media URL tampered with
  CLD_ERR_URL_EXPIRED: 403, // signed media URL past its expiry
  CLD_ERR_NOT_FOUND: 404, // no such route
  CLD_ERR_CAMERA_NOT_FOUND: 404,
  CLD_ERR_SITE_NOT_FOUND: 404,
  CLD_ERR_AGENT_NOT_FOUND: 404,
  CLD_ERR_NO_RECORDING: 404, // nothing recorded in the asked range
  CLD_ERR_OBJECT_NOT_FOUND: 404, // no such media object
  CLD_ERR_SEGMENT_CONFLICT: 409, // same key (or camera, stream, start) with other content
  CLD_ERR_CAMERA_CONFLICT: 409, // camera id taken by another org
  CLD_ERR_SITE_CONFLICT: 409, // site id taken
  CLD_ERR_AGENT_NOT_CONNECTED: 409, // no control channel open to that agent
  CLD_ERR_ENROLLMENT_TOKEN_USED: 410, // one-time token already traded for a credential
  CLD_ERR_ENROLLMENT_TOKEN_EXPIRED: 410,
  CLD_ERR_PAYLOAD_TOO_LARGE: 413,
  CLD_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  CLD_ERR_SEGMENT_NOT_STORED: 422, // registration of an object that is missing or of another size
  // server side (never sent with details)
  CLD_ERR_INTERNAL: 500,
  CLD_ERR_CONFIG: 500, // bad configuration at boot
  CLD_ERR_MIGRATION: 500, // schema migration failed or an applied migration changed
  CLD_ERR_EMBEDDED_POSTGRES: 500,
  CLD_ERR_OBJECT_STORE: 502, // the object store failed
  CLD_ERR_COMMAND_TIMEOUT: 504, // the agent did not acknowledge a command in time
  CLD_ERR_LIVE_FAILED: 502, // the agent refused live-start, or the relay could not start
  CLD_ERR_LIVE_TIMEOUT: 504, // the agent's push produced no playlist in time
} as const;

export type CloudErrorCode = keyof typeof CLOUD_ERRORS;

export class CloudError extends ArgusError {
  declare readonly code: CloudErrorCode;
  readonly statusCode: number;
  /** The request field at fault (`sha256`, `from`), when there is one. */
  readonly field: string | undefined;

  constructor(code: CloudErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CloudError';
    this.statusCode = CLOUD_ERRORS[code];
    this.field = options.field;
  }
}

export function isCloudError(value: unknown, code?: CloudErrorCode): value is CloudError {
  return value instanceof CloudError && (code === undefined || value.code === code);
}
