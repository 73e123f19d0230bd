import { redactCredentials } from '@argus/core';
import { EdgeError, EdgeErrorCode } from '../../errors.js';

/** What went wrong talking to a camera, as far as onboarding can tell. */
export type OnvifFailure = 'auth' | 'unreachable' | 'protocol';

// Socket errors (node's `code`) meaning nobody answered at that address.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

const messageOf = (err: unknown): string =>
  err instanceof Error ? err.message : Array.isArray(err) ? err.map(messageOf).join('; ') : String(err);

/**
 * Pure: sorts an error of the `onvif` library. The library reports a
 * refused WS-UsernameToken as a SOAP fault ("Sender not Authorized",
 * `ter:NotAuthorized`, ONVIF Core 5.12.2.1), refused HTTP Digest as
 * "Digest authentication failed 401", and its own reply timeout as
 * "Network timeout"; socket errors keep node's `code`.
 */
export function classifyOnvifError(err: unknown): OnvifFailure {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return 'unreachable';
  const message = messageOf(err);
  if (/not ?authori[sz]ed|unauthori[sz]ed|authentication failed|authentication headers not found|\b401\b/i.test(message)) return 'auth';
  if (/network timeout|socket hang up|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ENOTFOUND/i.test(message)) return 'unreachable';
  return 'protocol';
}

const CODES: Record<OnvifFailure, EdgeErrorCode> = {
  auth: EdgeErrorCode.onvifAuth,
  unreachable: EdgeErrorCode.onvifUnreachable,
  protocol: EdgeErrorCode.onvif,
};

/**
 * The catalogue error for a failed ONVIF call, with `cause` set. `host` is
 * the device's host:port (never its URL, which may carry credentials); the
 * library's messages carry no credentials, and are redacted all the same.
 */
export function onvifError(what: string, host: string, err: unknown): EdgeError {
  const failure = classifyOnvifError(err);
  const detail = redactCredentials(messageOf(err));
  const message =
    failure === 'auth'
      ? `ONVIF camera at ${host} refused the username or password (${what}: ${detail})`
      : failure === 'unreachable'
        ? `ONVIF camera at ${host} is unreachable (${what}: ${detail})`
        : `ONVIF ${what} at ${host} failed: ${detail}`;
  return new EdgeError(CODES[failure], message, { cause: err });
}
