import { AuditQuery } from '@argus/contracts';
import type { AuditFilter } from '../api/api-client.js';

/**
 * The audit log's filters and their round trip through the page URL
 * (`/admin/audit?from=<ISO>&to=<ISO>&actor=…&action=…&limit=…`), so a
 * filtered view can be shared with a colleague or an auditor. Pure.
 */

/** The limit bounds of the API's query schema, read from the schema rather than copied. */
const limitSchema = AuditQuery.properties.limit as unknown as { maximum: number; default: number };
export const AUDIT_DEFAULT_LIMIT = limitSchema.default;
export const AUDIT_MAX_LIMIT = limitSchema.maximum;
/** Page sizes offered; a short one for a quick look, the API's default and its maximum. */
export const AUDIT_LIMIT_CHOICES: readonly number[] = [...new Set([50, AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT])].sort((a, b) => a - b);

export function parseAuditSearch(search: string): AuditFilter {
  const params = new URLSearchParams(search);
  const instant = (name: string): Date | undefined => {
    const text = params.get(name);
    if (text === null || text === '') return undefined;
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? undefined : date;
  };
  const text = (name: string): string | undefined => {
    const value = params.get(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const limitText = params.get('limit');
  const limit = limitText === null ? Number.NaN : Number(limitText);
  return {
    from: instant('from'),
    to: instant('to'),
    actor: text('actor'),
    action: text('action'),
    limit: Number.isInteger(limit) && limit >= 1 && limit <= AUDIT_MAX_LIMIT ? limit : AUDIT_DEFAULT_LIMIT,
  };
}

/** The query string (with '?', or '' when nothing is filtered) for a filter. */
export function formatAuditSearch(filter: AuditFilter): string {
  const params = new URLSearchParams();
  if (filter.from !== undefined) params.set('from', filter.from.toISOString());
  if (filter.to !== undefined) params.set('to', filter.to.toISOString());
  if (filter.actor !== undefined && filter.actor.trim() !== '') params.set('actor', filter.actor.trim());
  if (filter.action !== undefined && filter.action.trim() !== '') params.set('action', filter.action.trim());
  if (filter.limit !== undefined && filter.limit !== AUDIT_DEFAULT_LIMIT) params.set('limit', String(filter.limit));
  return params.size === 0 ? '' : `?${params.toString()}`;
}
