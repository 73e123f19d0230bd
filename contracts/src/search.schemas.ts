import { Type, type Static } from 'typebox';
import { InstantQuery, NAME_MAX_LENGTH } from './common.schemas.js';
import { EventRecord } from './events.schemas.js';

/**
 * Forensic search over events (`GET /api/search`, `GET /api/search/histogram`).
 * Lists are comma-separated; times are ISO 8601 with a zone or epoch ms; an
 * event matches when it overlaps [from, to) (an open event extends to now).
 */

/** Colour names an object event may carry in `attributes.color` (the edge names the dominant colour of the object's box). */
export const EVENT_COLOURS = ['black', 'white', 'grey', 'red', 'orange', 'brown', 'yellow', 'green', 'blue', 'purple', 'pink'] as const;
export type EventColour = (typeof EVENT_COLOURS)[number];

export const SEARCH_DEFAULT_LIMIT = 50;
export const SEARCH_MAX_LIMIT = 200;
/** Most items in one comma-separated list filter. */
export const SEARCH_MAX_LIST_ITEMS = 100;
/** Without `from`: the last this many days (histograms and searches alike). */
export const SEARCH_DEFAULT_SPAN_DAYS = 7;
/** The longest range one search or histogram may cover. */
export const SEARCH_MAX_SPAN_DAYS = 400;
/** Seconds of recording before the event that a hit's playback starts at. */
export const SEARCH_PLAYBACK_LEAD_SECONDS = 5;
export const SEARCH_SORTS = ['time', 'score'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export const HISTOGRAM_BUCKETS = ['hour', 'day'] as const;
export type HistogramBucket = (typeof HISTOGRAM_BUCKETS)[number];
/** Length of each histogram bucket (UTC has no daylight saving: every hour and day is this long). */
export const HISTOGRAM_BUCKET_MS: Readonly<Record<HistogramBucket, number>> = { hour: 3_600_000, day: 86_400_000 };
/** Most buckets one histogram may have (about 41 days by the hour); more is a 400 naming `bucket`. */
export const HISTOGRAM_MAX_BUCKETS = 1000;
/** Longest label or zone name a search filter may name (as events carry them). */
export const SEARCH_MAX_NAME_LENGTH = NAME_MAX_LENGTH;

/** A comma-separated list on the query string (each item is checked by the route, naming the field). */
const CsvList = Type.String({ minLength: 1, maxLength: 4000 });

const filterProperties = {
  from: Type.Optional(InstantQuery),
  to: Type.Optional(InstantQuery),
  siteIds: Type.Optional(CsvList),
  cameraIds: Type.Optional(CsvList),
  labels: Type.Optional(CsvList),
  zones: Type.Optional(CsvList),
  /** 0–1, as events carry it. */
  minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  color: Type.Optional(Type.Enum([...EVENT_COLOURS])),
  /** Events that lasted at least this long (an open event counts to now). */
  minDwellSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 31 * 86_400 })),
};
export const SearchFilters = Type.Object(filterProperties, { additionalProperties: false });
export type SearchFilters = Static<typeof SearchFilters>;

export const SearchQuery = Type.Object({
  ...filterProperties,
  sort: Type.Optional(Type.Enum([...SEARCH_SORTS], { default: 'time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_MAX_LIMIT, default: SEARCH_DEFAULT_LIMIT })),
  /** `nextCursor` of the page before, with the same filters and sort. */
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
}, { additionalProperties: false });
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchHit = Type.Object({
  event: EventRecord,
  /** Media URL of the event's best snapshot (GET with the caller's credentials). */
  snapshotUrl: Type.Union([Type.String(), Type.Null()]),
  /** HLS playlist of the camera from SEARCH_PLAYBACK_LEAD_SECONDS before the event. */
  playbackUrl: Type.Union([Type.String(), Type.Null()]),
});
export type SearchHit = Static<typeof SearchHit>;

export const SearchResponse = Type.Object({
  hits: Type.Array(SearchHit),
  /** Null on the last page. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type SearchResponse = Static<typeof SearchResponse>;

export const HistogramQuery = Type.Object({
  ...filterProperties,
  bucket: Type.Optional(Type.Enum([...HISTOGRAM_BUCKETS], { default: 'hour' })),
}, { additionalProperties: false });
export type HistogramQuery = Static<typeof HistogramQuery>;

export const HistogramResponse = Type.Object({
  bucket: Type.Enum([...HISTOGRAM_BUCKETS]),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  /** Every bucket of [from, to) in order (UTC), counting the events that start in it; empty buckets count 0. */
  buckets: Type.Array(Type.Object({ start: Type.String({ format: 'date-time' }), count: Type.Integer({ minimum: 0 }) })),
});
export type HistogramResponse = Static<typeof HistogramResponse>;
