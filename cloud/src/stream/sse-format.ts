import type { TenantScope } from '../http/principal.js';

/**
 * Server-Sent Events framing (WHATWG HTML, "Server-sent events"): fields
 * `id`, `event`, `data`, a blank line ending each message; a line starting
 * with a colon is a comment, which EventSource ignores (the heartbeat).
 */

/** One message. `data` must be one line: JSON.stringify never writes a raw newline. */
export function sseMessage(id: string, name: string, data: string): string {
  return `id: ${id}\nevent: ${name}\ndata: ${data}\n\n`;
}

export const SSE_HEARTBEAT = ': ping\n\n';

/** Asks EventSource to wait `ms` before reconnecting. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.round(ms)}\n\n`;
}

/**
 * Whether a principal with `scope` may see a message of an organisation
 * and site: its own organisation, and its sites when scoped. A message of
 * no site (an agent of the bootstrap credential) is for organisation-wide
 * principals only, as GET /api/events lists it.
 */
export function visibleTo(scope: TenantScope, message: { readonly orgId: string | null; readonly siteId: string | null }): boolean {
  if (message.orgId !== scope.orgId) return false;
  if (scope.siteIds === null) return true;
  return message.siteId !== null && scope.siteIds.includes(message.siteId);
}

/**
 * Whether an HTTP Accept header admits `text/event-stream`. A request
 * without one gets a 400 instead of a response that never ends (EventSource
 * sends `Accept: text/event-stream`; curl's default `*\/*` is fine too).
 */
export function acceptsEventStream(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  return accept.split(',').some((part) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim());
    const refused = params.some((p) => /^q=0(\.0*)?$/.test(p));
    return !refused && (range === 'text/event-stream' || range === 'text/*' || range === '*/*');
  });
}
