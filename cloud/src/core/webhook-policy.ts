import { createHmac } from 'node:crypto';
import { WEBHOOK_LIMITS } from '@argus/contracts';

/**
 * Webhook delivery rules (pure; time and randomness are arguments):
 * the signature of a body, and when a failed attempt is retried.
 */

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: what X-Argus-Signature carries. */
export function webhookSignature(secret: string, body: string, atMs: number): string {
  const t = Math.floor(atMs / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** Checks a signature header against a body, as a receiver does (`toleranceS`: how old `t` may be). */
export function verifyWebhookSignature(secret: string, body: string, header: string, nowMs: number, toleranceS = 300): boolean {
  const parts = new Map(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || v1 === undefined || Math.abs(nowMs / 1000 - t) > toleranceS) return false;
  return webhookSignature(secret, body, t * 1000) === `t=${t},v1=${v1}`;
}

/**
 * After failed attempt number `attempt` (1 for the first), when the next
 * one goes: first backoff doubling up to the cap, ±20 % jitter; undefined
 * once `maxAttempts` are spent (the delivery is given up).
 */
export function nextAttemptDelayMs(attempt: number, random: () => number, limits: Pick<typeof WEBHOOK_LIMITS, 'firstBackoffMs' | 'maxBackoffMs' | 'maxAttempts'> = WEBHOOK_LIMITS): number | undefined {
  if (attempt >= limits.maxAttempts) return undefined;
  const base = Math.min(limits.maxBackoffMs, limits.firstBackoffMs * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
