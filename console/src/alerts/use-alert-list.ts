import { useSignal, type Signal } from '@preact/signals';
import type { AlertRecord } from '@argus/contracts';
import { useEffect, useRef } from 'preact/hooks';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { api } from '../store/api.js';
import { onLive, onLiveGap } from '../store/live.js';
import { INBOX_LIMIT, applyAlert, type AlertMatch } from './alert-list.js';
import { alertRangeMs, formatAlertsSearch, type AlertsFilter } from './alerts-filter.js';

export interface AlertList {
  /** The inbox, newest first; undefined until the first answer (and after the filter changes). */
  readonly alerts: Signal<readonly AlertRecord[] | undefined>;
  /** Whether the last answer was a full page (older alerts exist beyond it). */
  readonly truncated: Signal<boolean>;
  readonly error: Signal<ApiRequestError | null>;
  readonly loading: Signal<boolean>;
  /** Loads again up to now. */
  reload(): Promise<void>;
  /** Applies an alert an action returned, before its stream message arrives. */
  apply(alert: AlertRecord): void;
}

/**
 * The inbox for a filter: GET /api/alerts on mount and on each change of
 * filter, then kept live from the stream's `alert` messages (alert-list.ts).
 * Messages that arrive while a load is in flight are applied once it lands,
 * so an alert opened meanwhile is not lost; the list loads again when the
 * stream may have missed messages (a fresh connection, a resync).
 */
export function useAlertList(filter: AlertsFilter): AlertList {
  const alerts = useSignal<readonly AlertRecord[] | undefined>(undefined);
  const truncated = useSignal(false);
  const error = useSignal<ApiRequestError | null>(null);
  const loading = useSignal(true);
  const inFlight = useRef<AbortController | null>(null);
  const match = useRef<AlertMatch>({ state: filter.state, cameraId: filter.cameraId, fromMs: 0 });
  const pending = useRef<AlertRecord[] | null>(null);
  const key = formatAlertsSearch(filter);

  const load = async (reset: boolean): Promise<void> => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    loading.value = true;
    match.current = { state: filter.state, cameraId: filter.cameraId, fromMs: Date.now() - alertRangeMs(filter.range) };
    if (reset) alerts.value = undefined;
    pending.current = [];
    try {
      const answer = await api.listAlerts(
        { state: filter.state, cameraId: filter.cameraId, from: new Date(match.current.fromMs), limit: INBOX_LIMIT },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      alerts.value = (pending.current ?? []).reduce((list, alert) => applyAlert(list, alert, match.current), answer as readonly AlertRecord[]);
      truncated.value = answer.length >= INBOX_LIMIT;
      error.value = null;
    } catch (caught) {
      if (controller.signal.aborted) return;
      error.value = toApiError(caught);
    } finally {
      if (inFlight.current === controller) {
        loading.value = false;
        pending.current = null;
      }
    }
  };

  const apply = (alert: AlertRecord): void => {
    pending.current?.push(alert);
    const list = alerts.peek();
    if (list !== undefined) alerts.value = applyAlert(list, alert, match.current);
  };

  useEffect(() => {
    void load(true);
    const offAlert = onLive('alert', apply);
    const offGap = onLiveGap(() => void load(false));
    return () => {
      inFlight.current?.abort();
      offAlert();
      offGap();
    };
  }, [key]);

  return { alerts, truncated, error, loading, reload: () => load(false), apply };
}
