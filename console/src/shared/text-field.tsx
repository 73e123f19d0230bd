import type { Signal } from '@preact/signals';
import type { JSX, LooseInputHTMLAttributes } from 'preact';
import { Field } from './field.js';

/** The input attributes a text field passes through as they are. */
type InputAttributes = Pick<
  LooseInputHTMLAttributes<HTMLInputElement>,
  'required' | 'minLength' | 'maxLength' | 'autocomplete' | 'autoFocus' | 'name' | 'placeholder' | 'title' | 'step'
>;

/** A labelled text input (free text, email, password, date and time) that reads and writes a string signal. */
export function TextField({
  id,
  label,
  hint,
  value,
  type,
  testId,
  ...input
}: InputAttributes & {
  id: string;
  label: string;
  hint?: string;
  value: Signal<string>;
  type?: 'email' | 'password' | 'datetime-local';
  testId?: string;
}) {
  const attributes: LooseInputHTMLAttributes<HTMLInputElement> = {
    ...input,
    id,
    class: 'input',
    type,
    value: value.value,
    onInput: (event) => (value.value = event.currentTarget.value),
  };
  // Preact types <input> as a union over `type` (which ARIA roles each type
  // may take); none is set here, so every type above is valid.
  return (
    <Field id={id} label={label} hint={hint}>
      <input {...(attributes as JSX.IntrinsicElements['input'])} data-testid={testId} />
    </Field>
  );
}
