import { WEBHOOK_LIMITS } from '@argus/contracts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_KINDS, generateSecret, shownWebhookUrl, webhookBodyFromDraft } from './webhook-draft.js';

const secret = 's'.repeat(WEBHOOK_LIMITS.secret.min);

describe('webhook drafts', () => {
  it('builds the body with the kinds in the contracts\' order', () => {
    const result = webhookBodyFromDraft({ url: ' https://hooks.example/argus ', secret, kinds: ['event', 'alert.opened'] });
    expect(result).toEqual({ ok: true, value: { url: 'https://hooks.example/argus', secret, kinds: ['alert.opened', 'event'] } });
  });

  it('names the field at fault', () => {
    const field = (draft: Parameters<typeof webhookBodyFromDraft>[0]) => {
      const result = webhookBodyFromDraft(draft);
      return result.ok ? undefined : result.problem.field;
    };
    expect(field({ url: 'ftp://x.example', secret, kinds: DEFAULT_WEBHOOK_KINDS })).toBe('url');
    expect(field({ url: 'hooks.example', secret, kinds: DEFAULT_WEBHOOK_KINDS })).toBe('url');
    expect(field({ url: 'http://x.example', secret: 'short', kinds: DEFAULT_WEBHOOK_KINDS })).toBe('secret');
    expect(field({ url: 'http://x.example', secret, kinds: [] })).toBe('kinds');
  });

  it('generates a hex secret long enough for the API', () => {
    const made = generateSecret((bytes) => bytes.fill(0xab));
    expect(made).toMatch(/^(ab){32}$/);
    expect(made.length).toBeGreaterThanOrEqual(WEBHOOK_LIMITS.secret.min);
  });

  it('shows URLs without credentials or query', () => {
    expect(shownWebhookUrl('https://user:pw@hooks.example:8443/in?token=x')).toBe('https://hooks.example:8443/in');
  });
});
