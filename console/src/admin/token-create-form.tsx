import { DEFAULT_TOKEN_TTL_MS, TokenCreateBody, roleWithin, sitesWithin, type Role, type SiteSummary, type TokenCreateResponse } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { FormError } from '../shared/form-error.js';
import { SiteScopePicker } from '../shared/site-scope-picker.js';
import { api } from '../store/api.js';
import { me } from '../store/session.js';
import { RoleSelect } from './role-select.js';
import { TOKEN_LIFETIMES } from './token-lifetimes.js';

/** Longest name the API takes, read from its schema. */
const NAME_MAX_LENGTH = (TokenCreateBody.properties.name as unknown as { maxLength: number }).maxLength;

/**
 * New API token: a name, a role and sites no wider than one's own (the cloud
 * refuses more with CLD_ERR_ROLE_TOO_HIGH), and a lifetime.
 */
export function TokenCreateForm(props: { sites: readonly SiteSummary[] | undefined; onCreated(token: TokenCreateResponse): void }) {
  const identity = me.value;
  const myRole: Role = identity?.user.role ?? 'viewer';
  const mySites = identity?.user.siteIds ?? null;
  const name = useSignal('');
  const role = useSignal<Role>(myRole);
  const siteIds = useSignal<string[] | null>(mySites === null ? null : [...mySites]);
  const lifetimeMs = useSignal(DEFAULT_TOKEN_TTL_MS);
  const busy = useSignal(false);
  const error = useSignal<ApiRequestError | null>(null);

  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      const created = await api.createToken({
        name: name.value.trim(),
        role: role.value,
        siteIds: siteIds.value,
        expiresAt: new Date(Date.now() + lifetimeMs.value).toISOString(),
      });
      name.value = '';
      props.onCreated(created);
    } catch (caught) {
      error.value = toApiError(caught);
    } finally {
      busy.value = false;
    }
  };

  const scopeOk = sitesWithin(siteIds.value, mySites);
  return (
    <form class="panel form-panel" onSubmit={onSubmit} data-testid="token-create-form" aria-labelledby="token-create-title">
      <div class="panel__header">
        <h3 class="panel__title" id="token-create-title">
          Create a token
        </h3>
      </div>
      <div class="form-panel__body">
        <div class="field">
          <label for="token-name">Name</label>
          <input
            id="token-name"
            class="input"
            required
            maxLength={NAME_MAX_LENGTH}
            placeholder="e.g. VMS bridge, night-shift script"
            value={name.value}
            onInput={(e) => (name.value = e.currentTarget.value)}
          />
          <span class="field__hint">What uses it, so it can be revoked knowingly later.</span>
        </div>
        <div class="field">
          <label for="token-role">Role</label>
          <RoleSelect id="token-role" value={role.value} onChange={(next) => (role.value = next)} allowed={(r) => roleWithin(r, myRole)} />
        </div>
        <SiteScopePicker legend="Sites" value={siteIds.value} onChange={(next) => (siteIds.value = next)} sites={props.sites} within={mySites} />
        <div class="field">
          <label for="token-lifetime">Expires after</label>
          <select id="token-lifetime" class="input" value={String(lifetimeMs.value)} onChange={(e) => (lifetimeMs.value = Number(e.currentTarget.value))}>
            {TOKEN_LIFETIMES.map((lifetime) => (
              <option key={lifetime.ms} value={String(lifetime.ms)}>
                {lifetime.label}
              </option>
            ))}
          </select>
        </div>
        <FormError error={error.value} />
        <button type="submit" class="button button--primary" disabled={busy.value || !scopeOk} data-testid="token-create-submit">
          {busy.value ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}
