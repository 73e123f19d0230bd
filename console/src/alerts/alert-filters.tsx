import { ALERT_STATES, type AlertState, type CameraSummary } from '@argus/contracts';
import { Field } from '../shared/field.js';
import { CameraFilter, ChoiceFilter } from '../shared/filter-selects.js';
import { ALERT_RANGES, ALERT_STATE_NAMES, type AlertRangeId, type AlertsFilter } from './alerts-filter.js';

/**
 * The inbox's filters: state, camera and time range. A change applies at
 * once (the page puts it in the URL, alerts-filter.ts). A camera from a link
 * that the list does not hold (not loaded yet) is still shown as chosen.
 */
export function AlertFilters(props: { filter: AlertsFilter; cameras: readonly CameraSummary[] | null; onChange(filter: AlertsFilter): void }) {
  const { filter } = props;
  const cameras = props.cameras ?? [];
  return (
    <form class="controls filters" aria-label="Alert filters" data-testid="alert-filters" onSubmit={(e) => e.preventDefault()}>
      <Field id="alerts-state" label="State">
        <select
          id="alerts-state"
          class="input"
          data-testid="alerts-state"
          value={filter.state ?? ''}
          onChange={(e) => {
            const value = e.currentTarget.value;
            props.onChange({ ...filter, state: value === '' ? undefined : (value as AlertState) });
          }}
        >
          <option value="">Every state</option>
          {ALERT_STATES.map((state) => (
            <option key={state} value={state}>
              {ALERT_STATE_NAMES[state]}
            </option>
          ))}
        </select>
      </Field>
      <CameraFilter id="alerts-camera" cameras={cameras} value={filter.cameraId} onChange={(cameraId) => props.onChange({ ...filter, cameraId })} />
      <ChoiceFilter id="alerts-range" label="Event started" choices={ALERT_RANGES} value={filter.range} onChange={(range: AlertRangeId) => props.onChange({ ...filter, range })} />
    </form>
  );
}
