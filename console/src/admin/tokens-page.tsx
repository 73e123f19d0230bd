import type { TokenCreateResponse, TokenRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { ConfirmDialog } from '../shared/confirm-dialog.js';
import { FormError } from '../shared/form-error.js';
import { PageHeader } from '../shared/page-header.js';
import { useResource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { now } from '../store/clock.js';
import { TokenCreateForm } from './token-create-form.js';
import { TokenReveal } from './token-reveal.js';
import { TokenRow } from './token-row.js';

/** API tokens (token.manage): scripts and integrations call the API with these instead of a password. */
export function TokensPage() {
  const tokens = useResource((signal) => api.listTokens(signal));
  const sites = useResource((signal) => api.listSites(signal));
  // The one place the token value is held, until the operator dismisses it.
  const created = useSignal<TokenCreateResponse | null>(null);
  const revoking = useSignal<TokenRecord | null>(null);
  const notice = useSignal<string | null>(null);

  const list = tokens.data.value;
  const nowMs = now.value.getTime();
  return (
    <section class="page" aria-labelledby="page-title">
      <PageHeader
        title="API tokens"
        description="Tokens let scripts and integrations call the API. Each has a role and sites no wider than its creator's."
      >
        <button type="button" class="button" onClick={() => void tokens.reload()} disabled={tokens.loading.value}>
          Refresh
        </button>
      </PageHeader>
      {notice.value !== null && (
        <p class="page-notice" role="status" data-testid="page-notice">
          {notice.value}
        </p>
      )}
      {created.value !== null && <TokenReveal created={created.value} onDone={() => (created.value = null)} />}
      <div class="page__columns">
        <div class="panel table-panel">
          <FormError error={tokens.error.value} message={`Could not load tokens: ${tokens.error.value?.message ?? ''}`} />
          <table class="table" data-testid="token-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Sites</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(list === undefined || list.length === 0) && (
                <tr>
                  <td colSpan={7} class="table__empty">
                    {list !== undefined ? 'No tokens yet' : tokens.loading.value ? 'Loading tokens…' : 'No token list'}
                  </td>
                </tr>
              )}
              {list?.map((token) => (
                <TokenRow key={token.id} token={token} nowMs={nowMs} sites={sites.data.value} onRevoke={(t) => (revoking.value = t)} />
              ))}
            </tbody>
          </table>
        </div>
        <TokenCreateForm
          sites={sites.data.value}
          onCreated={(token) => {
            notice.value = null;
            created.value = token;
            void tokens.reload();
          }}
        />
      </div>
      {revoking.value !== null && (
        <ConfirmDialog
          title={`Revoke “${revoking.value.name}”?`}
          confirmLabel="Revoke token"
          danger
          onConfirm={async () => {
            const token = revoking.peek();
            if (token === null) return;
            await api.deleteToken(token.id);
            notice.value = `Revoked “${token.name}”.`;
            void tokens.reload();
          }}
          onClose={() => (revoking.value = null)}
        >
          <p>Anything still calling the API with it gets 401 from now on. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
