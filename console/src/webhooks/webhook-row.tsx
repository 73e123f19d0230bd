import type { WebhookRecord } from '@argus/contracts';
import { When } from '../shared/when.js';
import { WEBHOOK_KIND_NAMES, shownWebhookUrl } from './webhook-draft.js';

export type WebhookAction = 'deliveries' | 'toggle' | 'delete';

/** One webhook: where it sends, what, whether it is on (and why not), its failures in a row. */
export function WebhookRow(props: { hook: WebhookRecord; selected: boolean; busy: boolean; onAction(action: WebhookAction, hook: WebhookRecord): void }) {
  const { hook } = props;
  return (
    <tr data-testid="webhook-row" data-webhook-id={hook.id} data-enabled={String(hook.enabled)} aria-selected={props.selected}>
      <td>
        <span class="cell-strong mono" data-testid="webhook-row-url">
          {shownWebhookUrl(hook.url)}
        </span>
        <div class="muted">by {hook.createdBy}</div>
      </td>
      <td>{hook.kinds.map((k) => WEBHOOK_KIND_NAMES[k]).join(', ')}</td>
      <td data-testid="webhook-state">
        {hook.enabled ? <span class="badge badge--online">enabled</span> : <span class="badge badge--never">disabled</span>}
        {hook.disabledReason !== null && <div class="muted">{hook.disabledReason}</div>}
      </td>
      <td data-testid="webhook-failures" title="Failed attempts in a row, with no success between">
        {hook.consecutiveFailures}
      </td>
      <td>
        <When iso={hook.createdAt} />
      </td>
      <td class="cell-actions">
        <button type="button" class="button button--small" data-testid="webhook-deliveries" aria-pressed={props.selected} onClick={() => props.onAction('deliveries', hook)}>
          Deliveries
        </button>
        <button type="button" class="button button--small" data-testid="webhook-toggle" disabled={props.busy} onClick={() => props.onAction('toggle', hook)}>
          {hook.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" class="button button--small button--danger-quiet" data-testid="webhook-delete" onClick={() => props.onAction('delete', hook)}>
          Delete
        </button>
      </td>
    </tr>
  );
}
