/**
 * Credential redaction for anything that may reach a log line: URL userinfo
 * (`rtsp://user:pass@host` → `rtsp://***:***@host`) and secret-looking query
 * parameters (presigned URL signatures, tokens, passwords).
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@]+)@/gi;
const SECRET_PARAMS = /([?&](?:password|passwd|pwd|pass|token|access_token|id_token|refresh_token|code|code_verifier|state|auth|sig|signature|secret|key|x-amz-signature|x-amz-credential|x-amz-security-token)=)[^&\s#"']*/gi;
/** Secrets the cloud hands out carry a recognisable prefix (API tokens, agent credentials, enrollment tokens). */
const ARGUS_SECRETS = /\b(argus-(?:token|agent|enroll)-)[A-Za-z0-9_-]+/g;

export function redactCredentials(text: string): string {
  return text
    .replace(USERINFO, (_match, scheme: string) => `${scheme}***:***@`)
    .replace(SECRET_PARAMS, '$1***')
    .replace(ARGUS_SECRETS, '$1***');
}

/** Redacts every string of an argument list (e.g. ffmpeg arguments) before it is logged. */
export function redactArgs(args: readonly string[]): string[] {
  return args.map(redactCredentials);
}
