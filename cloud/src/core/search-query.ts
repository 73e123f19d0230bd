import { isSlug, type TimeRange } from '@argus/core';
import {
  HISTOGRAM_BUCKET_MS, HISTOGRAM_MAX_BUCKETS, NAME_PATTERN, SEARCH_MAX_LIST_ITEMS, SEARCH_MAX_NAME_LENGTH,
  type EventColour, type HistogramBucket, type SearchFilters, type SearchSort,
} from '@argus/contracts';
import { CloudError } from '../errors.js';

/**
 * Forensic search, the pure part: the filters of `GET /api/search` and
 * `GET /api/search/histogram` read from the query string into values the
 * repository binds as parameters, the keyset cursor's opaque token, and the
 * histogram's buckets. No I/O; every refusal is a CLD_ERR_VALIDATION naming
 * the field.
 */

/** What a search matches, besides the organisation and the time range. Lists: any of. */
export interface SearchCriteria {
  readonly range: TimeRange;
  /** The sites searched after narrowing to the caller's: null for every site of the organisation. */
  readonly siteIds: readonly string[] | null;
  readonly cameraIds: readonly string[] | undefined;
  readonly labels: readonly string[] | undefined;
  readonly zones: readonly string[] | undefined;
  /** 0–1. */
  readonly minScore: number | undefined;
  readonly color: EventColour | undefined;
  /** Seconds. */
  readonly minDwellSeconds: number | undefined;
}

/** How each list filter's items are checked: ids are slugs, names are what events carry. */
const LIST_KINDS = { siteIds: 'id', cameraIds: 'id', labels: 'name', zones: 'name' } as const;
export type ListField = keyof typeof LIST_KINDS;

// Labels and zone names are those events may carry (contracts' NAME_PATTERN).
const NAME = new RegExp(NAME_PATTERN);

/**
 * A comma-separated list: items trimmed, none empty, each a slug (ids) or
 * a name as events carry it (NAME_PATTERN, 1–SEARCH_MAX_NAME_LENGTH), at most
 * SEARCH_MAX_LIST_ITEMS, duplicates dropped. undefined stays undefined.
 */
export function parseList(field: ListField, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim());
  if (items.length > SEARCH_MAX_LIST_ITEMS) {
    throw new CloudError('CLD_ERR_VALIDATION', `querystring/${field} names ${items.length} items; at most ${SEARCH_MAX_LIST_ITEMS}`, { field });
  }
  items.forEach((item, i) => {
    const bad =
      item === '' ? 'is empty'
        : LIST_KINDS[field] === 'id' ? (isSlug(item) ? undefined : 'must be an id (lowercase letters, digits and -)')
          : item.length > SEARCH_MAX_NAME_LENGTH ? `is longer than ${SEARCH_MAX_NAME_LENGTH} characters`
            : NAME.test(item) ? undefined : 'must be a name (letters, digits, spaces and _ . -, starting with a letter or digit)';
    if (bad !== undefined) throw new CloudError('CLD_ERR_VALIDATION', `querystring/${field} item ${i + 1} ${bad}`, { field });
  });
  return [...new Set(items)];
}

/**
 * The sites to search: those asked for, narrowed to the caller's (a
 * site-scoped caller who names none searches all of theirs; one who names
 * only others' finds nothing, as if those sites were empty).
 */
export function searchSites(requested: readonly string[] | undefined, scope: readonly string[] | null): readonly string[] | null {
  if (scope === null) return requested ?? null;
  if (requested === undefined) return scope;
  return requested.filter((site) => scope.includes(site));
}

/** The criteria of a query whose range the caller has read already (recordings/time-query.ts). */
export function searchCriteria(query: SearchFilters, range: TimeRange, scopeSiteIds: readonly string[] | null): SearchCriteria {
  return {
    range,
    siteIds: searchSites(parseList('siteIds', query.siteIds), scopeSiteIds),
    cameraIds: parseList('cameraIds', query.cameraIds),
    labels: parseList('labels', query.labels),
    zones: parseList('zones', query.zones),
    minScore: query.minScore,
    color: query.color,
    minDwellSeconds: query.minDwellSeconds,
  };
}

