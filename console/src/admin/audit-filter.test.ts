import { describe, expect, it } from 'vitest';
import { AUDIT_DEFAULT_LIMIT, AUDIT_LIMIT_CHOICES, AUDIT_MAX_LIMIT, formatAuditSearch, parseAuditSearch } from './audit-filter.js';

describe('audit filter in the URL', () => {
  it('reads an empty query as no filter and the default limit', () => {
    expect(parseAuditSearch('')).toEqual({
      from: undefined,
      to: undefined,
      actor: undefined,
      action: undefined,
      limit: AUDIT_DEFAULT_LIMIT,
    });
    expect(formatAuditSearch(parseAuditSearch(''))).toBe('');
  });

  it('round-trips every filter', () => {
    const filter = {
      from: new Date('2026-11-26T05:00:00.000Z'),
      to: new Date('2026-11-26T06:00:00.000Z'),
      actor: 'user:admin@example.com',
      action: 'auth.',
      limit: AUDIT_MAX_LIMIT,
    };
    expect(parseAuditSearch(formatAuditSearch(filter))).toEqual(filter);
  });

  it('drops unreadable instants and out-of-bounds limits', () => {
    const parsed = parseAuditSearch(`?from=yesterday&limit=${AUDIT_MAX_LIMIT + 1}`);
    expect(parsed.from).toBeUndefined();
    expect(parsed.limit).toBe(AUDIT_DEFAULT_LIMIT);
  });

  it("offers the API's default and maximum among the page sizes", () => {
    expect(AUDIT_LIMIT_CHOICES).toContain(AUDIT_DEFAULT_LIMIT);
    expect(AUDIT_LIMIT_CHOICES).toContain(AUDIT_MAX_LIMIT);
  });
});
