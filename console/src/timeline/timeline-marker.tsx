import { useSignal } from '@preact/signals';
import type { TimelineEvent } from '@argus/contracts';
import { eventFamily } from '../shared/event-family.js';
import { formatWallClock } from '../time-format.js';
import { EventPreview } from './event-preview.js';

/**
 * One event on the bar: a tick at its start (as wide as the event when the
 * zoom allows), coloured by its label's family (motion, person, vehicle,
 * other object), its snapshot on hover or focus, and a click that plays the
 * recording from a few seconds before it.
 */
export function TimelineMarker(props: { event: TimelineEvent; left: number; width: number; onPlay(event: TimelineEvent): void }) {
  const { event, left, width } = props;
  const open = useSignal(false);
  const family = eventFamily(event.label);
  return (
    <button
      type="button"
      class={`timeline__marker timeline__marker--${family}`}
      data-testid="timeline-marker"
      data-event-id={event.id}
      data-label={event.label}
      data-family={family}
      style={{ left: `${left}%`, width: `max(3px, ${width}%)` }}
      aria-label={`${event.label} at ${formatWallClock(new Date(event.startedAt))}: play`}
      // The bar under it pans on drag and plays on click: a marker's press is its own.
      onPointerDown={(e) => e.stopPropagation()}
      onClick={(e) => {
        e.stopPropagation();
        props.onPlay(event);
      }}
      onMouseEnter={() => (open.value = true)}
      onMouseLeave={() => (open.value = false)}
      onFocus={() => (open.value = true)}
      onBlur={() => (open.value = false)}
    >
      {open.value && <EventPreview event={event} />}
    </button>
  );
}
