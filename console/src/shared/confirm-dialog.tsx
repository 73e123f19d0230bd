import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { FormError } from './form-error.js';
import { ModalDialog } from './modal-dialog.js';

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
  const busy = useSignal(false);
  const error = useSignal<ApiRequestError | null>(null);

  const confirm = async (): Promise<void> => {
    busy.value = true;
    error.value = null;
    try {
      await props.onConfirm();
      props.onClose();
    } catch (caught) {
      error.value = toApiError(caught);
      busy.value = false;
    }
  };

  return (
    <ModalDialog title={props.title} onClose={() => !busy.value && props.onClose()} testId="confirm-dialog">
      <div class="dialog__body">{props.children}</div>
      <FormError error={error.value} />
      <div class="dialog__actions">
        <button type="button" class="button" onClick={props.onClose} disabled={busy.value}>
          Cancel
        </button>
        <button
          type="button"
          class={props.danger === true ? 'button button--danger' : 'button button--primary'}
          onClick={confirm}
          disabled={busy.value}
          data-testid="confirm-button"
        >
          {busy.value ? 'Working…' : props.confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
