import { ALERT_STATES, AlertQuery, type AlertState } from '@argus/contracts';

/**
 * The inbox's filters and their round trip through the page URL
 * (`/alerts?state=open&camera=cam-1&range=24h`), so a filtered inbox can be
 * shared and survives a reload or Back. Pure.
 */

export type AlertRangeId = '1h' | '24h' | '7d' | '30d';

/** The time ranges offered: how far back the events of the listed alerts started. */
export const ALERT_RANGES: ReadonlyArray<{ readonly id: AlertRangeId; readonly label: string; readonly ms: number }> = [
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 h', ms: 24 * 3_600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 3_600_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 24 * 3_600_000 },
];
/** A week: an alert left open over a weekend is still in the default inbox. */
export const DEFAULT_ALERT_RANGE: AlertRangeId = '7d';

/** How the states are named in the filter and on the rows. */
export const ALERT_STATE_NAMES: Readonly<Record<AlertState, string>> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };

/** A camera id as the API's query takes it, read from the schema rather than copied. */
const CAMERA_ID = new RegExp((AlertQuery.properties.cameraId as unknown as { pattern: string }).pattern);

export interface AlertsFilter {
  /** One state, or undefined for every state. */
  readonly state: AlertState | undefined;
  /** One camera, or undefined for every camera the user may see. */
  readonly cameraId: string | undefined;
  readonly range: AlertRangeId;
}

export function parseAlertsSearch(search: string): AlertsFilter {
  const params = new URLSearchParams(search);
  const state = ALERT_STATES.find((s) => s === params.get('state'));
  const camera = params.get('camera')?.trim();
  const range = ALERT_RANGES.find((r) => r.id === params.get('range'))?.id ?? DEFAULT_ALERT_RANGE;
  return {
    state,
    cameraId: camera === undefined || !CAMERA_ID.test(camera) ? undefined : camera,
    range,
  };
}

/** The query string (with '?', or '' for the defaults) of a filter. */
export function formatAlertsSearch(filter: AlertsFilter): string {
  const params = new URLSearchParams();
  if (filter.state !== undefined) params.set('state', filter.state);
  if (filter.cameraId !== undefined) params.set('camera', filter.cameraId);
  if (filter.range !== DEFAULT_ALERT_RANGE) params.set('range', filter.range);
  return params.size === 0 ? '' : `?${params.toString()}`;
}

/** How far back (ms) a filter's range reaches. */
export function alertRangeMs(range: AlertRangeId): number {
  return ALERT_RANGES.find((r) => r.id === range)!.ms;
}
