import type { TokenCreateResponse, TokenRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { ConfirmDialog } from '../shared/confirm-dialog.js';
import { ResourcePage } from '../shared/resource-page.js';
import { ResourceTable, type TableColumn } from '../shared/resource-table.js';
import { useResource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { now } from '../store/clock.js';
import { TokenCreateForm } from './token-create-form.js';
import { TokenReveal } from './token-reveal.js';
import { TokenRow } from './token-row.js';

const COLUMNS: readonly TableColumn[] = [
  { label: 'Name' },
  { label: 'Role' },
  { label: 'Sites' },
  { label: 'Created' },
  { label: 'Expires' },
  { label: 'Last used' },
  { label: 'Actions', hidden: true },
];

/** API tokens (token.manage): scripts and integrations call the API with these instead of a password. */
export function TokensPage() {
  const tokens = useResource((signal) => api.listTokens(signal));
  const sites = useResource((signal) => api.listSites(signal));
  // The one place the token value is held, until the operator dismisses it.
  const created = useSignal<TokenCreateResponse | null>(null);
  const revoking = useSignal<TokenRecord | null>(null);
  const notice = useSignal<string | null>(null);

  const nowMs = now.value.getTime();
  return (
    <ResourcePage
      title="API tokens"
      description="Tokens let scripts and integrations call the API. Each has a role and sites no wider than its creator's."
      resource={tokens}
      notice={notice.value}
    >
      {created.value !== null && (
        <TokenReveal
          title={`Token “${created.value.name}” created`}
          token={created.value.token}
          valueLabel="API token value"
          usage={
            <>
              Send it as <code class="mono">Authorization: Bearer &lt;token&gt;</code>.
            </>
          }
          onDone={() => (created.value = null)}
        />
      )}
      <div class="page__columns">
        <ResourceTable
          resource={tokens}
          testId="token-table"
          columns={COLUMNS}
          messages={{ failed: 'Could not load tokens', loading: 'Loading tokens…', missing: 'No token list', empty: 'No tokens yet' }}
          row={(token) => (
            <TokenRow key={token.id} token={token} nowMs={nowMs} sites={sites.data.value} onRevoke={(t) => (revoking.value = t)} />
          )}
        />
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
    </ResourcePage>
  );
}
