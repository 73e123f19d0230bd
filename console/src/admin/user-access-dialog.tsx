import type { Role, SiteSummary, UserPatchBody, UserRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { FormDialog } from '../shared/form-dialog.js';
import { SiteScopePicker } from '../shared/site-scope-picker.js';
import { useSubmission } from '../shared/use-submission.js';
import { api } from '../store/api.js';
import { RoleField } from './role-field.js';

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

  const patch: UserPatchBody = {};
  if (role.value !== props.user.role) patch.role = role.value;
  if (!sameScope(siteIds.value, props.user.siteIds)) patch.siteIds = siteIds.value;
  const changed = Object.keys(patch).length > 0;
  const demotingSelf = props.isSelf && patch.role !== undefined && props.user.role === 'admin';

  const save = useSubmission(async () => props.onSaved(await api.updateUser(props.user.id, patch)));
  const onSubmit = (event: Event): void => {
    if (changed) {
      void save.submit(event);
      return;
    }
    event.preventDefault();
    props.onClose();
  };

  const busy = save.busy.value;
  return (
    <FormDialog
      title={`Access of ${props.user.email}`}
      testId="user-access-dialog"
      submission={save}
      onSubmit={onSubmit}
      submitLabel="Save changes"
      canSubmit={changed}
      onClose={props.onClose}
    >
      <RoleField id="access-role" value={role.value} onChange={(next) => (role.value = next)} disabled={busy} />
      <SiteScopePicker legend="Sites" value={siteIds.value} onChange={(next) => (siteIds.value = next)} sites={props.sites} disabled={busy} />
      {patch.role !== undefined && (
        <p class="callout" data-testid="role-change-summary">
          Role changes from <strong>{props.user.role}</strong> to <strong>{patch.role}</strong>
          {demotingSelf ? ': you lose the admin screens as soon as you save.' : '.'}
        </p>
      )}
    </FormDialog>
  );
}
