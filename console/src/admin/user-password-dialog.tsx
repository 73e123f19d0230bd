import { MIN_PASSWORD_LENGTH, type UserRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { ConsoleErrorCode } from '../errors.js';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { FormError } from '../shared/form-error.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { api } from '../store/api.js';

/** Sets a new password for a user (typed twice: nobody sees it again). */
export function UserPasswordDialog(props: { user: UserRecord; onSaved(user: UserRecord): void; onClose(): void }) {
  const password = useSignal('');
  const repeat = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<Pick<ApiRequestError, 'message' | 'code'> | null>(null);

  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (password.value !== repeat.value) {
      error.value = { code: ConsoleErrorCode.PASSWORD_MISMATCH, message: 'The two passwords differ' };
      return;
    }
    busy.value = true;
    error.value = null;
    try {
      props.onSaved(await api.updateUser(props.user.id, { password: password.value }));
    } catch (caught) {
      error.value = toApiError(caught);
      busy.value = false;
    }
  };

  return (
    <ModalDialog title={`New password for ${props.user.email}`} onClose={() => !busy.value && props.onClose()} testId="user-password-dialog">
      <form class="dialog__body" onSubmit={onSubmit}>
        <div class="field">
          <label for="reset-password">New password</label>
          <input
            id="reset-password"
            class="input"
            type="password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            autocomplete="new-password"
            value={password.value}
            onInput={(e) => (password.value = e.currentTarget.value)}
          />
          <span class="field__hint">At least {MIN_PASSWORD_LENGTH} characters.</span>
        </div>
        <div class="field">
          <label for="reset-password-repeat">Repeat it</label>
          <input
            id="reset-password-repeat"
            class="input"
            type="password"
            required
            autocomplete="new-password"
            value={repeat.value}
            onInput={(e) => (repeat.value = e.currentTarget.value)}
          />
        </div>
        <FormError error={error.value} />
        <div class="dialog__actions">
          <button type="button" class="button" onClick={props.onClose} disabled={busy.value}>
            Cancel
          </button>
          <button type="submit" class="button button--primary" disabled={busy.value} data-testid="confirm-button">
            {busy.value ? 'Saving…' : 'Set password'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
