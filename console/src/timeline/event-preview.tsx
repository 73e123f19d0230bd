import type { TimelineEvent } from '@argus/contracts';
import { formatScore } from '../events/event-format.js';
import { formatWallClock } from '../time-format.js';

/** What hovering (or focusing) an event marker shows: its snapshot, label (with an object's score), time and zones. */
export function EventPreview({ event }: { event: TimelineEvent }) {
  const started = new Date(event.startedAt);
  const score = formatScore(event);
  const seconds = event.endedAt === null ? null : Math.max(0, Math.round((Date.parse(event.endedAt) - started.getTime()) / 1000));
  return (
    <div class="event-preview" data-testid="event-preview" role="tooltip">
      {event.snapshotUrl === null ? (
        <div class="event-preview__none">No snapshot</div>
      ) : (
        <img class="event-preview__image" data-testid="event-preview-image" src={event.snapshotUrl} alt={`Snapshot of ${event.label} at ${formatWallClock(started)}`} />
      )}
      <p class="event-preview__line">
        <strong>{event.label}</strong>
        {score === null ? '' : ` ${score}`} · {formatWallClock(started).slice(11)}
        {seconds === null ? ' · ongoing' : ` · ${seconds} s`}
      </p>
      {event.zones.length > 0 && <p class="event-preview__line">Zones: {event.zones.join(', ')}</p>}
      <p class="event-preview__hint">Click to play from 5 s before</p>
    </div>
  );
}
