import type { EventRecord } from '@argus/contracts';
import { eventFamily } from '../shared/event-family.js';
import { Link } from '../shared/link.js';
import { formatWallClock } from '../time-format.js';
import { EVENT_LEAD_MS, playRangeForEvent } from '../timeline/timeline-layout.js';
import { formatViewState } from '../view-state.js';
import { formatEventDuration, formatScore, objectDetails } from './event-format.js';
import { EventThumbnail } from './event-thumbnail.js';

/**
 * One event on the Events page: its snapshot (with the object's path), label,
 * camera, time, duration, score, and for objects their colour and how long
 * they stayed. The whole card is a link to the camera's recording from a few
 * seconds before the event: the deep link the timeline's markers use.
 */
export function EventCard({ event, cameraId, cameraName }: { event: EventRecord; cameraId: string; cameraName: string }) {
  const family = eventFamily(event.label);
  const started = new Date(event.startedAt);
  const range = playRangeForEvent(event);
  const href = `/${formatViewState({ kind: 'range', cameraId, from: new Date(range.from), to: new Date(range.to) })}`;
  const score = formatScore(event);
  const details = objectDetails(event.attributes);
  const when = formatWallClock(started);
  return (
    <li class="event-card" data-family={family}>
      <Link
        href={href}
        class="event-card__link"
        data-testid="event-card"
        data-event-id={event.id}
        data-label={event.label}
        data-camera-id={cameraId}
        aria-label={`${event.label} on ${cameraName} at ${when}: play from ${EVENT_LEAD_MS / 1000} s before`}
      >
        <EventThumbnail event={event} alt={`Snapshot of ${event.label} on ${cameraName} at ${when}`} />
        <div class="event-card__body">
          <div class="event-card__top">
            <span class={`event-chip event-chip--${family}`} data-testid="event-label">
              {event.label}
            </span>
            {score !== null && (
              <span class="event-card__score" data-testid="event-score" title="Best detection score">
                {score}
              </span>
            )}
          </div>
          <div class="event-card__camera">{cameraName}</div>
          <div class="event-card__time">
            <time dateTime={event.startedAt}>{when}</time> · {formatEventDuration(event)}
          </div>
          {(details.color !== undefined || details.dwell !== undefined) && (
            <div class="event-card__details" data-testid="event-details">
              {details.color !== undefined && (
                <span class="event-card__color">
                  <span class="color-dot" style={{ background: details.color }} aria-hidden="true" />
                  {details.color}
                </span>
              )}
              {details.dwell !== undefined && <span>stayed {details.dwell}{details.stationary === true ? ', still' : ''}</span>}
            </div>
          )}
          {event.zones.length > 0 && <div class="event-card__zones">Zones: {event.zones.join(', ')}</div>}
        </div>
      </Link>
    </li>
  );
}
