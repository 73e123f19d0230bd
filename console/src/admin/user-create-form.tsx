import { MIN_PASSWORD_LENGTH, type Role, type SiteSummary, type UserRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { FormError } from '../shared/form-error.js';
import { SiteScopePicker } from '../shared/site-scope-picker.js';
import { api } from '../store/api.js';
import { RoleSelect } from './role-select.js';

/** New user: email, initial password, role and (optionally) the sites they may see. */
export function UserCreateForm(props: { sites: readonly SiteSummary[] | undefined; onCreated(user: UserRecord): void }) {
  const email = useSignal('');
  const password = useSignal('');
  const role = useSignal<Role>('viewer');
  const siteIds = useSignal<string[] | null>(null);
  const busy = useSignal(false);
  const error = useSignal<ApiRequestError | null>(null);

  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      const user = await api.createUser({ email: email.value.trim(), password: password.value, role: role.value, siteIds: siteIds.value });
      email.value = '';
      password.value = '';
      role.value = 'viewer';
      siteIds.value = null;
      props.onCreated(user);
    } catch (caught) {
      error.value = toApiError(caught);
    } finally {
      busy.value = false;
    }
  };

  return (
    <form class="panel form-panel" onSubmit={onSubmit} data-testid="user-create-form" aria-labelledby="user-create-title">
      <div class="panel__header">
        <h3 class="panel__title" id="user-create-title">
          Add a user
        </h3>
      </div>
      <div class="form-panel__body">
        <div class="field">
          <label for="user-email">Email</label>
          <input
            id="user-email"
            class="input"
            type="email"
            required
            autocomplete="off"
            value={email.value}
            onInput={(e) => (email.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="user-password">Initial password</label>
          <input
            id="user-password"
            class="input"
            type="password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            autocomplete="new-password"
            value={password.value}
            onInput={(e) => (password.value = e.currentTarget.value)}
          />
          <span class="field__hint">At least {MIN_PASSWORD_LENGTH} characters. Give it to the person over a separate channel.</span>
        </div>
        <div class="field">
          <label for="user-role">Role</label>
          <RoleSelect id="user-role" value={role.value} onChange={(next) => (role.value = next)} />
        </div>
        <SiteScopePicker legend="Sites" value={siteIds.value} onChange={(next) => (siteIds.value = next)} sites={props.sites} />
        <FormError error={error.value} />
        <button type="submit" class="button button--primary" disabled={busy.value} data-testid="user-create-submit">
          {busy.value ? 'Creating…' : 'Create user'}
        </button>
      </div>
    </form>
  );
}
