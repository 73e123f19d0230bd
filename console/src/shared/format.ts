import type { SiteSummary } from '@argus/contracts';
import { formatWallClock } from '../time-format.js';

/** Display helpers shared by the admin tables. Pure. */

/** "All sites", or the sites' names (ids when unknown), for a `siteIds` scope (null: every site). */
export function formatSiteScope(siteIds: readonly string[] | null, sites: readonly SiteSummary[] | null | undefined): string {
  if (siteIds === null) return 'All sites';
  if (siteIds.length === 0) return 'No sites';
  const names = new Map((sites ?? []).map((site) => [site.id, site.name]));
  return siteIds.map((id) => names.get(id) ?? id).join(', ');
}

/** Wall clock of an ISO instant, or a dash for null. */
export function formatInstant(iso: string | null): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatWallClock(date);
}

/** "1.2 GB": binary multiples, one decimal, for disk and spool sizes. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Clock skew (ms, positive: the edge is behind) as "+1.2 s" / "−0.3 s", or a dash. */
export function formatSkew(ms: number | null): string {
  if (ms === null) return '—';
  const sign = ms > 0 ? '+' : ms < 0 ? '−' : '';
  return `${sign}${(Math.abs(ms) / 1000).toFixed(1)} s`;
}
