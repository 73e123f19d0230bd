import { MIN_PASSWORD_LENGTH, type UserRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { ApiRequestError } from '../api/api-client.js';
import { ConsoleErrorCode } from '../errors.js';
import { FormDialog } from '../shared/form-dialog.js';
import { TextField } from '../shared/text-field.js';
import { useSubmission } from '../shared/use-submission.js';
import { api } from '../store/api.js';

/** Sets a new password for a user (typed twice: nobody sees it again). */
export function UserPasswordDialog(props: { user: UserRecord; onSaved(user: UserRecord): void; onClose(): void }) {
  const password = useSignal('');
  const repeat = useSignal('');
  const save = useSubmission(async () => props.onSaved(await api.updateUser(props.user.id, { password: password.value })));

  const onSubmit = (event: Event): void => {
    if (password.value === repeat.value) {
      void save.submit(event);
      return;
    }
    event.preventDefault();
    save.error.value = new ApiRequestError({ status: 0, code: ConsoleErrorCode.PASSWORD_MISMATCH, message: 'The two passwords differ' });
  };

  return (
    <FormDialog
      title={`New password for ${props.user.email}`}
      testId="user-password-dialog"
      submission={save}
      onSubmit={onSubmit}
      submitLabel="Set password"
      onClose={props.onClose}
    >
      <TextField
        id="reset-password"
        label="New password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        type="password"
        value={password}
        required
        minLength={MIN_PASSWORD_LENGTH}
        autocomplete="new-password"
      />
      <TextField id="reset-password-repeat" label="Repeat it" type="password" value={repeat} required autocomplete="new-password" />
    </FormDialog>
  );
}
