import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { TimelineEvent } from '@argus/contracts';
import { EvidenceTools } from '../evidence/evidence-tools.js';
import { NO_MARKS, marksWithin, type EvidenceMarks } from '../evidence/evidence-range.js';
import { useEvidenceLocks } from '../evidence/use-evidence-locks.js';
import { EVENT_FAMILIES, eventFamily, type EventFamily } from '../shared/event-family.js';
import { FormError } from '../shared/form-error.js';
import { showCameraView, cameraView } from '../store/camera-view.js';
import { now } from '../store/clock.js';
import { playingDate } from '../store/playback-position.js';
import { formatWallClock } from '../time-format.js';
import { formatViewState } from '../view-state.js';
import { TimelineAxis } from './timeline-axis.js';
import { TimelineBar } from './timeline-bar.js';
import { dayOf, fromDateInputValue, isCurrentDay, shiftDay, toDateInputValue } from './timeline-day.js';
import { PENDING_MS, gapsBetween, playRangeForEvent, playRangeFrom, toSpans, type Span } from './timeline-layout.js';
import { ZOOM_STEP, centreOn, zoomAt, type TimeWindow } from './timeline-scale.js';
import { eventsFor, useTimelineData } from './use-timeline-data.js';

/**
 * The camera's timeline under the player: a day (picked, or stepped with ‹ ›)
 * of recorded spans, gaps and offline periods with event markers, zoomable
 * from the whole day down to a minute (buttons, mouse wheel) and panned by
 * dragging. A click plays from there; a marker plays from just before its
 * event. The player's position is drawn on it. `children`: the screen's
 * other tools for the camera, at the end of the toolbar. Under it, the
 * evidence tools: held locks are drawn on the bar, and a range can be marked
 * at the playhead, locked and exported (evidence/evidence-tools.tsx).
 */
