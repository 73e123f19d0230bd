import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { EVENT_COLOURS, SEARCH_SORTS, type CameraSummary, type EventColour, type SearchSort } from '@argus/contracts';
import { EVENT_LABEL_CHOICES } from '../events/events-filter.js';
import { Field } from '../shared/field.js';
import { formatWallClock } from '../time-format.js';
import { SEARCH_RANGES, SEARCH_SORT_NAMES, formatSearchPage, splitList, type SearchPageFilter, type SearchRangeId } from './search-filter.js';

/**
 * The Search page's filters: time range, cameras, labels, zones, minimum
 * score, colour, minimum dwell and sort. They are edited as a draft and
 * applied by *Search* (the page puts them in the URL, search-filter.ts), so
 * typing a label does not search on every key.
 */
export function SearchFilters(props: { filter: SearchPageFilter; cameras: readonly CameraSummary[] | null; onApply(filter: SearchPageFilter): void }) {
  const draft = useSignal(props.filter);
  const labelsText = useSignal(props.filter.labels.join(', '));
  const zonesText = useSignal(props.filter.zones.join(', '));
  const key = formatSearchPage(props.filter);
  // A new filter from the URL (Back, a histogram bar) replaces the draft.
  useEffect(() => {
    draft.value = props.filter;
    labelsText.value = props.filter.labels.join(', ');
    zonesText.value = props.filter.zones.join(', ');
  }, [key]);

  const current = draft.value;
  const set = (change: Partial<SearchPageFilter>): void => {
    draft.value = { ...draft.peek(), ...change };
  };
  const number = (text: string): number | undefined => (text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text));
  const cameras = props.cameras ?? [];
  const unknownCameras = current.cameraIds.filter((id) => !cameras.some((c) => c.id === id));
  const rangeChoices: Array<{ id: SearchRangeId; label: string }> = [...SEARCH_RANGES];
  if (current.range === 'custom' && current.from !== undefined && current.to !== undefined) {
    rangeChoices.push({ id: 'custom', label: `${formatWallClock(new Date(current.from)).slice(0, 16)} – ${formatWallClock(new Date(current.to)).slice(11, 16)}` });
  }

  return (
    <form
      class="controls filters search-filters"
      aria-label="Search filters"
      data-testid="search-filters"
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply({ ...draft.peek(), labels: splitList(labelsText.peek()), zones: splitList(zonesText.peek()) });
      }}
    >
      <Field id="search-range" label="When">
        <select
          id="search-range"
          class="input"
          data-testid="search-range"
          value={current.range}
          onChange={(e) => {
            const range = e.currentTarget.value as SearchRangeId;
            set(range === 'custom' ? { range } : { range, from: undefined, to: undefined });
          }}
        >
          {rangeChoices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </select>
      </Field>
      <fieldset class="search-filters__cameras" data-testid="search-cameras">
        <legend>Cameras {current.cameraIds.length === 0 ? '(all)' : ''}</legend>
        {[...cameras.map((c) => ({ id: c.id, name: c.name })), ...unknownCameras.map((id) => ({ id, name: id }))].map((camera) => (
          <label key={camera.id} class="search-filters__camera">
            <input
              type="checkbox"
              data-testid="search-camera"
              data-camera-id={camera.id}
              checked={current.cameraIds.includes(camera.id)}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                const others = draft.peek().cameraIds.filter((id) => id !== camera.id);
                set({ cameraIds: checked ? [...others, camera.id] : others });
              }}
            />
            {camera.name}
          </label>
        ))}
      </fieldset>
      <Field id="search-labels" label="What (labels, comma-separated)">
        <input
          id="search-labels"
          class="input"
          data-testid="search-labels"
          list="search-label-choices"
          placeholder="person, car"
          value={labelsText.value}
          onInput={(e) => (labelsText.value = e.currentTarget.value)}
        />
        <datalist id="search-label-choices">
          {EVENT_LABEL_CHOICES.map((label) => (
            <option key={label} value={label} />
          ))}
        </datalist>
      </Field>
      <Field id="search-zones" label="Zones">
        <input id="search-zones" class="input" data-testid="search-zones" placeholder="any zone" value={zonesText.value} onInput={(e) => (zonesText.value = e.currentTarget.value)} />
      </Field>
      <Field id="search-min-score" label="Min score">
        <input
          id="search-min-score"
          class="input search-filters__number"
          data-testid="search-min-score"
          type="number"
          min={0}
          max={1}
          step={0.05}
          placeholder="0–1"
          value={current.minScore ?? ''}
          onInput={(e) => set({ minScore: number(e.currentTarget.value) })}
        />
      </Field>
      <Field id="search-color" label="Colour">
        <select
          id="search-color"
          class="input"
          data-testid="search-color"
          value={current.color ?? ''}
          onChange={(e) => set({ color: e.currentTarget.value === '' ? undefined : (e.currentTarget.value as EventColour) })}
        >
          <option value="">Any colour</option>
          {EVENT_COLOURS.map((colour) => (
            <option key={colour} value={colour}>
              {colour}
            </option>
          ))}
        </select>
      </Field>
      <Field id="search-min-dwell" label="Stayed at least (s)">
        <input
          id="search-min-dwell"
          class="input search-filters__number"
          data-testid="search-min-dwell"
          type="number"
          min={0}
          step={1}
          value={current.minDwellSeconds ?? ''}
          onInput={(e) => set({ minDwellSeconds: number(e.currentTarget.value) })}
        />
      </Field>
      <Field id="search-sort" label="Sort">
        <select id="search-sort" class="input" data-testid="search-sort" value={current.sort} onChange={(e) => set({ sort: e.currentTarget.value as SearchSort })}>
          {SEARCH_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SEARCH_SORT_NAMES[sort]}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" class="button button--primary" data-testid="search-submit">
        Search
      </button>
    </form>
  );
}
