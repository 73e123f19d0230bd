import type { CameraSummary } from '@argus/contracts';
import { Field } from './field.js';

/**
 * The selects the list pages' filter bars share (Events, Alerts): a camera
 * (or all), and one choice among a fixed list. A value from a link that the
 * list does not hold (a camera not loaded yet) is still shown as chosen.
 */
export function CameraFilter(props: { id: string; cameras: readonly CameraSummary[]; value: string | undefined; onChange(cameraId: string | undefined): void }) {
  const { id, cameras, value } = props;
  return (
    <Field id={id} label="Camera">
      <select id={id} class="input" data-testid={id} value={value ?? ''} onChange={(e) => props.onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}>
        <option value="">All cameras</option>
        {cameras.map((camera) => (
          <option key={camera.id} value={camera.id}>
            {camera.name}
          </option>
        ))}
        {value !== undefined && !cameras.some((c) => c.id === value) && <option value={value}>{value}</option>}
      </select>
    </Field>
  );
}

export function ChoiceFilter<T extends string>(props: { id: string; label: string; choices: ReadonlyArray<{ readonly id: T; readonly label: string }>; value: T; onChange(value: T): void }) {
  const { id } = props;
  return (
    <Field id={id} label={props.label}>
      <select id={id} class="input" data-testid={id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
        {props.choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
