/**
 * Cross-site request refusal for cookie-authenticated calls, pure. Browsers
 * send `Origin` on every state-changing request (and `Sec-Fetch-Site` on
 * modern ones); a page of another site must not be able to act with the
 * operator's session cookie. Requests without those headers come from
 * non-browser clients, which cannot be made to carry someone's cookie.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginInput {
  readonly method: string;
  /** The Host the request was sent to (host[:port]). */
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly secFetchSite: string | undefined;
}

/** Whether a request must be refused as coming from a foreign page. `allowedOrigins` are extra trusted origins (ARGUS_PUBLIC_URL). */
export function isForeignRequest(input: OriginInput, allowedOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return false;
  if (input.origin !== undefined) {
    if (input.origin === 'null') return true; // sandboxed frames, file:// pages
    if (allowedOrigins.includes(input.origin)) return false;
    let originHost: string;
    try {
      originHost = new URL(input.origin).host;
    } catch {
      return true;
    }
    // Host, not scheme: behind a TLS-terminating proxy the cloud itself sees http.
    return input.host === undefined || originHost.toLowerCase() !== input.host.toLowerCase();
  }
  return input.secFetchSite === 'cross-site' || input.secFetchSite === 'same-site';
}
