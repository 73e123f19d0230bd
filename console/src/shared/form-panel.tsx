import type { ComponentChildren } from 'preact';
import { FormError } from './form-error.js';
import type { Submission } from './use-submission.js';

/**
 * A form in a panel beside a list (add a user, create a token): a title, its
 * fields, the API's refusal and one submit button. `name` prefixes the ids and
 * test ids (`<name>-form`, `<name>-title`, `<name>-submit`).
 */
export function FormPanel(props: {
  name: string;
  title: string;
  submission: Submission;
  submitLabel: string;
  busyLabel: string;
  canSubmit?: boolean;
  children: ComponentChildren;
}) {
  const { busy, error, submit } = props.submission;
  const titleId = `${props.name}-title`;
  return (
    <form class="panel form-panel" onSubmit={submit} data-testid={`${props.name}-form`} aria-labelledby={titleId}>
      <div class="panel__header">
        <h3 class="panel__title" id={titleId}>
          {props.title}
        </h3>
      </div>
      <div class="form-panel__body">
        {props.children}
        <FormError error={error.value} />
        <button
          type="submit"
          class="button button--primary"
          disabled={busy.value || props.canSubmit === false}
          data-testid={`${props.name}-submit`}
        >
          {busy.value ? props.busyLabel : props.submitLabel}
        </button>
      </div>
    </form>
  );
}
