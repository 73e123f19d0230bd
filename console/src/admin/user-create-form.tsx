import { MIN_PASSWORD_LENGTH, type Role, type SiteSummary, type UserRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { FormPanel } from '../shared/form-panel.js';
import { SiteScopePicker } from '../shared/site-scope-picker.js';
import { TextField } from '../shared/text-field.js';
import { useSubmission } from '../shared/use-submission.js';
import { api } from '../store/api.js';
import { RoleField } from './role-field.js';

/** New user: email, initial password, role and (optionally) the sites they may see. */
export function UserCreateForm(props: { sites: readonly SiteSummary[] | undefined; onCreated(user: UserRecord): void }) {
  const email = useSignal('');
  const password = useSignal('');
  const role = useSignal<Role>('viewer');
  const siteIds = useSignal<string[] | null>(null);

  const create = useSubmission(async () => {
    const user = await api.createUser({ email: email.value.trim(), password: password.value, role: role.value, siteIds: siteIds.value });
    email.value = '';
    password.value = '';
    role.value = 'viewer';
    siteIds.value = null;
    props.onCreated(user);
  });

  return (
    <FormPanel name="user-create" title="Add a user" submission={create} submitLabel="Create user" busyLabel="Creating…">
      <TextField id="user-email" label="Email" type="email" value={email} required autocomplete="off" />
      <TextField
        id="user-password"
        label="Initial password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Give it to the person over a separate channel.`}
        type="password"
        value={password}
        required
        minLength={MIN_PASSWORD_LENGTH}
        autocomplete="new-password"
      />
      <RoleField id="user-role" value={role.value} onChange={(next) => (role.value = next)} />
      <SiteScopePicker legend="Sites" value={siteIds.value} onChange={(next) => (siteIds.value = next)} sites={props.sites} />
    </FormPanel>
  );
}
