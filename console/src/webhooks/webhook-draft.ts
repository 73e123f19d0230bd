import { WEBHOOK_KINDS, WEBHOOK_LIMITS, WebhookBody, type WebhookKind } from '@argus/contracts';

/**
 * The new-webhook form, checked against the contracts' limits before it is
 * sent, and a generator for secrets. Pure (the random source is passed in).
 */

export type WebhookField = 'url' | 'secret' | 'kinds';

export interface WebhookDraft {
  readonly url: string;
  readonly secret: string;
  readonly kinds: readonly WebhookKind[];
}

/** How the kinds are named in the form and the table. */
export const WEBHOOK_KIND_NAMES: Readonly<Record<WebhookKind, string>> = {
  'alert.opened': 'Alert opened',
  'alert.acknowledged': 'Alert acknowledged',
  'alert.resolved': 'Alert resolved',
  event: 'Every event',
};

/** A new webhook hears of alerts, not of every event (a busy site sends many). */
export const DEFAULT_WEBHOOK_KINDS: readonly WebhookKind[] = ['alert.opened', 'alert.acknowledged', 'alert.resolved'];

/** Longest URL the API takes, read from its schema. */
const URL_MAX = (WebhookBody.properties.url as unknown as { maxLength: number }).maxLength;

/** Bytes of randomness in a generated secret (written as hex, twice as many characters). */
const SECRET_BYTES = 32;

export type WebhookProblem = { readonly field: WebhookField; readonly message: string };
type Checked = { readonly ok: true; readonly value: WebhookBody } | { readonly ok: false; readonly problem: WebhookProblem };

export function webhookBodyFromDraft(draft: WebhookDraft): Checked {
  const url = draft.url.trim();
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined; // Not a URL at all: the same answer as a wrong scheme.
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    return { ok: false, problem: { field: 'url', message: 'Enter the receiver’s http:// or https:// address' } };
  }
  if (url.length > URL_MAX) return { ok: false, problem: { field: 'url', message: `Addresses are at most ${URL_MAX} characters` } };
  const { min, max } = WEBHOOK_LIMITS.secret;
  if (draft.secret.length < min || draft.secret.length > max) {
    return { ok: false, problem: { field: 'secret', message: `The secret is ${min} to ${max} characters (Generate makes one)` } };
  }
  if (draft.kinds.length === 0) return { ok: false, problem: { field: 'kinds', message: 'Choose at least one kind of change to send' } };
  return { ok: true, value: { url, secret: draft.secret, kinds: WEBHOOK_KINDS.filter((k) => draft.kinds.includes(k)) } };
}

/** A random secret, hex, from `fill` (crypto.getRandomValues in the browser). */
export function generateSecret(fill: (bytes: Uint8Array) => Uint8Array): string {
  return [...fill(new Uint8Array(SECRET_BYTES))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The URL as the table shows it: without credentials or query (a receiver's secret may sit in either), as the cloud logs it. */
export function shownWebhookUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}
