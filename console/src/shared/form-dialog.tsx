import type { ComponentChildren } from 'preact';
import { DialogActions } from './dialog-actions.js';
import { FormError } from './form-error.js';
import { ModalDialog } from './modal-dialog.js';
import type { Submission } from './use-submission.js';

/**
 * A modal around one form that saves something: its fields, the API's
 * refusal, Cancel and the save button. Neither Cancel nor Escape closes it
 * while the save runs.
 */
export function FormDialog(props: {
  title: string;
  testId: string;
  submission: Submission;
  onSubmit(event: Event): void;
  submitLabel: string;
  canSubmit?: boolean;
  onClose(): void;
  children: ComponentChildren;
}) {
  const { busy, error } = props.submission;
  return (
    <ModalDialog title={props.title} onClose={() => !busy.value && props.onClose()} testId={props.testId}>
      <form class="dialog__body" onSubmit={props.onSubmit}>
        {props.children}
        <FormError error={error.value} />
        <DialogActions
          label={props.submitLabel}
          busyLabel="Saving…"
          busy={busy.value}
          onCancel={props.onClose}
          disabled={props.canSubmit === false}
        />
      </form>
    </ModalDialog>
  );
}
