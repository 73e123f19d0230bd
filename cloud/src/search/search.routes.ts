import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  errors, HISTOGRAM_BUCKET_MS, HistogramQuery, HistogramResponse, SEARCH_DEFAULT_LIMIT, SEARCH_DEFAULT_SPAN_DAYS, SEARCH_MAX_SPAN_DAYS,
  SEARCH_PLAYBACK_LEAD_SECONDS, SearchQuery, SearchResponse, type SearchFilters,
} from '@argus/contracts';
import type { TimeRange } from '@argus/core';
import { eventPlaybackUrl, mediaUrl } from '../core/playback-url.js';
import { decodeCursor, encodeCursor, histogramStarts, searchCriteria, zeroFilled, type SearchCriteria } from '../core/search-query.js';
import { requireScope, type TenantScope } from '../http/principal.js';
import { rangeFromQuery } from '../recordings/time-query.js';
import type { SearchRepository } from './search.repository.js';

export interface SearchRoutesOptions {
  readonly search: SearchRepository;
  /** Clock, epoch ms (the default range, the dwell of open events). */
  readonly now: () => number;
}

const DAY_MS = 86_400_000;

/** The filters of a query within the caller's scope; every refusal is a 400 naming the field. */
function criteriaOf(query: SearchFilters, scope: TenantScope, now: number): SearchCriteria {
  const range: TimeRange = rangeFromQuery(query, now, SEARCH_DEFAULT_SPAN_DAYS * DAY_MS, SEARCH_MAX_SPAN_DAYS * DAY_MS);
  return searchCriteria(query, range, scope.siteIds);
}

/**
 * Forensic search (camera.view): the caller's organisation's events, within
 * their sites, filtered and paged by an opaque keyset cursor, and their
 * histogram over time.
 */
export const searchRoutes: FastifyPluginAsyncTypebox<SearchRoutesOptions> = async (app, { search, now }) => {
  app.get('/api/search', {
    config: { access: 'camera.view' },
    schema: {
      description: 'Events matching the filters (overlapping [from, to)), newest first or best score first, a page at a time.',
      querystring: SearchQuery, response: { 200: SearchResponse, ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const scope = requireScope(request.principal);
    const { sort = 'time', limit = SEARCH_DEFAULT_LIMIT, cursor } = request.query;
    const at = now();
    const criteria = criteriaOf(request.query, scope, at);
    const after = cursor === undefined ? undefined : decodeCursor(cursor, sort);
    const rows = await search.search(scope.orgId, criteria, sort, after, limit, at);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      hits: page.map(({ event }) => ({
        event,
        snapshotUrl: event.snapshotKey === null ? null : mediaUrl(event.snapshotKey),
        playbackUrl: event.cameraId === null ? null
          : eventPlaybackUrl(event.cameraId, Date.parse(event.startedAt), event.endedAt === null ? null : Date.parse(event.endedAt), SEARCH_PLAYBACK_LEAD_SECONDS),
      })),
      nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.cursor) : null,
    };
  });

  app.get('/api/search/histogram', {
    config: { access: 'camera.view' },
    schema: {
      description: 'How many events matching the filters start in each hour or day of [from, to) (UTC), empty buckets included.',
      querystring: HistogramQuery, response: { 200: HistogramResponse, ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const scope = requireScope(request.principal);
    const { bucket = 'hour' } = request.query;
    const at = now();
    const criteria = criteriaOf(request.query, scope, at);
    const starts = histogramStarts(criteria.range, bucket);
    const counts = await search.histogram(scope.orgId, criteria, HISTOGRAM_BUCKET_MS[bucket], at);
    return {
      bucket,
      from: new Date(criteria.range.from).toISOString(),
      to: new Date(criteria.range.to).toISOString(),
      buckets: zeroFilled(starts, counts),
    };
  });
};
