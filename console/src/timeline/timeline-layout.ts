/**
 * What the timeline bar draws, from the cloud's answer and the view: the
 * recorded spans, the gaps between them (only up to now: the future is not
 * a gap), offline periods, and where a click sends the player. Pure.
 */

import type { TimelineEvent } from '@argus/contracts';
import { fractionOf, type TimeWindow } from './timeline-scale.js';

/** A click on an event marker plays from this long before the event starts (the lead-up is part of the evidence). */
export const EVENT_LEAD_MS = 5_000;
/** How much recording a click on the bar asks the player for (one VOD playlist). */
export const PLAY_SPAN_MS = 30 * 60_000;
/**
 * The newest stretch before now that is not drawn as a gap: the segment being
 * recorded and its upload are still on their way (a segment plus the uplink).
 */
export const PENDING_MS = 15_000;

export interface Span {
  readonly from: number;
  readonly to: number;
}

/** The parts of [from, to) that no span covers; spans oldest first, possibly overlapping. */
export function gapsBetween(spans: readonly Span[], from: number, to: number): Span[] {
  const gaps: Span[] = [];
  let cursor = from;
  for (const span of spans) {
    if (span.to <= cursor) continue;
    if (span.from >= to) break;
    if (span.from > cursor) gaps.push({ from: cursor, to: Math.min(span.from, to) });
    cursor = Math.max(cursor, span.to);
    if (cursor >= to) break;
  }
  if (cursor < to) gaps.push({ from: cursor, to });
  return gaps;
}

/** CSS left and width (in % of the bar) of a span in the view; null when it is off screen. */
export function placement(view: TimeWindow, span: Span): { left: number; width: number } | null {
  const left = Math.max(0, fractionOf(view, span.from));
  const right = Math.min(1, fractionOf(view, span.to));
  if (right <= 0 || left >= 1 || right <= left) return null;
  return { left: left * 100, width: (right - left) * 100 };
}

/** The range the player gets for a click at `at`: from there, PLAY_SPAN_MS long. */
export function playRangeFrom(at: number): Span {
  return { from: at, to: at + PLAY_SPAN_MS };
}

/** The range the player gets for an event marker: from EVENT_LEAD_MS before the event. */
export function playRangeForEvent(event: Pick<TimelineEvent, 'startedAt'>): Span {
  return playRangeFrom(Date.parse(event.startedAt) - EVENT_LEAD_MS);
}

/** Parses the cloud's ISO spans into epoch ms. */
export function toSpans(spans: ReadonlyArray<{ from: string; to: string }>): Span[] {
  return spans.map((s) => ({ from: Date.parse(s.from), to: Date.parse(s.to) }));
}