/**
 * The key of the last hit of a page, from which the next page continues.
 * `startedAt` is the row's start as PostgreSQL holds it (microseconds, UTC,
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ`), so the keyset comparison is exact.
 */
export type SearchCursor =
  | { readonly sort: 'time'; readonly startedAt: string; readonly id: string }
  | { readonly sort: 'score'; readonly score: number | null; readonly startedAt: string; readonly id: string };

const CURSOR_VERSION = 1;
const STARTED_AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
// contracts' EventId.
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The opaque token of a cursor: base64url of a small JSON object. */
export function encodeCursor(cursor: SearchCursor): string {
  const body = cursor.sort === 'time'
    ? { v: CURSOR_VERSION, s: 'time', t: cursor.startedAt, i: cursor.id }
    : { v: CURSOR_VERSION, s: 'score', c: cursor.score, t: cursor.startedAt, i: cursor.id };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/**
 * Reads a token made by encodeCursor for `sort`. Strict: the token must be
 * canonical base64url of exactly the fields encodeCursor writes, each of its
 * type and shape; anything else (tampered, truncated, for the other sort) is
 * a 400 naming `cursor`. The values are bound as parameters, never spliced
 * into SQL, and the query is scoped as any other: a forged key can only
 * move where a page of the caller's own events starts.
 */
export function decodeCursor(token: string, sort: SearchSort): SearchCursor {
  const refuse = (why: string): never => {
    throw new CloudError('CLD_ERR_VALIDATION', `querystring/cursor ${why}; start again without it`, { field: 'cursor' });
  };
  if (!BASE64URL.test(token)) return refuse('is not a cursor this API made');
  const text = Buffer.from(token, 'base64url');
  if (text.toString('base64url') !== token) return refuse('is not a cursor this API made');
  let body: unknown;
  try {
    body = JSON.parse(text.toString('utf8'));
  } catch {
    return refuse('is not a cursor this API made');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse('is not a cursor this API made');
  const fields = body as Record<string, unknown>;
  const { v, s, t, i } = fields;
  if (v !== CURSOR_VERSION || (s !== 'time' && s !== 'score')) return refuse('is not a cursor this API made');
  if (s !== sort) return refuse(`was made for sort=${s}, not sort=${sort}`);
  const keys = Object.keys(fields).sort().join(',');
  if (keys !== (s === 'time' ? 'i,s,t,v' : 'c,i,s,t,v')) return refuse('is not a cursor this API made');
  if (typeof t !== 'string' || !STARTED_AT.test(t) || !Number.isFinite(Date.parse(t))) return refuse('is not a cursor this API made');
  if (typeof i !== 'string' || !EVENT_ID.test(i)) return refuse('is not a cursor this API made');
  if (s === 'time') return { sort: 'time', startedAt: t, id: i };
  const c = fields['c'];
  if (c !== null && (typeof c !== 'number' || !Number.isFinite(c) || c < 0 || c > 1)) return refuse('is not a cursor this API made');
  return { sort: 'score', score: c, startedAt: t, id: i };
}

/**
 * The starts (epoch ms) of every bucket covering [from, to), aligned to UTC
 * hours or days. More than HISTOGRAM_MAX_BUCKETS is a 400 naming `bucket`.
 */
export function histogramStarts(range: TimeRange, bucket: HistogramBucket): number[] {
  const size = HISTOGRAM_BUCKET_MS[bucket];
  const first = Math.floor(range.from / size) * size;
  const count = Math.ceil((range.to - first) / size);
  if (count > HISTOGRAM_MAX_BUCKETS) {
    throw new CloudError('CLD_ERR_VALIDATION', `querystring/bucket: ${count} ${bucket} buckets is more than ${HISTOGRAM_MAX_BUCKETS}; use a longer bucket or a shorter range`, { field: 'bucket' });
  }
  return Array.from({ length: count }, (_, n) => first + n * size);
}

/** Every bucket of `starts` with its count (0 where `counts`, keyed by bucket start, has none). */
export function zeroFilled(starts: readonly number[], counts: ReadonlyMap<number, number>): Array<{ start: string; count: number }> {
  return starts.map((start) => ({ start: new Date(start).toISOString(), count: counts.get(start) ?? 0 }));
}
