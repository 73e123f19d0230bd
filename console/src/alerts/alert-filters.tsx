import { ALERT_STATES, type AlertState, type CameraSummary } from '@argus/contracts';
import { Field } from '../shared/field.js';
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
      <Field id="alerts-camera" label="Camera">
        <select
          id="alerts-camera"
          class="input"
          data-testid="alerts-camera"
          value={filter.cameraId ?? ''}
          onChange={(e) => props.onChange({ ...filter, cameraId: e.currentTarget.value === '' ? undefined : e.currentTarget.value })}
        >
          <option value="">All cameras</option>
          {cameras.map((camera) => (
            <option key={camera.id} value={camera.id}>
              {camera.name}
            </option>
          ))}
          {filter.cameraId !== undefined && !cameras.some((c) => c.id === filter.cameraId) && <option value={filter.cameraId}>{filter.cameraId}</option>}
        </select>
      </Field>
      <Field id="alerts-range" label="Event started">
        <select
          id="alerts-range"
          class="input"
          data-testid="alerts-range"
          value={filter.range}
          onChange={(e) => props.onChange({ ...filter, range: e.currentTarget.value as AlertRangeId })}
        >
          {ALERT_RANGES.map((range) => (
            <option key={range.id} value={range.id}>
              {range.label}
            </option>
          ))}
        </select>
      </Field>
    </form>
  );
}
