import { useSignal, type Signal } from '@preact/signals';
import type { HistogramResponse, SearchFilters, SearchHit } from '@argus/contracts';
import { useEffect, useRef } from 'preact/hooks';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { api } from '../store/api.js';
import { formatSearchPage, histogramBucketFor, searchFiltersOf, searchRange, type SearchPageFilter } from './search-filter.js';

/** Hits per page (the API's default is larger; a grid of snapshots loads faster in smaller pages). */
export const SEARCH_PAGE_SIZE = 48;

export interface SearchResults {
  /** The hits loaded so far; undefined until the first page arrives (and after the filter changes). */
  readonly hits: Signal<readonly SearchHit[] | undefined>;
  /** The cursor of the next page; null on the last. */
  readonly nextCursor: Signal<string | null>;
  readonly histogram: Signal<HistogramResponse | undefined>;
  readonly error: Signal<ApiRequestError | null>;
  readonly loading: Signal<boolean>;
  loadMore(): Promise<void>;
  /** Searches again, a preset range ending now. */
  reload(): Promise<void>;
}

/**
 * The Search page's results for a filter: the first page and the histogram
 * on mount and on each change of filter, further pages by the cursor. The
 * range is fixed when the first page is asked for, so every page (and the
 * histogram) is of the same search; a change aborts whatever is in flight.
 */
export function useSearch(filter: SearchPageFilter): SearchResults {
  const hits = useSignal<readonly SearchHit[] | undefined>(undefined);
  const nextCursor = useSignal<string | null>(null);
  const histogram = useSignal<HistogramResponse | undefined>(undefined);
  const error = useSignal<ApiRequestError | null>(null);
  const loading = useSignal(true);
  const inFlight = useRef<AbortController | null>(null);
  const query = useRef<SearchFilters | null>(null);
  const key = formatSearchPage(filter);

  const begin = (): AbortController => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    loading.value = true;
    return controller;
  };
  const fail = (controller: AbortController, caught: unknown): void => {
    if (!controller.signal.aborted) error.value = toApiError(caught);
  };
  const done = (controller: AbortController): void => {
    if (inFlight.current === controller) loading.value = false;
  };

  const search = async (): Promise<void> => {
    const controller = begin();
    const range = searchRange(filter, Date.now());
    const filters = searchFiltersOf(filter, range);
    query.current = filters;
    hits.value = undefined;
    histogram.value = undefined;
    try {
      const [page, bars] = await Promise.all([
        api.search({ ...filters, sort: filter.sort, limit: SEARCH_PAGE_SIZE }, controller.signal),
        api.searchHistogram({ ...filters, bucket: histogramBucketFor(range) }, controller.signal),
      ]);
      if (controller.signal.aborted) return;
      hits.value = page.hits;
      nextCursor.value = page.nextCursor;
      histogram.value = bars;
      error.value = null;
    } catch (caught) {
      fail(controller, caught);
    } finally {
      done(controller);
    }
  };

  useEffect(() => {
    void search();
    return () => inFlight.current?.abort();
  }, [key]);

  return {
    hits, nextCursor, histogram, error, loading,
    async loadMore() {
      const cursor = nextCursor.peek();
      const filters = query.current;
      if (cursor === null || filters === null || loading.peek()) return;
      const controller = begin();
      try {
        const page = await api.search({ ...filters, sort: filter.sort, limit: SEARCH_PAGE_SIZE, cursor }, controller.signal);
        if (controller.signal.aborted) return;
        hits.value = [...(hits.peek() ?? []), ...page.hits];
        nextCursor.value = page.nextCursor;
        error.value = null;
      } catch (caught) {
        fail(controller, caught);
      } finally {
        done(controller);
      }
    },
    reload: search,
  };
}
