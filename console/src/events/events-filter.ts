import { EventQuery, OBJECT_LABELS } from '@argus/contracts';

/**
 * The Events page's filters and their round trip through the page URL
 * (`/events?camera=cam-1&label=person&range=1h`), so a filtered list can be
 * shared and survives a reload or Back. Pure.
 */

export type EventRangeId = '1h' | '24h' | '7d';

/** The time ranges offered: how far back the list reaches. */
export const EVENT_RANGES: ReadonlyArray<{ readonly id: EventRangeId; readonly label: string; readonly ms: number }> = [
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 h', ms: 24 * 3_600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 3_600_000 },
];
export const DEFAULT_EVENT_RANGE: EventRangeId = '24h';

/** Labels offered by the label filter: motion, then every object label the detection settings offer. */
export const EVENT_LABEL_CHOICES: readonly string[] = ['motion', ...OBJECT_LABELS];

/** A label's bounds in the API's query schema, read from the schema rather than copied. */
const labelSchema = EventQuery.properties.label as unknown as { maxLength: number };

export interface EventsFilter {
  /** One camera, or undefined for every camera the user may see. */
  readonly cameraId: string | undefined;
  /** One label, or undefined for every detection (health events are never listed). */
  readonly label: string | undefined;
  readonly range: EventRangeId;
}

export function parseEventsSearch(search: string): EventsFilter {
  const params = new URLSearchParams(search);
  const text = (name: string): string | undefined => {
    const value = params.get(name)?.trim();
    return value === undefined || value === '' || value.length > labelSchema.maxLength ? undefined : value;
  };
  const range = EVENT_RANGES.find((r) => r.id === params.get('range'))?.id ?? DEFAULT_EVENT_RANGE;
  return { cameraId: text('camera'), label: text('label'), range };
}

/** The query string (with '?', or '' for the defaults) of a filter. */
export function formatEventsSearch(filter: EventsFilter): string {
  const params = new URLSearchParams();
  if (filter.cameraId !== undefined) params.set('camera', filter.cameraId);
  if (filter.label !== undefined) params.set('label', filter.label);
  if (filter.range !== DEFAULT_EVENT_RANGE) params.set('range', filter.range);
  return params.size === 0 ? '' : `?${params.toString()}`;
}

/** How far back (ms) a filter's range reaches. */
export function rangeMs(range: EventRangeId): number {
  return EVENT_RANGES.find((r) => r.id === range)!.ms;
}
