import {
  EVENT_COLOURS, HISTOGRAM_BUCKET_MS, HISTOGRAM_MAX_BUCKETS, SEARCH_MAX_LIST_ITEMS, SEARCH_MAX_NAME_LENGTH, SEARCH_SORTS,
  SearchFilters, type EventColour, type HistogramBucket, type SearchSort,
} from '@argus/contracts';

/**
 * The Search page's filters and their round trip through the page URL
 * (`/search?range=24h&cameras=cam-1,cam-2&labels=person&minScore=0.6&sort=score`),
 * so a search can be shared and survives a reload or Back; and the API
 * query a filter asks for. Pure.
 */

export type SearchRangeId = '1h' | '24h' | '7d' | '30d' | 'custom';

/** The time ranges offered, back from now; `custom` is a from/to of the URL (a histogram bar's hour). */
export const SEARCH_RANGES: ReadonlyArray<{ readonly id: Exclude<SearchRangeId, 'custom'>; readonly label: string; readonly ms: number }> = [
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 h', ms: 24 * 3_600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 3_600_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 24 * 3_600_000 },
];
export const DEFAULT_SEARCH_RANGE: SearchRangeId = '24h';

/** What the sorts are called on the page. */
export const SEARCH_SORT_NAMES: Readonly<Record<SearchSort, string>> = { time: 'Newest first', score: 'Best score first' };

export interface SearchPageFilter {
  readonly range: SearchRangeId;
  /** Epoch ms; set only for the custom range. */
  readonly from: number | undefined;
  readonly to: number | undefined;
  /** Empty: every camera the user may see. */
  readonly cameraIds: readonly string[];
  readonly labels: readonly string[];
  readonly zones: readonly string[];
  /** 0–1. */
  readonly minScore: number | undefined;
  readonly color: EventColour | undefined;
  readonly minDwellSeconds: number | undefined;
  readonly sort: SearchSort;
}

export const EMPTY_SEARCH: SearchPageFilter = {
  range: DEFAULT_SEARCH_RANGE, from: undefined, to: undefined, cameraIds: [], labels: [], zones: [],
  minScore: undefined, color: undefined, minDwellSeconds: undefined, sort: 'time',
};

// The API's bounds, read from its schema rather than copied.
const dwellMax = (SearchFilters.properties.minDwellSeconds as unknown as { maximum: number }).maximum;
const CAMERA_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A comma-separated list as the API takes it: items trimmed, blanks and duplicates dropped, too long ones ignored. */
export function splitList(text: string | null | undefined, valid: (item: string) => boolean = (item) => item.length <= SEARCH_MAX_NAME_LENGTH): string[] {
  if (text === null || text === undefined) return [];
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '' && valid(item));
  return [...new Set(items)].slice(0, SEARCH_MAX_LIST_ITEMS);
}

function numberIn(text: string | null, min: number, max: number): number | undefined {
  if (text === null || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= min && value <= max ? value : undefined;
}

function instant(text: string | null): number | undefined {
  if (text === null) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Reads a filter from the URL; whatever is malformed is left out rather than refused. */
export function parseSearchPage(search: string): SearchPageFilter {
  const params = new URLSearchParams(search);
  const from = instant(params.get('from'));
  const to = instant(params.get('to'));
  const custom = params.get('range') === 'custom' && from !== undefined && to !== undefined && to > from;
  const preset = SEARCH_RANGES.find((r) => r.id === params.get('range'))?.id;
  return {
    range: custom ? 'custom' : preset ?? DEFAULT_SEARCH_RANGE,
    from: custom ? from : undefined,
    to: custom ? to : undefined,
    cameraIds: splitList(params.get('cameras'), (item) => CAMERA_ID.test(item)),
    labels: splitList(params.get('labels')),
    zones: splitList(params.get('zones')),
    minScore: numberIn(params.get('minScore'), 0, 1),
    color: EVENT_COLOURS.find((c) => c === params.get('color')),
    minDwellSeconds: numberIn(params.get('minDwell'), 0, dwellMax),
    sort: SEARCH_SORTS.find((s) => s === params.get('sort')) ?? 'time',
  };
}

/** The query string (with '?', or '' for the defaults) of a filter. */
export function formatSearchPage(filter: SearchPageFilter): string {
  const params = new URLSearchParams();
  if (filter.range !== DEFAULT_SEARCH_RANGE) params.set('range', filter.range);
  if (filter.range === 'custom' && filter.from !== undefined && filter.to !== undefined) {
    params.set('from', new Date(filter.from).toISOString());
    params.set('to', new Date(filter.to).toISOString());
  }
  if (filter.cameraIds.length > 0) params.set('cameras', filter.cameraIds.join(','));
  if (filter.labels.length > 0) params.set('labels', filter.labels.join(','));
  if (filter.zones.length > 0) params.set('zones', filter.zones.join(','));
  if (filter.minScore !== undefined) params.set('minScore', String(filter.minScore));
  if (filter.color !== undefined) params.set('color', filter.color);
  if (filter.minDwellSeconds !== undefined) params.set('minDwell', String(filter.minDwellSeconds));
  if (filter.sort !== 'time') params.set('sort', filter.sort);
  return params.size === 0 ? '' : `?${params.toString()}`;
}

/** The [from, to) a filter searches, epoch ms: the custom one, or the preset back from `now`. */
export function searchRange(filter: SearchPageFilter, now: number): { from: number; to: number } {
  if (filter.range === 'custom' && filter.from !== undefined && filter.to !== undefined) return { from: filter.from, to: filter.to };
  const preset = SEARCH_RANGES.find((r) => r.id === filter.range) ?? SEARCH_RANGES.find((r) => r.id === DEFAULT_SEARCH_RANGE)!;
  return { from: now - preset.ms, to: now };
}

/** The filters of GET /api/search and its histogram for a range fixed once (pages of one search share it). */
export function searchFiltersOf(filter: SearchPageFilter, range: { from: number; to: number }): SearchFilters {
  const list = (items: readonly string[]): string | undefined => (items.length === 0 ? undefined : items.join(','));
  const query: { -readonly [K in keyof SearchFilters]: SearchFilters[K] } = { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };
  const cameraIds = list(filter.cameraIds);
  const labels = list(filter.labels);
  const zones = list(filter.zones);
  if (cameraIds !== undefined) query.cameraIds = cameraIds;
  if (labels !== undefined) query.labels = labels;
  if (zones !== undefined) query.zones = zones;
  if (filter.minScore !== undefined) query.minScore = filter.minScore;
  if (filter.color !== undefined) query.color = filter.color;
  if (filter.minDwellSeconds !== undefined) query.minDwellSeconds = filter.minDwellSeconds;
  return query;
}

/** Hourly bars when the API allows that many, else daily. */
export function histogramBucketFor(range: { from: number; to: number }): HistogramBucket {
  const hours = Math.ceil((range.to - Math.floor(range.from / HISTOGRAM_BUCKET_MS.hour) * HISTOGRAM_BUCKET_MS.hour) / HISTOGRAM_BUCKET_MS.hour);
  return hours <= HISTOGRAM_MAX_BUCKETS ? 'hour' : 'day';
}

/** The filter narrowed to one histogram bar: its bucket, as a custom range. */
export function narrowToBucket(filter: SearchPageFilter, start: number, bucket: HistogramBucket): SearchPageFilter {
  return { ...filter, range: 'custom', from: start, to: start + HISTOGRAM_BUCKET_MS[bucket] };
}
