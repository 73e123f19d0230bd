import { describe, expect, it } from 'vitest';
import { inlineNotification, MAX_INLINE_NOTIFY_BYTES, parseNotification, storedNotification } from './bus-notification.js';

describe('bus notifications', () => {
  it('round-trips a small message inline', () => {
    const message = { kind: 'command' as const, orgId: null, siteId: 'hq', cameraId: null, payload: { id: 'c1', args: { cameraId: 'cam-1' } } };
    const text = inlineNotification(message);
    expect(text).toBeDefined();
    expect(parseNotification(text)).toEqual({ type: 'inline', message });
  });

  it('refuses to inline what NOTIFY would refuse, counting bytes rather than characters', () => {
    const big = { kind: 'command-result' as const, orgId: null, payload: 'x'.repeat(MAX_INLINE_NOTIFY_BYTES) };
    expect(inlineNotification(big)).toBeUndefined();
    const wide = { kind: 'command-result' as const, orgId: null, payload: 'é'.repeat(MAX_INLINE_NOTIFY_BYTES / 2) };
    expect(inlineNotification(wide)).toBeUndefined();
    expect(Buffer.byteLength(inlineNotification({ kind: 'presence', orgId: null, payload: 'x'.repeat(7_000) })!)).toBeLessThan(8_000);
  });

  it('reads stored positions and ignores what it does not know', () => {
    expect(parseNotification(storedNotification('42'))).toEqual({ type: 'stored', seq: '42' });
    for (const stray of [undefined, '', 's:', 's:-1', 's:4x', 'hello', 'm:{', 'm:{"k":"event"}', 'm:null']) expect(parseNotification(stray)).toBeUndefined();
  });
});
