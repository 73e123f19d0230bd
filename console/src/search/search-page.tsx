import { computed } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { EventCard } from '../events/event-card.js';
import { FormError } from '../shared/form-error.js';
import { PageHeader } from '../shared/page-header.js';
import { cameras, startCameraPolling } from '../store/cameras.js';
import { currentLocation, navigate } from '../store/router.js';
import { formatSearchPage, narrowToBucket, parseSearchPage, type SearchPageFilter } from './search-filter.js';
import { SearchFilters } from './search-filters.js';
import { SearchHistogram } from './search-histogram.js';
import { useSearch } from './use-search.js';

const searchFilter = computed(() => parseSearchPage(currentLocation.value.search));

/**
 * Search (camera.view): forensic search over the events of the cameras the
 * user may see, by time, camera, label, zone, score, colour and dwell, newest
 * or best first; a histogram of when they happened (a bar narrows the search
 * to its hour) and a grid of snapshots, more by *Load more*. The filters are
 * in the URL, so a search can be shared. A hit plays its camera from a few
 * seconds before the event on the Cameras screen (the Events page's card).
 */
export function SearchPage() {
  useEffect(() => startCameraPolling(), []);
  const filter = searchFilter.value;
  const results = useSearch(filter);
  const names = new Map((cameras.value ?? []).map((c) => [c.id, c.name]));
  const hits = results.hits.value;
  const histogram = results.histogram.value;
  const loading = results.loading.value;
  const apply = (next: SearchPageFilter): void => navigate(`/search${formatSearchPage(next)}`);

  return (
    <section class="page" aria-labelledby="page-title" data-testid="search-page">
      <PageHeader title="Search" description="Find what the cameras saw: filter by time, camera, what, where, score, colour and how long it stayed. Click a snapshot to play it from a few seconds before.">
        <button type="button" class="button" data-testid="search-refresh" onClick={() => void results.reload()} disabled={loading}>
          Refresh
        </button>
      </PageHeader>
      <SearchFilters filter={filter} cameras={cameras.value} onApply={apply} />
      <FormError error={results.error.value} message={`Could not search: ${results.error.value?.message ?? ''}`} testId="search-error" />
      {histogram !== undefined && (
        <SearchHistogram histogram={histogram} onPick={(start) => apply(narrowToBucket(filter, start, histogram.bucket))} />
      )}
      {hits === undefined ? (
        <p class="muted" data-testid="search-loading">{loading ? 'Searching…' : ''}</p>
      ) : hits.length === 0 ? (
        <p class="muted" data-testid="search-empty">Nothing matches this search.</p>
      ) : (
        <ul class="event-grid" data-testid="search-results">
          {hits.map(({ event }) =>
            event.cameraId === null ? null : <EventCard key={event.id} event={event} cameraId={event.cameraId} cameraName={names.get(event.cameraId) ?? event.cameraId} />,
          )}
        </ul>
      )}
      {hits !== undefined && hits.length > 0 && (
        <div class="event-grid__footer">
          <span class="muted" data-testid="search-count">
            {hits.length} {hits.length === 1 ? 'event' : 'events'}
            {results.nextCursor.value === null ? '' : ' (more match)'}
          </span>
          {results.nextCursor.value !== null && (
            <button type="button" class="button" data-testid="search-load-more" disabled={loading} onClick={() => void results.loadMore()}>
              {loading ? 'Loading…' : 'Load more'}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
