import { EVIDENCE_MAX_RANGE_HOURS } from '@argus/contracts';
import type { Span } from '../timeline/timeline-layout.js';
import type { TimeWindow } from '../timeline/timeline-scale.js';

/**
 * The range an evidence lock or export covers, chosen on the timeline:
 * "Mark in" and "Mark out" at the playhead, or, without marks, the visible
 * view (up to now: the future holds no recording). Times are epoch ms. Pure:
 * no DOM, no clock.
 */

/** Longest export (ms), from the contract: the cloud refuses longer ones (400 naming `to`). */
export const EXPORT_MAX_MS = EVIDENCE_MAX_RANGE_HOURS * 3_600_000;

/** The operator's marks; null: not set. */
export interface EvidenceMarks {
  readonly in: number | null;
  readonly out: number | null;
}

export const NO_MARKS: EvidenceMarks = { in: null, out: null };

export type EvidenceRange =
  | { readonly ok: true; readonly range: Span; /** Where it came from, for the label. */ readonly source: 'marks' | 'view' }
  | { readonly ok: false; readonly message: string };

/** A mark at `at`, keeping the other; a mark placed past the other swaps them, so in stays before out. */
export function setMark(marks: EvidenceMarks, which: 'in' | 'out', at: number): EvidenceMarks {
  const next = which === 'in' ? { in: at, out: marks.out } : { in: marks.in, out: at };
  if (next.in !== null && next.out !== null && next.in > next.out) return { in: next.out, out: next.in };
  return next;
}

/**
 * The range to lock or export: between the marks; from one mark to the edge
 * of the view on its side; else the view. Never past `nowMs`.
 */
export function chooseRange(marks: EvidenceMarks, view: TimeWindow, nowMs: number): EvidenceRange {
  const source = marks.in === null && marks.out === null ? 'view' : 'marks';
  const from = marks.in ?? view.from;
  const to = Math.min(marks.out ?? view.to, nowMs);
  if (to <= from) {
    if (from >= nowMs) return { ok: false, message: 'The range starts in the future: mark in at a recorded moment' };
    return { ok: false, message: marks.out !== null && marks.out === marks.in ? 'Mark in and mark out are the same instant' : 'The range ends before it starts' };
  }
  return { ok: true, range: { from, to }, source };
}

/** Why an export of `range` would be refused before asking the cloud, or null when it may be asked. */
export function exportRangeProblem(range: Span): string | null {
  if (range.to - range.from > EXPORT_MAX_MS) return `An export covers at most ${EVIDENCE_MAX_RANGE_HOURS} h: zoom in or set marks`;
  return null;
}

/** Whether the marks still lie in `bounds` (the day shown); marks of another day are dropped. */
export function marksWithin(marks: EvidenceMarks, bounds: TimeWindow): EvidenceMarks {
  const keep = (at: number | null): number | null => (at !== null && at >= bounds.from && at <= bounds.to ? at : null);
  return { in: keep(marks.in), out: keep(marks.out) };
}

/** "2026-11-26 10:00:00 – 10:05:00 CET (5 min)": a range as the operator reads it, in local wall-clock time. */
export function describeRange(range: Span, formatWallClock: (date: Date) => string): string {
  const from = formatWallClock(new Date(range.from));
  const to = formatWallClock(new Date(range.to));
  const sameDay = from.slice(0, 10) === to.slice(0, 10);
  return `${sameDay ? from.slice(0, 19) : from} – ${sameDay ? to.slice(11) : to} (${describeLength(range.to - range.from)})`;
}

/** "45 s", "5 min", "2.5 h". */
export function describeLength(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round((ms / 3_600_000) * 10) / 10} h`;
  if (ms >= 60_000) return `${Math.round((ms / 60_000) * 10) / 10} min`;
  return `${Math.round(ms / 1000)} s`;
}
