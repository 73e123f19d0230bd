import type { WebhookRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { ConfirmDialog } from '../shared/confirm-dialog.js';
import { FormError } from '../shared/form-error.js';
import { ResourcePage } from '../shared/resource-page.js';
import { ResourceTable, type TableColumn } from '../shared/resource-table.js';
import { useResource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { WebhookCreateForm } from './webhook-create-form.js';
import { WebhookDeliveries } from './webhook-deliveries.js';
import { shownWebhookUrl } from './webhook-draft.js';
import { WebhookRow, type WebhookAction } from './webhook-row.js';

const COLUMNS: readonly TableColumn[] = [
  { label: 'Receiver' },
  { label: 'Sends' },
  { label: 'State' },
  { label: 'Failures', title: 'Failed attempts in a row; the webhook is disabled after too many' },
  { label: 'Created' },
  { label: 'Actions', hidden: true },
];

/**
 * Webhooks (webhook.manage): receivers the cloud POSTs alerts and events to,
 * signed; enable, disable, delete, and each one's delivery log with replay.
 */
export function WebhooksPage() {
  const hooks = useResource((signal) => api.listWebhooks(signal));
  const selected = useSignal<string | null>(null);
  const deleting = useSignal<WebhookRecord | null>(null);
  const toggling = useSignal<string | null>(null);
  const actionError = useSignal<ApiRequestError | null>(null);
  const notice = useSignal<string | null>(null);

  const onAction = (action: WebhookAction, hook: WebhookRecord): void => {
    notice.value = null;
    actionError.value = null;
    if (action === 'deliveries') selected.value = selected.peek() === hook.id ? null : hook.id;
    else if (action === 'delete') deleting.value = hook;
    else {
      toggling.value = hook.id;
      api
        .updateWebhook(hook.id, { enabled: !hook.enabled })
        .then((changed) => {
          notice.value = changed.enabled ? `${shownWebhookUrl(changed.url)} receives changes again.` : `${shownWebhookUrl(changed.url)} is disabled.`;
          return hooks.reload();
        })
        .catch((error: unknown) => (actionError.value = toApiError(error)))
        .finally(() => (toggling.value = null));
    }
  };

  const shown = hooks.data.value?.find((h) => h.id === selected.value);
  return (
    <ResourcePage
      title="Webhooks"
      description="Receivers the cloud sends alerts and events to, signed with their secret, retried until they answer."
      resource={hooks}
      notice={notice.value}
    >
      <FormError error={actionError.value} testId="webhook-action-error" />
      <div class="page__columns">
        <ResourceTable
          resource={hooks}
          testId="webhook-table"
          columns={COLUMNS}
          messages={{ failed: 'Could not load webhooks', loading: 'Loading webhooks…', missing: 'No webhook list', empty: 'No webhooks yet' }}
          row={(hook) => <WebhookRow key={hook.id} hook={hook} selected={hook.id === selected.value} busy={toggling.value === hook.id} onAction={onAction} />}
        />
        <WebhookCreateForm
          onCreated={(hook) => {
            notice.value = `Added ${shownWebhookUrl(hook.url)}.`;
            selected.value = hook.id;
            void hooks.reload();
          }}
        />
      </div>
      {shown !== undefined && <WebhookDeliveries key={shown.id} hook={shown} onClose={() => (selected.value = null)} />}
      {deleting.value !== null && (
        <ConfirmDialog
          title={`Delete the webhook to ${shownWebhookUrl(deleting.value.url)}?`}
          confirmLabel="Delete webhook"
          danger
          onConfirm={async () => {
            const hook = deleting.peek();
            if (hook === null) return;
            await api.deleteWebhook(hook.id);
            if (selected.peek() === hook.id) selected.value = null;
            notice.value = `Deleted the webhook to ${shownWebhookUrl(hook.url)}.`;
            void hooks.reload();
          }}
          onClose={() => (deleting.value = null)}
        >
          <p>Nothing more is sent to it, and deliveries still queued for it are dropped.</p>
        </ConfirmDialog>
      )}
    </ResourcePage>
  );
}
