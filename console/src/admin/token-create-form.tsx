import { DEFAULT_TOKEN_TTL_MS, TokenCreateBody, roleWithin, sitesWithin, type Role, type SiteSummary, type TokenCreateResponse } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { Field } from '../shared/field.js';
import { FormPanel } from '../shared/form-panel.js';
import { SiteScopePicker } from '../shared/site-scope-picker.js';
import { TextField } from '../shared/text-field.js';
import { useSubmission } from '../shared/use-submission.js';
import { api } from '../store/api.js';
import { me } from '../store/session.js';
import { RoleField } from './role-field.js';
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

  const create = useSubmission(async () => {
    const created = await api.createToken({
      name: name.value.trim(),
      role: role.value,
      siteIds: siteIds.value,
      expiresAt: new Date(Date.now() + lifetimeMs.value).toISOString(),
    });
    name.value = '';
    props.onCreated(created);
  });

  return (
    <FormPanel
      name="token-create"
      title="Create a token"
      submission={create}
      submitLabel="Create token"
      busyLabel="Creating…"
      canSubmit={sitesWithin(siteIds.value, mySites)}
    >
      <TextField
        id="token-name"
        label="Name"
        hint="What uses it, so it can be revoked knowingly later."
        value={name}
        required
        maxLength={NAME_MAX_LENGTH}
        placeholder="e.g. VMS bridge, night-shift script"
      />
      <RoleField id="token-role" value={role.value} onChange={(next) => (role.value = next)} allowed={(r) => roleWithin(r, myRole)} />
      <SiteScopePicker legend="Sites" value={siteIds.value} onChange={(next) => (siteIds.value = next)} sites={props.sites} within={mySites} />
      <Field id="token-lifetime" label="Expires after">
        <select id="token-lifetime" class="input" value={String(lifetimeMs.value)} onChange={(e) => (lifetimeMs.value = Number(e.currentTarget.value))}>
          {TOKEN_LIFETIMES.map((lifetime) => (
            <option key={lifetime.ms} value={String(lifetime.ms)}>
              {lifetime.label}
            </option>
          ))}
        </select>
      </Field>
    </FormPanel>
  );
}
