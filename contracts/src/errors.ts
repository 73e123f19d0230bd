/**
 * The error codes of the wire: the cloud API's (every error body carries
 * one, with the HTTP status it maps to) and the edge's (command acks carry
 * them). Stable: clients, tests and log queries match on them. Messages may
 * change; codes may not.
 */
export const CLOUD_ERRORS = {
  // request problems
  CLD_ERR_VALIDATION: 400, // a body, query or path value is malformed; `field` names it
  CLD_ERR_BAD_RANGE: 400, // from/to missing, reversed or longer than the maximum
  CLD_ERR_BAD_REQUEST: 400, // unparsable body and other generic client errors
  CLD_ERR_CONTENT_MISMATCH: 400, // uploaded bytes do not match the signed sha256/size
  CLD_ERR_UNAUTHORIZED: 401, // no credential, or an unknown, expired or revoked one (session, API token, agent credential)
  CLD_ERR_LOGIN_FAILED: 401, // unknown email or wrong password: the same answer for both
  CLD_ERR_ENROLLMENT_TOKEN_INVALID: 401, // no such enrollment token
  CLD_ERR_SSO_FAILED: 401, // the identity provider's answer was refused (state, code, claims)
  CLD_ERR_FORBIDDEN: 403, // authenticated, but the role (or site scope) does not allow this
  CLD_ERR_FOREIGN_ORIGIN: 403, // a state-changing request from another site's page
  CLD_ERR_ROLE_TOO_HIGH: 403, // a token or user with more rights than its creator has
  CLD_ERR_FORBIDDEN_SITE: 403, // an agent credential writing a camera of another site
  CLD_ERR_BAD_SIGNATURE: 403, // signed media URL tampered with
  CLD_ERR_URL_EXPIRED: 403, // signed media URL past its expiry
  CLD_ERR_NOT_FOUND: 404, // no such route
  CLD_ERR_CAMERA_NOT_FOUND: 404,
  CLD_ERR_SITE_NOT_FOUND: 404,
  CLD_ERR_AGENT_NOT_FOUND: 404,
  CLD_ERR_USER_NOT_FOUND: 404,
  CLD_ERR_TOKEN_NOT_FOUND: 404,
  CLD_ERR_INFERENCE_KEY_NOT_FOUND: 404,
  CLD_ERR_RULE_NOT_FOUND: 404,
  CLD_ERR_ALERT_NOT_FOUND: 404,
  CLD_ERR_WEBHOOK_NOT_FOUND: 404,
  CLD_ERR_EVIDENCE_LOCK_NOT_FOUND: 404,
  CLD_ERR_EXPORT_NOT_FOUND: 404, // no such evidence export (or one of a camera outside the caller's sites)
  CLD_ERR_SSO_NOT_CONFIGURED: 404, // single sign-on asked for, none configured
  CLD_ERR_NO_RECORDING: 404, // nothing recorded in the asked range
  CLD_ERR_OBJECT_NOT_FOUND: 404, // no such media object
  CLD_ERR_SEGMENT_CONFLICT: 409, // same key (or camera, stream, start) with other content
  CLD_ERR_SITE_CONFLICT: 409, // site id taken in this organisation
  CLD_ERR_USER_CONFLICT: 409, // email taken
  CLD_ERR_LAST_ADMIN: 409, // the change would leave the organisation without an admin
  CLD_ERR_AGENT_NOT_CONNECTED: 409, // no control channel open to that agent
  CLD_ERR_RETENTION_BUSY: 409, // a retention run is already going (on this or another replica)
  CLD_ERR_ALERT_STATE: 409, // the transition does not follow from the alert's state (resolved alerts stay resolved)
  CLD_ERR_ENROLLMENT_TOKEN_USED: 410, // one-time token already traded for a credential
  CLD_ERR_ENROLLMENT_TOKEN_EXPIRED: 410,
  CLD_ERR_PAYLOAD_TOO_LARGE: 413,
  CLD_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  CLD_ERR_SEGMENT_NOT_STORED: 422, // registration of an object that is missing or of another size
  CLD_ERR_EXPORT_EMPTY: 422, // an evidence export of a range in which no segment is recorded
  CLD_ERR_RATE_LIMITED: 429, // too many failed logins for this account or address; see Retry-After
  // server side (never sent with details)
  CLD_ERR_INTERNAL: 500,
  CLD_ERR_CONFIG: 500, // bad configuration at boot
  CLD_ERR_MIGRATION: 500, // schema migration failed or an applied migration changed
  CLD_ERR_EMBEDDED_POSTGRES: 500,
  CLD_ERR_OBJECT_STORE: 502, // the object store failed
  CLD_ERR_SSO_UNAVAILABLE: 502, // the identity provider could not be reached
  CLD_ERR_COMMAND_TIMEOUT: 504, // the agent did not acknowledge a command in time
  CLD_ERR_LIVE_FAILED: 502, // the agent refused live-start, or the relay could not start
  CLD_ERR_LIVE_TIMEOUT: 504, // the agent's push produced no playlist in time
  CLD_ERR_AGENT_REFUSED: 502, // the camera's agent refused a command the cloud sent for the request (its code and message in ours)
} as const;

