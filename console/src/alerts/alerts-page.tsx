import { computed, useSignal } from '@preact/signals';
import type { AlertRecord } from '@argus/contracts';
import { useEffect } from 'preact/hooks';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { FormError } from '../shared/form-error.js';
import { PageHeader } from '../shared/page-header.js';
import { api } from '../store/api.js';
import { cameras, startCameraPolling } from '../store/cameras.js';
import { currentLocation, navigate } from '../store/router.js';
import { can, me } from '../store/session.js';
import { AlertFilters } from './alert-filters.js';
import { AlertNoteDialog } from './alert-note-dialog.js';
import { AlertRow, type AlertAction } from './alert-row.js';
import { formatAlertsSearch, parseAlertsSearch } from './alerts-filter.js';
import { LiveIndicator } from './live-indicator.js';
import { NotificationToggle } from './notification-toggle.js';
import { useAlertList } from './use-alert-list.js';

const alertsFilter = computed(() => parseAlertsSearch(currentLocation.value.search));

/**
 * Alerts (camera.view): the inbox of what the rules raised, newest first,
 * filtered by state, camera and time range (in the URL), kept live by the
 * stream. Those who may handle alerts (alert.handle) acknowledge and resolve
 * them with a note and take them on; everyone can play the recording from a
 * few seconds before the event.
 */
export function AlertsPage() {
  useEffect(() => startCameraPolling(), []);
  const filter = alertsFilter.value;
  const list = useAlertList(filter);
  const dialog = useSignal<{ action: 'acknowledge' | 'resolve'; alert: AlertRecord } | null>(null);
  const actionError = useSignal<ApiRequestError | null>(null);
  const assigning = useSignal<string | null>(null);
  const canHandle = can('alert.handle');
  const myEmail = me.value?.user.email;
  const names = new Map((cameras.value ?? []).map((c) => [c.id, c.name]));
  const alerts = list.alerts.value;
  const loading = list.loading.value;

  const onAction = (action: AlertAction, alert: AlertRecord): void => {
    actionError.value = null;
    if (action !== 'assign') {
      dialog.value = { action, alert };
      return;
    }
    if (myEmail === undefined) return;
    assigning.value = alert.id;
    api
      .assignAlert(alert.id, myEmail)
      .then((changed) => list.apply(changed))
      .catch((error: unknown) => (actionError.value = toApiError(error)))
      .finally(() => (assigning.value = null));
  };

  const open = dialog.value;
  return (
    <section class="page" aria-labelledby="page-title" data-testid="alerts-page">
      <PageHeader title="Alerts" description="What the rules raised, newest first, as it happens. Click a snapshot to play it from a few seconds before.">
        <LiveIndicator />
        <NotificationToggle />
        <button type="button" class="button" data-testid="alerts-refresh" onClick={() => void list.reload()} disabled={loading}>
          Refresh
        </button>
      </PageHeader>
      <AlertFilters filter={filter} cameras={cameras.value} onChange={(next) => navigate(`/alerts${formatAlertsSearch(next)}`, { replace: true })} />
      <FormError error={list.error.value} message={`Could not load the alerts: ${list.error.value?.message ?? ''}`} testId="alerts-error" />
      <FormError error={actionError.value} testId="alert-action-error" />
      {alerts === undefined ? (
        <p class="muted" data-testid="alerts-loading">{loading ? 'Loading…' : ''}</p>
      ) : alerts.length === 0 ? (
        <p class="muted" data-testid="alerts-empty">No alerts match these filters.</p>
      ) : (
        <ul class="alert-list" data-testid="alert-list">
          {alerts.map((alert) => (
            <AlertRow
              key={alert.id}
              alert={alert}
              cameraName={alert.cameraId === null ? undefined : names.get(alert.cameraId)}
              myEmail={myEmail}
              canHandle={canHandle}
              busy={assigning.value === alert.id}
              onAction={onAction}
            />
          ))}
        </ul>
      )}
      {alerts !== undefined && alerts.length > 0 && (
        <p class="muted alert-list__footer" data-testid="alerts-count">
          {alerts.length} {alerts.length === 1 ? 'alert' : 'alerts'}
          {list.truncated.value ? ' (the newest; narrow the filters to see older ones)' : ''}
        </p>
      )}
      {open !== null && (
        <AlertNoteDialog
          alert={open.alert}
          action={open.action}
          cameraName={(open.alert.cameraId === null ? undefined : names.get(open.alert.cameraId)) ?? open.alert.cameraId ?? 'no camera'}
          onDone={(changed) => {
            list.apply(changed);
            dialog.value = null;
          }}
          onClose={() => (dialog.value = null)}
        />
      )}
    </section>
  );
}
