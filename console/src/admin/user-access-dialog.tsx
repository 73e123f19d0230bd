import type { Role, SiteSummary, UserPatchBody, UserRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { FormError } from '../shared/form-error.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { SiteScopePicker } from '../shared/site-scope-picker.js';
import { api } from '../store/api.js';
import { RoleSelect } from './role-select.js';

const sameScope = (a: readonly string[] | null, b: readonly string[] | null): boolean =>
  a === null || b === null ? a === b : a.length === b.length && a.every((id) => b.includes(id));

/** Changes a user's role and sites; the cloud refuses to leave the organisation without an admin. */
export function UserAccessDialog(props: {
  user: UserRecord;
  isSelf: boolean;
  sites: readonly SiteSummary[] | undefined;
  onSaved(user: UserRecord): void;
  onClose(): void;
}) {
  const role = useSignal<Role>(props.user.role);
  const siteIds = useSignal<string[] | null>(props.user.siteIds === null ? null : [...props.user.siteIds]);
  const busy = useSignal(false);
  const error = useSignal<ApiRequestError | null>(null);

  const patch: UserPatchBody = {};
  if (role.value !== props.user.role) patch.role = role.value;
  if (!sameScope(siteIds.value, props.user.siteIds)) patch.siteIds = siteIds.value;
  const changed = Object.keys(patch).length > 0;
  const demotingSelf = props.isSelf && patch.role !== undefined && props.user.role === 'admin';

  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!changed) return props.onClose();
    busy.value = true;
    error.value = null;
    try {
      props.onSaved(await api.updateUser(props.user.id, patch));
    } catch (caught) {
      error.value = toApiError(caught);
      busy.value = false;
    }
  };

  return (
    <ModalDialog title={`Access of ${props.user.email}`} onClose={() => !busy.value && props.onClose()} testId="user-access-dialog">
      <form class="dialog__body" onSubmit={onSubmit}>
        <div class="field">
          <label for="access-role">Role</label>
          <RoleSelect id="access-role" value={role.value} onChange={(next) => (role.value = next)} disabled={busy.value} />
        </div>
        <SiteScopePicker
          legend="Sites"
          value={siteIds.value}
          onChange={(next) => (siteIds.value = next)}
          sites={props.sites}
          disabled={busy.value}
        />
        {patch.role !== undefined && (
          <p class="callout" data-testid="role-change-summary">
            Role changes from <strong>{props.user.role}</strong> to <strong>{patch.role}</strong>
            {demotingSelf ? ': you lose the admin screens as soon as you save.' : '.'}
          </p>
        )}
        <FormError error={error.value} />
        <div class="dialog__actions">
          <button type="button" class="button" onClick={props.onClose} disabled={busy.value}>
            Cancel
          </button>
          <button type="submit" class="button button--primary" disabled={busy.value || !changed} data-testid="confirm-button">
            {busy.value ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
