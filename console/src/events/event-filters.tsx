import type { CameraSummary } from '@argus/contracts';
import { Field } from '../shared/field.js';
import { CameraFilter, ChoiceFilter } from '../shared/filter-selects.js';
import { EVENT_LABEL_CHOICES, EVENT_RANGES, type EventRangeId, type EventsFilter } from './events-filter.js';

/**
 * The Events page's filters: camera, label and time range. A change applies
 * at once (the page puts it in the URL, events-filter.ts). A value from a
 * link that the lists do not offer (a camera not loaded yet, a label from a
 * newer edge) is still shown as chosen.
 */
export function EventFilters(props: { filter: EventsFilter; cameras: readonly CameraSummary[] | null; onChange(filter: EventsFilter): void }) {
  const { filter } = props;
  const cameras = props.cameras ?? [];
  const labels = filter.label === undefined || EVENT_LABEL_CHOICES.includes(filter.label) ? EVENT_LABEL_CHOICES : [...EVENT_LABEL_CHOICES, filter.label];
  const blank = (value: string): string | undefined => (value === '' ? undefined : value);
  return (
    <form class="controls filters" aria-label="Event filters" data-testid="event-filters" onSubmit={(e) => e.preventDefault()}>
      <CameraFilter id="events-camera" cameras={cameras} value={filter.cameraId} onChange={(cameraId) => props.onChange({ ...filter, cameraId })} />
      <Field id="events-label" label="What">
        <select
          id="events-label"
          class="input"
          data-testid="events-label"
          value={filter.label ?? ''}
          onChange={(e) => props.onChange({ ...filter, label: blank(e.currentTarget.value) })}
        >
          <option value="">Everything detected</option>
          {labels.map((label) => (
            <option key={label} value={label}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <ChoiceFilter id="events-range" label="When" choices={EVENT_RANGES} value={filter.range} onChange={(range: EventRangeId) => props.onChange({ ...filter, range })} />
    </form>
  );
}
