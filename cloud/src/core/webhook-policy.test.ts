import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { nextAttemptDelayMs, verifyWebhookSignature, webhookSignature } from './webhook-policy.js';

describe('webhook signature', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">, and verifies only the same body and secret, recently', () => {
    const at = Date.parse('2026-11-30T12:00:00Z');
    const body = '{"kind":"event"}';
    const header = webhookSignature('s3cret-s3cret-s3cret', body, at);
    const expected = createHmac('sha256', 's3cret-s3cret-s3cret').update(`${at / 1000}.${body}`).digest('hex');
    expect(header).toBe(`t=${at / 1000},v1=${expected}`);
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', body, header, at + 1000)).toBe(true);
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', `${body} `, header, at)).toBe(false);
    expect(verifyWebhookSignature('another-secret-value', body, header, at)).toBe(false);
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', body, header, at + 3_600_000)).toBe(false);
  });
});

describe('nextAttemptDelayMs', () => {
  it('doubles from 1 s to a 60 s cap with ±20 % jitter, and gives up after the last attempt', () => {
    expect(nextAttemptDelayMs(1, () => 0.5)).toBe(1000);
    expect(nextAttemptDelayMs(2, () => 0.5)).toBe(2000);
    expect(nextAttemptDelayMs(7, () => 0.5)).toBe(60_000);
    expect(nextAttemptDelayMs(12, () => 0.5)).toBe(60_000);
    expect(nextAttemptDelayMs(3, () => 0)).toBe(3200);
    expect(nextAttemptDelayMs(3, () => 1)).toBe(4800);
    expect(nextAttemptDelayMs(16, () => 0.5)).toBeUndefined();
  });
});
