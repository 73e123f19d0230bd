import type { AlertRecord, AlertState } from '@argus/contracts';

/**
 * The inbox's list as it changes: the API's answer, then every `alert`
 * message of the live channel applied to it (a new alert goes to the top, a
 * transition replaces its row, an alert that no longer matches the filter
 * leaves). Pure.
 *
 * An alert only moves forward (open → acknowledged → resolved), so a message
 * older than what the list holds (one that arrived while the list was being
 * loaded, describing an earlier state) never undoes a later state.
 */

/** Alerts asked for at once, and the most the inbox keeps as new ones arrive. */
export const INBOX_LIMIT = 200;

const STATE_ORDER: Readonly<Record<AlertState, number>> = { open: 0, acknowledged: 1, resolved: 2 };

/** What the list holds: alerts matching this filter (the range's start fixed when the list was loaded). */
export interface AlertMatch {
  readonly state: AlertState | undefined;
  readonly cameraId: string | undefined;
  /** Alerts whose event started at or after this instant (epoch ms). */
  readonly fromMs: number;
}

export function matchesAlert(alert: AlertRecord, match: AlertMatch): boolean {
  return (
    (match.state === undefined || alert.state === match.state) &&
    (match.cameraId === undefined || alert.cameraId === match.cameraId) &&
    Date.parse(alert.eventStartedAt) >= match.fromMs
  );
}

/** Whether `incoming` may replace `current` (the same alert): not when it describes an earlier state. */
export function supersedes(incoming: AlertRecord, current: AlertRecord): boolean {
  return STATE_ORDER[incoming.state] >= STATE_ORDER[current.state];
}

/** The API's order: newest opened first, then by id. */
function newerFirst(a: AlertRecord, b: AlertRecord): number {
  const byOpened = Date.parse(b.openedAt) - Date.parse(a.openedAt);
  return byOpened !== 0 ? byOpened : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The list with `alert` (from the stream or an action's answer) applied. */
export function applyAlert(list: readonly AlertRecord[], alert: AlertRecord, match: AlertMatch): readonly AlertRecord[] {
  const index = list.findIndex((a) => a.id === alert.id);
  if (index >= 0) {
    if (!supersedes(alert, list[index]!)) return list;
    if (!matchesAlert(alert, match)) return list.filter((_, i) => i !== index);
    return list.map((a, i) => (i === index ? alert : a));
  }
  if (!matchesAlert(alert, match)) return list;
  return [...list, alert].sort(newerFirst).slice(0, INBOX_LIMIT);
}

/** Open alerts by id, for the navigation's count: the state of every alert seen, the count of open ones. */
export type AlertStates = ReadonlyMap<string, AlertState>;

/** `states` with `alert`'s state recorded, unless it is older than the one known. */
export function applyAlertState(states: AlertStates, alert: Pick<AlertRecord, 'id' | 'state'>): AlertStates {
  const known = states.get(alert.id);
  if (known !== undefined && STATE_ORDER[alert.state] < STATE_ORDER[known]) return states;
  if (known === alert.state) return states;
  const next = new Map(states);
  // Only open alerts are counted: the others are kept only so a late "open" message cannot count them again.
  next.set(alert.id, alert.state);
  return next;
}

export function countOpen(states: AlertStates): number {
  let count = 0;
  for (const state of states.values()) if (state === 'open') count += 1;
  return count;
}
