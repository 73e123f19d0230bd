import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { api } from '../store/api.js';
import { EVENTS_PAGE_SIZE, NO_PAGES, appendPage, type EventPages } from './event-pages.js';
import { formatEventsSearch, rangeMs, type EventsFilter } from './events-filter.js';

export interface EventList {
  /** What is loaded; undefined until the first page arrives (and after the filter changes). */
  readonly pages: Signal<EventPages | undefined>;
  readonly error: Signal<ApiRequestError | null>;
  readonly loading: Signal<boolean>;
  /** Loads the next (older) page, when there is one. */
  loadMore(): Promise<void>;
  /** Starts again from the newest events (the range ends now). */
  reload(): Promise<void>;
}

/**
 * The Events page's list for a filter: the newest page on mount and on each
 * change of filter, older pages on demand (event-pages.ts). A change of
 * filter or a reload aborts whatever is in flight, so a slow answer never
 * lands in a list it no longer belongs to. The range's start is fixed when
 * the first page is asked for, so pages line up.
 */
export function useEventList(filter: EventsFilter): EventList {
  const pages = useSignal<EventPages | undefined>(undefined);
  const error = useSignal<ApiRequestError | null>(null);
  const loading = useSignal(true);
  const inFlight = useRef<AbortController | null>(null);
  const since = useRef(0);
  const key = formatEventsSearch(filter);

  const fetchPage = async (to: number | undefined, reset: boolean): Promise<void> => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    loading.value = true;
    if (reset) {
      since.current = Date.now() - rangeMs(filter.range);
      pages.value = undefined;
    }
    try {
      const answer = await api.listEvents(
        { cameraId: filter.cameraId, label: filter.label, from: new Date(since.current), to: to === undefined ? undefined : new Date(to), limit: EVENTS_PAGE_SIZE },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      pages.value = appendPage(reset ? NO_PAGES : (pages.peek() ?? NO_PAGES), answer, EVENTS_PAGE_SIZE);
      error.value = null;
    } catch (caught) {
      if (controller.signal.aborted) return;
      error.value = toApiError(caught);
    } finally {
      if (inFlight.current === controller) loading.value = false;
    }
  };

  useEffect(() => {
    void fetchPage(undefined, true);
    return () => inFlight.current?.abort();
  }, [key]);

  return {
    pages,
    error,
    loading,
    async loadMore() {
      const next = pages.peek()?.nextTo;
      if (next === null || next === undefined || loading.peek()) return;
      await fetchPage(next, false);
    },
    reload: () => fetchPage(undefined, true),
  };
}
