import { ArgusError } from './errors.js';

/** A half-open interval [from, to) in epoch milliseconds. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Parses a timestamp given to the API: ISO 8601 (with a zone) or epoch
 * milliseconds. Returns epoch ms, or throws CORE_ERR_BAD_TIME naming `field`.
 */
export function parseInstant(field: string, value: string): number {
  const trimmed = value.trim();
  // Epoch ms needs at least 10 digits (2001 onwards); ISO text must carry a zone, or it would be read as server-local time.
  const epoch = /^\d{10,}$/.test(trimmed);
  const ms = epoch ? Number(trimmed) : /(Z|[+-]\d\d:?\d\d)$/i.test(trimmed) ? Date.parse(trimmed) : NaN;
  if (!Number.isFinite(ms)) {
    throw new ArgusError(
      'CORE_ERR_BAD_TIME',
      `${field} must be an ISO 8601 time with a zone (e.g. 2026-01-31T22:00:00Z) or epoch milliseconds, got ${JSON.stringify(value)}`,
    );
  }
  return ms;
}

export function timeRange(from: number, to: number): TimeRange {
  if (!(to > from)) {
    throw new ArgusError('CORE_ERR_BAD_RANGE', `time range end (${new Date(to).toISOString()}) must be after its start (${new Date(from).toISOString()})`);
  }
  return { from, to };
}

export function overlaps(a: TimeRange, b: TimeRange): boolean {
  return a.from < b.to && b.from < a.to;
}

export function durationMs(range: TimeRange): number {
  return range.to - range.from;
}