export type CloudErrorCode = keyof typeof CLOUD_ERRORS;

/**
 * Errors of the Rekognition-compatible endpoint (`POST /rekognition`), with
 * their HTTP status. They travel in AWS's JSON shape, not the API's:
 * `{ "__type": name, "Code": name, "Message": … }` and `x-amzn-ErrorType: name`,
 * so that `@aws-sdk/client-rekognition` raises an exception of that name
 * (its class for the names Rekognition models). Statuses are AWS's own.
 */
export const REKOGNITION_ERRORS = {
  // signing (AWS's common errors)
  MissingAuthenticationTokenException: 403, // no Authorization header
  IncompleteSignatureException: 400, // an Authorization header that is not a complete AWS4-HMAC-SHA256 one
  InvalidSignatureException: 400, // wrong secret, altered request, wrong service or date in the scope, x-amz-date over 15 min off
  UnrecognizedClientException: 400, // unknown or revoked access key id (admin key or agent-derived)
  // the request
  UnknownOperationException: 400, // X-Amz-Target other than RekognitionService.DetectLabels
  SerializationException: 400, // a body that is not a JSON object, or Bytes that are not base64
  InvalidParameterException: 400, // MaxLabels, MinConfidence, Features, Settings out of range; no image; Image.S3Object
  InvalidImageFormatException: 400, // not a JPEG or PNG, or one the model cannot decode
  ImageTooLargeException: 400, // Image.Bytes over 5 MB decoded (REKOGNITION_MAX_IMAGE_BYTES), or a body too large to hold one
  AccessDeniedException: 400, // a browser page of another site posting without a signature
  // capacity
  ProvisionedThroughputExceededException: 400, // the key's or the organisation's request rate is used up; retry later
  ThrottlingException: 500, // the detector's queue is full; retry later
  // the service
  InternalServerError: 500, // inference is off (ARGUS_INFERENCE=off), the model failed to load, or another failure
} as const;

export type RekognitionErrorName = keyof typeof REKOGNITION_ERRORS;

/** Codes an agent answers a command with (`ack.error.code`), and its own failures. */
export const EdgeErrorCode = {
  config: 'EDGE_ERR_CONFIG',
  cloudRejected: 'EDGE_ERR_CLOUD_REJECTED',
  cloudUnreachable: 'EDGE_ERR_CLOUD_UNREACHABLE',
  segmentFile: 'EDGE_ERR_SEGMENT_FILE',
  // control channel commands
  snapshot: 'EDGE_ERR_SNAPSHOT', // ffmpeg could not grab a frame
  rtspAuth: 'EDGE_ERR_RTSP_AUTH', // the RTSP stream refused the username or password (401), grabbing a frame
  commandArgs: 'EDGE_ERR_COMMAND_ARGS', // a command's arguments are missing or malformed
  commandUnknown: 'EDGE_ERR_COMMAND_UNKNOWN',
  commandFailed: 'EDGE_ERR_COMMAND_FAILED', // the command failed for a reason without a code of its own (see the message)
  unknownCamera: 'EDGE_ERR_UNKNOWN_CAMERA', // no such camera on this agent
  notSupported: 'EDGE_ERR_NOT_SUPPORTED', // e.g. live-start on an agent without live pushes
  onvif: 'EDGE_ERR_ONVIF', // the camera's ONVIF service failed or refused
  // ONVIF onboarding
  onvifAuth: 'EDGE_ERR_ONVIF_AUTH', // the camera refused the username or password (or needs them)
  onvifUnreachable: 'EDGE_ERR_ONVIF_UNREACHABLE', // no answer: connection refused, reset or timed out, unknown host
  onvifUrl: 'EDGE_ERR_ONVIF_URL', // the device service URL is not an http(s) URL
  onvifNoVideo: 'EDGE_ERR_ONVIF_NO_VIDEO', // the camera has no media profile with a video resolution
} as const;

export type EdgeErrorCode = (typeof EdgeErrorCode)[keyof typeof EdgeErrorCode];
