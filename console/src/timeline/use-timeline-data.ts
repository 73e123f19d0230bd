import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { TimelineEvent, TimelineResponse } from '@argus/contracts';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { api } from '../store/api.js';
import { isCurrentDay } from './timeline-day.js';
import type { TimeWindow } from './timeline-scale.js';

/** The current day's timeline is asked again this often (ms): new recordings and events appear within it. */
export const TIMELINE_REFRESH_MS = 10_000;
/** A zoomed view asks for its own events this long after it stops moving (ms), when the day had too many. */
const VIEW_EVENTS_DELAY_MS = 300;

export interface TimelineData {
  /** The day's answer; undefined until the first one. */
  readonly day: Signal<TimelineResponse | undefined>;
  /** The events of the visible view, when the day's were truncated and the view is narrower. */
  readonly viewEvents: Signal<{ readonly view: TimeWindow; readonly events: readonly TimelineEvent[]; readonly truncated: boolean } | undefined>;
  readonly error: Signal<ApiRequestError | null>;
}

/**
 * Loads one camera's timeline for a day and, while the day is today,
 * refreshes it (setTimeout after each answer: a slow cloud never gets
 * overlapping requests). The day's answer holds at most MAX_TIMELINE_EVENTS
 * events; when it says it was truncated, the view being looked at is asked
 * for on its own, so zooming in shows every event there.
 */
export function useTimelineData(cameraId: string, day: TimeWindow, view: TimeWindow): TimelineData {
  const dayData = useSignal<TimelineResponse | undefined>(undefined);
  const viewEvents = useSignal<TimelineData['viewEvents']['value']>(undefined);
  const error = useSignal<ApiRequestError | null>(null);

  useEffect(() => {
    dayData.value = undefined;
    viewEvents.value = undefined;
    error.value = null;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (): Promise<void> => {
      try {
        const answer = await api.getTimeline(cameraId, { from: new Date(day.from), to: new Date(day.to) }, controller.signal);
        if (controller.signal.aborted) return;
        dayData.value = answer;
        error.value = null;
      } catch (caught) {
        if (controller.signal.aborted) return;
        error.value = toApiError(caught);
      }
      if (!controller.signal.aborted && isCurrentDay(day, Date.now())) timer = setTimeout(() => void load(), TIMELINE_REFRESH_MS);
    };
    void load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [cameraId, day.from, day.to]);

  const truncated = dayData.value?.eventsTruncated === true;
  const zoomed = view.to - view.from < day.to - day.from;
  useEffect(() => {
    if (!truncated || !zoomed) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.getTimeline(cameraId, { from: new Date(view.from), to: new Date(view.to) }, controller.signal).then(
        (answer) => {
          if (!controller.signal.aborted) viewEvents.value = { view, events: answer.events, truncated: answer.eventsTruncated };
        },
        (caught: unknown) => {
          if (!controller.signal.aborted) error.value = toApiError(caught);
        },
      );
    }, VIEW_EVENTS_DELAY_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [cameraId, truncated, zoomed, view.from, view.to, dayData.value]);

  return { day: dayData, viewEvents, error };
}

/**
 * The events to draw for the view: the view's own answer when it covers the
 * view, else the day's; and whether some are missing (zoom in to see them).
 */
export function eventsFor(data: TimelineData, view: TimeWindow): { events: readonly TimelineEvent[]; truncated: boolean } {
  const own = data.viewEvents.value;
  if (own !== undefined && own.view.from <= view.from && own.view.to >= view.to) return { events: own.events, truncated: own.truncated };
  const day = data.day.value;
  return { events: day?.events ?? [], truncated: day?.eventsTruncated ?? false };
}
