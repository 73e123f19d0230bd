import type { ComponentChildren } from 'preact';

/** A form control with its label above and an optional hint below; `id` is the control's. */
export function Field(props: { id: string; label: string; hint?: string | undefined; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint !== undefined && <span class="field__hint">{props.hint}</span>}
    </div>
  );
}