export function TimelinePanel({ cameraId, cameraLabel, children }: { cameraId: string; cameraLabel?: string; children?: ComponentChildren }) {
  const current = cameraView.value;
  const initialDay = dayOf(current.kind === 'range' ? current.from : new Date());
  const day = useSignal<TimeWindow>(initialDay);
  const view = useSignal<TimeWindow>(initialDay);

  const marks = useSignal<EvidenceMarks>(NO_MARKS);
  const showDay = (next: TimeWindow): void => {
    day.value = next;
    view.value = next;
    marks.value = marksWithin(marks.peek(), next);
  };
  // Marks belong to the camera they were set on.
  useEffect(() => {
    marks.value = NO_MARKS;
  }, [cameraId]);

  // A range opened elsewhere (a link, Play range) on another day brings the timeline to that day.
  const viewKey = formatViewState(current);
  useEffect(() => {
    if (current.kind !== 'range') return;
    const at = current.from.getTime();
    if (at < day.peek().from || at >= day.peek().to) showDay(dayOf(current.from));
  }, [viewKey]);

  const data = useTimelineData(cameraId, day.value, view.value);
  const locks = useEvidenceLocks(cameraId, day.value);
  const answer = data.day.value;
  const nowMs = now.value.getTime();
  const dayWindow = day.value;
  const recorded: Span[] = answer === undefined ? [] : toSpans(answer.recorded);
  // The future is not a gap, nor is the last segment still on its way.
  const gaps = answer === undefined ? [] : gapsBetween(recorded, dayWindow.from, Math.min(dayWindow.to, nowMs - PENDING_MS));
  const offline = answer === undefined ? [] : answer.offline.map((p) => ({ from: Date.parse(p.from), to: Date.parse(p.to), reason: p.reason }));
  const { events, truncated } = eventsFor(data, view.value);
  const counts = new Map<EventFamily, number>();
  for (const event of events) counts.set(eventFamily(event.label), (counts.get(eventFamily(event.label)) ?? 0) + 1);

  const play = (range: Span): void => {
    showCameraView({ kind: 'range', cameraId, from: new Date(range.from), to: new Date(range.to) });
  };
  const onPlayFrom = (at: number): void => {
    if (at < nowMs) play(playRangeFrom(at));
  };
  const onPlayEvent = (event: TimelineEvent): void => play(playRangeForEvent(event));
  const zoom = (factor: number): void => {
    // Buttons zoom around the playhead when it is in view, else around the middle.
    const head = playingDate.peek()?.getTime();
    const v = view.peek();
    const anchor = head !== undefined && head >= v.from && head <= v.to ? (head - v.from) / (v.to - v.from) : 0.5;
    view.value = zoomAt(v, factor, anchor, day.peek());
  };

  const span = view.value.to - view.value.from;
  const whole = span >= dayWindow.to - dayWindow.from;
  const head = playingDate.value;
  const lockBands = (locks.data.value ?? []).map((lock) => ({ id: lock.id, reason: lock.reason, from: Date.parse(lock.from), to: Date.parse(lock.to) }));
  const { in: markIn, out: markOut } = marks.value;
  const selection = markIn === null && markOut === null ? null : { from: markIn ?? view.value.from, to: markOut ?? view.value.to };
  return (
    <section class="timeline" aria-label="Timeline" data-testid="timeline" data-camera-id={cameraId} data-day={toDateInputValue(dayWindow.from)}>
      <div class="timeline__toolbar" role="toolbar" aria-label="Timeline">
        <button type="button" class="button button--small" aria-label="Previous day" onClick={() => showDay(shiftDay(dayWindow.from, -1))}>
          ‹
        </button>
        <input
          type="date"
          class="input input--small"
          aria-label="Day"
          data-testid="timeline-day"
          value={toDateInputValue(dayWindow.from)}
          onChange={(e) => {
            const next = fromDateInputValue((e.currentTarget as HTMLInputElement).value);
            if (next !== null) showDay(next);
          }}
        />
        <button
          type="button"
          class="button button--small"
          aria-label="Next day"
          disabled={dayWindow.to > nowMs}
          onClick={() => showDay(shiftDay(dayWindow.from, 1))}
        >
          ›
        </button>
        <button type="button" class="button button--small" disabled={isCurrentDay(dayWindow, nowMs)} onClick={() => showDay(dayOf(new Date()))}>
          Today
        </button>
        <span class="controls__divider" aria-hidden="true" />
        <button type="button" class="button button--small" aria-label="Zoom out" data-testid="timeline-zoom-out" disabled={whole} onClick={() => zoom(ZOOM_STEP)}>
          −
        </button>
        <button type="button" class="button button--small" aria-label="Zoom in" data-testid="timeline-zoom-in" disabled={span <= 60_000} onClick={() => zoom(1 / ZOOM_STEP)}>
          +
        </button>
        <button type="button" class="button button--small" disabled={whole} onClick={() => (view.value = dayWindow)}>
          Whole day
        </button>
        {head !== null && head.getTime() >= dayWindow.from && head.getTime() < dayWindow.to && (
          <button type="button" class="button button--small" onClick={() => (view.value = centreOn(view.value, head.getTime(), dayWindow))}>
            Go to playhead
          </button>
        )}
        <span class="timeline__range" data-testid="timeline-range">
          {whole ? 'Whole day' : `${formatWallClock(new Date(view.value.from)).slice(11, 19)} – ${formatWallClock(new Date(view.value.to)).slice(11, 19)}`} · {describeSpan(span)}
        </span>
        {children}
      </div>
      <TimelineBar
        view={view.value}
        bounds={dayWindow}
        recorded={recorded}
        gaps={gaps}
        offline={offline}
        events={events}
        playhead={head}
        locks={lockBands}
        selection={selection}
        onView={(next) => (view.value = next)}
        onPlayFrom={onPlayFrom}
        onPlayEvent={onPlayEvent}
      />
      <TimelineAxis view={view.value} origin={dayWindow.from} />
      <div class="timeline__footer">
        <span class="timeline__legend">
          <span class="legend-swatch legend-swatch--recorded" /> Recorded
          <span class="legend-swatch legend-swatch--gap" /> No recording
          <span class="legend-swatch legend-swatch--offline" /> Offline
          {EVENT_FAMILIES.map(({ family, name }) => (
            <span key={family} class="timeline__legend-item" data-testid={`timeline-legend-${family}`}>
              <span class={`legend-swatch legend-swatch--${family}`} /> {name} ({counts.get(family) ?? 0})
            </span>
          ))}
        </span>
        {truncated && <span class="timeline__note" data-testid="timeline-truncated">Only the newest events of this span are shown: zoom in to see them all</span>}
        {answer === undefined && data.error.value === null && <span class="timeline__note">Loading…</span>}
      </div>
      <FormError error={data.error.value} testId="timeline-error" />
      <EvidenceTools cameraId={cameraId} cameraLabel={cameraLabel ?? cameraId} view={view.value} nowMs={nowMs} playhead={head} marks={marks} locks={locks} />
    </section>
  );
}

function describeSpan(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round((ms / 3_600_000) * 10) / 10} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}
