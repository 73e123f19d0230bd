import { describe, expect, it } from 'vitest';
import { acceptsEventStream, sseMessage, sseRetry, visibleTo } from './sse-format.js';

describe('SSE framing', () => {
  it('writes id, name and one line of data, ended by a blank line', () => {
    const data = JSON.stringify({ note: 'two\nlines' });
    expect(sseMessage('42', 'event', data)).toBe('id: 42\nevent: event\ndata: {"note":"two\\nlines"}\n\n');
    expect(sseRetry(2000)).toBe('retry: 2000\n\n');
  });

  it('shows a message to its organisation, and to scoped principals only for their sites', () => {
    const everySite = { orgId: 'acme', siteIds: null };
    const north = { orgId: 'acme', siteIds: ['north'] };
    expect(visibleTo(everySite, { orgId: 'acme', siteId: 'south' })).toBe(true);
    expect(visibleTo(everySite, { orgId: 'acme', siteId: null })).toBe(true);
    expect(visibleTo(everySite, { orgId: 'other', siteId: 'south' })).toBe(false);
    expect(visibleTo(north, { orgId: 'acme', siteId: 'north' })).toBe(true);
    expect(visibleTo(north, { orgId: 'acme', siteId: 'south' })).toBe(false);
    expect(visibleTo(north, { orgId: 'acme', siteId: null })).toBe(false);
    expect(visibleTo(north, { orgId: 'other', siteId: 'north' })).toBe(false);
    expect(visibleTo(everySite, { orgId: null, siteId: null })).toBe(false);
  });

  it('takes an Accept header that admits text/event-stream', () => {
    for (const yes of ['text/event-stream', 'text/html, text/event-stream;q=0.5', '*/*', 'text/*', 'TEXT/EVENT-STREAM']) expect(acceptsEventStream(yes), yes).toBe(true);
    for (const no of [undefined, '', 'application/json', 'text/event-stream;q=0', 'text/html']) expect(acceptsEventStream(no), String(no)).toBe(false);
  });
});
