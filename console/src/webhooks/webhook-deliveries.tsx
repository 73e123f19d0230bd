import type { WebhookDeliveryRecord, WebhookRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { FormError } from '../shared/form-error.js';
import { ResourceTable, type TableColumn } from '../shared/resource-table.js';
import { useResource } from '../shared/use-resource.js';
import { When } from '../shared/when.js';
import { api } from '../store/api.js';
import { WEBHOOK_KIND_NAMES, shownWebhookUrl } from './webhook-draft.js';

/** Delivery log refresh period (ms) while it is shown: attempts are retried within seconds at first. */
export const DELIVERY_REFRESH_MS = 5_000;
/** Deliveries shown, newest first. */
const DELIVERY_LIMIT = 100;

const COLUMNS: readonly TableColumn[] = [
  { label: 'Kind' },
  { label: 'State' },
  { label: 'Attempts' },
  { label: 'Last answer' },
  { label: 'Queued' },
  { label: 'Delivered / next attempt' },
  { label: 'Actions', hidden: true },
];

/**
 * One webhook's delivery log, newest first, refreshed every few seconds
 * while shown: state, attempts, the receiver's last status or the error,
 * and *Replay* (the same id and body, sent again at once).
 */
export function WebhookDeliveries(props: { hook: WebhookRecord; onClose(): void }) {
  const { hook } = props;
  const deliveries = useResource((signal) => api.listDeliveries(hook.id, DELIVERY_LIMIT, signal), [hook.id]);
  const replaying = useSignal<string | null>(null);
  const replayError = useSignal<ApiRequestError | null>(null);
  const notice = useSignal<string | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    // setTimeout after each answer, as the other polls do: a slow cloud never gets overlapping requests.
    const poll = (): void => {
      timer = setTimeout(() => void deliveries.reload().finally(() => !stopped && poll()), DELIVERY_REFRESH_MS);
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [hook.id]);

  const replay = (delivery: WebhookDeliveryRecord): void => {
    replaying.value = delivery.id;
    replayError.value = null;
    notice.value = null;
    api
      .replayDelivery(hook.id, delivery.id)
      .then(() => {
        notice.value = `Delivery ${delivery.id} is sent again.`;
        return deliveries.reload();
      })
      .catch((error: unknown) => (replayError.value = toApiError(error)))
      .finally(() => (replaying.value = null));
  };

  return (
    <section class="panel webhook-log" data-testid="webhook-log" data-webhook-id={hook.id} aria-labelledby="webhook-log-title">
      <div class="panel__header">
        <h3 class="panel__title" id="webhook-log-title">
          Deliveries to {shownWebhookUrl(hook.url)}
        </h3>
        <div class="page-header__actions">
          <button type="button" class="button button--small" onClick={() => void deliveries.reload()} disabled={deliveries.loading.value}>
            Refresh
          </button>
          <button type="button" class="button button--small button--quiet" onClick={props.onClose}>
            Close
          </button>
        </div>
      </div>
      {notice.value !== null && (
        <p class="page-notice" role="status" data-testid="webhook-log-notice">
          {notice.value}
        </p>
      )}
      <FormError error={replayError.value} testId="webhook-replay-error" />
      <ResourceTable
        resource={deliveries}
        testId="delivery-table"
        columns={COLUMNS}
        dense
        messages={{ failed: 'Could not load the deliveries', loading: 'Loading deliveries…', missing: 'No delivery log', empty: 'Nothing sent yet' }}
        row={(delivery) => (
          <tr key={delivery.id} data-testid="delivery-row" data-delivery-id={delivery.id} data-state={delivery.state} data-kind={delivery.kind}>
            <td>
              {WEBHOOK_KIND_NAMES[delivery.kind]}
              <div class="muted mono">{delivery.id}</div>
            </td>
            <td>
              <span class={`delivery-state delivery-state--${delivery.state}`} data-testid="delivery-state">
                {delivery.state}
              </span>
            </td>
            <td data-testid="delivery-attempts">{delivery.attempts}</td>
            <td data-testid="delivery-last">
              {delivery.lastStatus !== null && <span class="mono">HTTP {delivery.lastStatus}</span>}
              {delivery.lastError !== null && <div class="muted">{delivery.lastError}</div>}
              {delivery.lastStatus === null && delivery.lastError === null && <span class="muted">—</span>}
            </td>
            <td>
              <When iso={delivery.createdAt} />
            </td>
            <td>{delivery.deliveredAt !== null ? <When iso={delivery.deliveredAt} /> : <When iso={delivery.nextAttemptAt} />}</td>
            <td class="cell-actions">
              <button type="button" class="button button--small" data-testid="delivery-replay" disabled={replaying.value === delivery.id} onClick={() => replay(delivery)}>
                Replay
              </button>
            </td>
          </tr>
        )}
      />
    </section>
  );
}
