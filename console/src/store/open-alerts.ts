import { signal } from '@preact/signals';
import type { AlertRecord } from '@argus/contracts';
import { applyAlertState, countOpen, type AlertStates } from '../alerts/alert-list.js';
import { notifyNewAlert } from '../alerts/alert-notifications.js';
import { api } from './api.js';
import { onLive, onLiveGap } from './live.js';

/**
 * How many alerts are open, for the navigation's badge: loaded once
 * (GET /api/alerts?state=open, at most OPEN_ALERTS_LIMIT), then kept up to
 * date by the live channel's `alert` messages, and loaded again when the
 * stream may have missed some (store/live.ts). Messages that arrive while a
 * load is in flight are applied after it, so none is lost to the race.
 */

/** Open alerts counted at most; the badge says "N+" beyond (the API's largest page). */
export const OPEN_ALERTS_LIMIT = 1000;

/** Open alerts, or null before the first answer (and for those who may not read alerts). */
export const openAlertCount = signal<number | null>(null);
/** Whether the count reached OPEN_ALERTS_LIMIT (there may be more). */
export const openAlertsCapped = signal(false);

let states: AlertStates = new Map();
/** Messages received during a load, applied once it lands; undefined while no load runs. */
let pending: AlertRecord[] | undefined;

function publish(): void {
  openAlertCount.value = countOpen(states);
}

async function load(signal: AbortSignal): Promise<void> {
  pending = [];
  try {
    const open = await api.listAlerts({ state: 'open', limit: OPEN_ALERTS_LIMIT }, signal);
    if (signal.aborted) return;
    let next: AlertStates = new Map(open.map((a) => [a.id, a.state]));
    for (const alert of pending) next = applyAlertState(next, alert);
    states = next;
    openAlertsCapped.value = open.length >= OPEN_ALERTS_LIMIT;
    publish();
  } catch {
    // The badge is a hint: it stays as it was, and the next gap or message corrects it.
  } finally {
    if (!signal.aborted) pending = undefined;
  }
}

/** Starts counting (the shell calls it while someone is signed in); returns the stop function. */
export function startOpenAlerts(): () => void {
  let controller = new AbortController();
  const reload = (): void => {
    controller.abort();
    controller = new AbortController();
    void load(controller.signal);
  };
  const offAlert = onLive('alert', (alert) => {
    const known = states.has(alert.id);
    if (pending !== undefined) pending.push(alert);
    states = applyAlertState(states, alert);
    publish();
    if (!known && alert.state === 'open') notifyNewAlert(alert);
  });
  const offGap = onLiveGap(reload);
  reload();
  return () => {
    controller.abort();
    offAlert();
    offGap();
    states = new Map();
    pending = undefined;
    openAlertCount.value = null;
    openAlertsCapped.value = false;
  };
}
