/**
 * A dialog's footer: Cancel, and the action. The action submits the dialog's
 * form, or runs `onConfirm` when the dialog has no form. Both are disabled
 * while the action runs.
 */
export function DialogActions(props: {
  label: string;
  busyLabel: string;
  busy: boolean;
  onCancel(): void;
  onConfirm?: () => void;
  disabled?: boolean;
  danger?: boolean;
}) {
  return (
    <div class="dialog__actions">
      <button type="button" class="button" onClick={props.onCancel} disabled={props.busy}>
        Cancel
      </button>
      <button
        type={props.onConfirm === undefined ? 'submit' : 'button'}
        class={props.danger === true ? 'button button--danger' : 'button button--primary'}
        onClick={props.onConfirm}
        disabled={props.busy || props.disabled === true}
        data-testid="confirm-button"
      >
        {props.busy ? props.busyLabel : props.label}
      </button>
    </div>
  );
}
