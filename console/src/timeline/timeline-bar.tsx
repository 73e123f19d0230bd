import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { TimelineEvent } from '@argus/contracts';
import { formatWallClock } from '../time-format.js';
import { placement, type Span } from './timeline-layout.js';
import { TimelineMarker } from './timeline-marker.js';
import { fractionOf, panBy, timeAt, zoomAt, type TimeWindow } from './timeline-scale.js';

/** A press that moves less than this (px) is a click (play from here), more is a drag (pan). */
const DRAG_THRESHOLD_PX = 4;
/** Wheel pixels per doubling of the span: a mouse notch (100 px) zooms by ~1.4. */
const WHEEL_PX_PER_DOUBLING = 200;
/** Firefox reports wheel deltas in lines; about this many pixels each. */
const WHEEL_LINE_PX = 40;

export interface TimelineBarProps {
  readonly view: TimeWindow;
  /** The day: the view never leaves it. */
  readonly bounds: TimeWindow;
  readonly recorded: readonly Span[];
  readonly gaps: readonly Span[];
  readonly offline: ReadonlyArray<Span & { reason: string | null }>;
  readonly events: readonly TimelineEvent[];
  /** Held evidence locks, drawn as shaded bands with a tab (its reason as tooltip) along the top. */
  readonly locks?: ReadonlyArray<Span & { readonly id: string; readonly reason: string }>;
  /** The marked evidence range, drawn as a band; null: none marked. */
  readonly selection?: Span | null;
  /** Wall clock of the frame on screen, drawn as the playhead when in view. */
  readonly playhead: Date | null;
  onView(view: TimeWindow): void;
  onPlayFrom(at: number): void;
  onPlayEvent(event: TimelineEvent): void;
}

/**
 * The bar: recorded spans, gaps and offline periods on one lane, object
 * event markers on a second, motion markers on a third, the playhead over
 * all. Mouse wheel zooms around the
 * pointer, dragging pans, a click plays from the instant under the pointer.
 */
