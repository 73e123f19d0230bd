import type { ComponentChildren } from 'preact';
import { DialogActions } from './dialog-actions.js';
import { FormError } from './form-error.js';
import { ModalDialog } from './modal-dialog.js';
import { useSubmission } from './use-submission.js';

/**
 * "Are you sure?" for a change that cannot be undone from here (delete,
 * revoke). The action runs from the dialog, which stays open with the API's
 * error when it fails, and closes when it succeeds.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): Promise<void>;
  onClose(): void;
}) {
  const confirm = useSubmission(async () => {
    await props.onConfirm();
    props.onClose();
  });

  return (
    <ModalDialog title={props.title} onClose={() => !confirm.busy.value && props.onClose()} testId="confirm-dialog">
      <div class="dialog__body">{props.children}</div>
      <FormError error={confirm.error.value} />
      <DialogActions
        label={props.confirmLabel}
        busyLabel="Working…"
        busy={confirm.busy.value}
        onCancel={props.onClose}
        onConfirm={() => void confirm.submit()}
        danger={props.danger === true}
      />
    </ModalDialog>
  );
}
