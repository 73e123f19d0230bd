import { computed } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { FormError } from '../shared/form-error.js';
import { PageHeader } from '../shared/page-header.js';
import { cameras, startCameraPolling } from '../store/cameras.js';
import { currentLocation, navigate } from '../store/router.js';
import { EventCard } from './event-card.js';
import { EventFilters } from './event-filters.js';
import { formatEventsSearch, parseEventsSearch } from './events-filter.js';
import { useEventList } from './use-event-list.js';

const eventsFilter = computed(() => parseEventsSearch(currentLocation.value.search));

/**
 * Events (camera.view): what the cameras the user may see detected (motion,
 * people, vehicles, other objects), newest first, as snapshot cards;
 * filtered by camera, label and time range (in the URL), older ones by
 * *Load more*. A card plays the event's recording on the Cameras screen.
 */
export function EventsPage() {
  useEffect(() => startCameraPolling(), []);
  const filter = eventsFilter.value;
  const list = useEventList(filter);
  const pages = list.pages.value;
  const loading = list.loading.value;
  const names = new Map((cameras.value ?? []).map((c) => [c.id, c.name]));

  return (
    <section class="page" aria-labelledby="page-title" data-testid="events-page">
      <PageHeader title="Events" description="What the cameras detected, newest first. Click an event to play it from a few seconds before.">
        <button type="button" class="button" data-testid="events-refresh" onClick={() => void list.reload()} disabled={loading}>
          Refresh
        </button>
      </PageHeader>
      <EventFilters filter={filter} cameras={cameras.value} onChange={(next) => navigate(`/events${formatEventsSearch(next)}`, { replace: true })} />
      <FormError error={list.error.value} message={`Could not load the events: ${list.error.value?.message ?? ''}`} testId="events-error" />
      {pages === undefined ? (
        <p class="muted" data-testid="events-loading">{loading ? 'Loading…' : ''}</p>
      ) : pages.events.length === 0 ? (
        <p class="muted" data-testid="events-empty">No events match these filters.</p>
      ) : (
        <ul class="event-grid" data-testid="event-grid">
          {pages.events.map((event) =>
            event.cameraId === null ? null : <EventCard key={event.id} event={event} cameraId={event.cameraId} cameraName={names.get(event.cameraId) ?? event.cameraId} />,
          )}
        </ul>
      )}
      {pages !== undefined && pages.events.length > 0 && (
        <div class="event-grid__footer">
          <span class="muted" data-testid="events-count">
            {pages.events.length} {pages.events.length === 1 ? 'event' : 'events'}
            {pages.nextTo === null ? '' : ' (more are older)'}
          </span>
          {pages.nextTo !== null && (
            <button type="button" class="button" data-testid="events-load-more" disabled={loading} onClick={() => void list.loadMore()}>
              {loading ? 'Loading…' : 'Load more'}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