export function TimelineBar(props: TimelineBarProps) {
  const { view, bounds } = props;
  const track = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; view: TimeWindow; moved: boolean; pointerId: number } | null>(null);
  const hover = useSignal<number | null>(null);

  const fractionAt = (clientX: number): number => {
    const rect = track.current?.getBoundingClientRect();
    return rect === undefined || rect.width === 0 ? 0 : (clientX - rect.left) / rect.width;
  };

  const onWheel = (e: WheelEvent): void => {
    e.preventDefault(); // the page must not scroll while the bar zooms
    const pixels = e.deltaMode === WheelEvent.DOM_DELTA_LINE ? e.deltaY * WHEEL_LINE_PX : e.deltaY;
    if (pixels === 0) return;
    props.onView(zoomAt(view, 2 ** (pixels / WHEEL_PX_PER_DOUBLING), fractionAt(e.clientX), bounds));
  };
  const onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, view, moved: false, pointerId: e.pointerId };
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent): void => {
    const current = drag.current;
    if (current === null) {
      hover.value = timeAt(view, fractionAt(e.clientX));
      return;
    }
    const dx = e.clientX - current.x;
    if (!current.moved && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
    current.moved = true;
    hover.value = null;
    const width = track.current?.getBoundingClientRect().width ?? 1;
    props.onView(panBy(current.view, (-dx / width) * (current.view.to - current.view.from), bounds));
  };
  const onPointerUp = (e: PointerEvent): void => {
    const current = drag.current;
    drag.current = null;
    if (current === null) return;
    (e.currentTarget as HTMLElement).releasePointerCapture(current.pointerId);
    if (!current.moved) props.onPlayFrom(timeAt(view, fractionAt(e.clientX)));
  };

  const playheadAt = props.playhead === null ? null : fractionOf(view, props.playhead.getTime());
  const hoverAt = hover.value;
  return (
    <div
      ref={track}
      class="timeline__track"
      data-testid="timeline-track"
      data-from={new Date(view.from).toISOString()}
      data-to={new Date(view.to).toISOString()}
      onWheel={onWheel}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => (drag.current = null)}
      onPointerLeave={() => (hover.value = null)}
    >
      <div class="timeline__lane timeline__lane--recording">
        {props.gaps.map((span) => <Piece key={`g${span.from}`} view={view} span={span} kind="gap" title="No recording" />)}
        {props.recorded.map((span) => <Piece key={`r${span.from}`} view={view} span={span} kind="recorded" title="Recorded" />)}
        {props.offline.map((span) => (
          <Piece key={`o${span.from}`} view={view} span={span} kind="offline" title={`Camera offline${span.reason === null ? '' : ` (${span.reason})`}`} />
        ))}
      </div>
      {/* Objects above motion: an object is seen during the motion that woke the detector, so one lane would hide one under the other. */}
      <div class="timeline__lane timeline__lane--objects" data-testid="timeline-objects">
        {props.events.map((event) => (event.label === 'motion' ? null : <Marker key={event.id} view={view} event={event} onPlay={props.onPlayEvent} />))}
      </div>
      <div class="timeline__lane timeline__lane--motion">
        {props.events.map((event) => (event.label === 'motion' ? <Marker key={event.id} view={view} event={event} onPlay={props.onPlayEvent} /> : null))}
      </div>
      {props.locks?.map((lock) => <LockBand key={lock.id} view={view} lock={lock} />)}
      {props.selection !== undefined && props.selection !== null && <Band view={view} span={props.selection} />}
      {playheadAt !== null && playheadAt >= 0 && playheadAt <= 1 && (
        <div
          class="timeline__playhead"
          data-testid="timeline-playhead"
          data-at={props.playhead?.toISOString()}
          style={{ left: `${playheadAt * 100}%` }}
          aria-hidden="true"
        />
      )}
      {hoverAt !== null && (
        <div class="timeline__hover" style={{ left: `${fractionOf(view, hoverAt) * 100}%` }} aria-hidden="true">
          <span class="timeline__hover-time">{formatWallClock(new Date(hoverAt)).slice(11, 19)}</span>
        </div>
      )}
    </div>
  );
}

function Marker(props: { view: TimeWindow; event: TimelineEvent; onPlay(event: TimelineEvent): void }) {
  const { view, event } = props;
  const start = Date.parse(event.startedAt);
  const place = placement(view, { from: start, to: event.endedAt === null ? start : Date.parse(event.endedAt) }) ?? placement(view, { from: start, to: start + 1 });
  if (place === null) return null;
  return <TimelineMarker event={event} left={place.left} width={place.width} onPlay={props.onPlay} />;
}

/** A held lock: the shading lets pointer events through (click plays, drag pans); the tab along the top carries the tooltip. */
function LockBand(props: { view: TimeWindow; lock: Span & { readonly id: string; readonly reason: string } }) {
  const place = placement(props.view, props.lock);
  if (place === null) return null;
  return (
    <div class="timeline__lock" data-testid="timeline-lock" data-lock-id={props.lock.id} style={{ left: `${place.left}%`, width: `${place.width}%` }}>
      <div class="timeline__lock-tab" title={`Evidence lock: ${props.lock.reason}`} />
    </div>
  );
}

function Band(props: { view: TimeWindow; span: Span }) {
  const place = placement(props.view, props.span);
  if (place === null) return null;
  return <div class="timeline__selection" data-testid="timeline-selection" style={{ left: `${place.left}%`, width: `${place.width}%` }} aria-hidden="true" />;
}

function Piece(props: { view: TimeWindow; span: Span; kind: 'gap' | 'recorded' | 'offline'; title: string }) {
  const place = placement(props.view, props.span);
  if (place === null) return null;
  return (
    <div
      class={`timeline__piece timeline__piece--${props.kind}`}
      data-testid={`timeline-${props.kind}`}
      title={props.title}
      style={{ left: `${place.left}%`, width: `${place.width}%` }}
    />
  );
}
