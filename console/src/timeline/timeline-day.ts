/**
 * The day a timeline shows: local midnight to the next local midnight (23
 * or 25 h on daylight-saving days), and its round trip through a
 * `<input type="date">` value. Pure.
 */

import type { TimeWindow } from './timeline-scale.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** The local day containing `date`. */
export function dayOf(date: Date): TimeWindow {
  const start = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  const end = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1);
  return { from: start.getTime(), to: end.getTime() };
}

/** The day `days` after (or before) the day starting at `dayStart`. */
export function shiftDay(dayStart: number, days: number): TimeWindow {
  const d = new Date(dayStart);
  return dayOf(new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, 12));
}

/** `YYYY-MM-DD` of the local day starting at `dayStart`, for `<input type="date">`. */
export function toDateInputValue(dayStart: number): string {
  const d = new Date(dayStart);
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local day a `YYYY-MM-DD` value names; null for anything else. */
export function fromDateInputValue(value: string): TimeWindow | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return null;
  const [, y, m, d] = match;
  const noon = new Date(Number(y), Number(m) - 1, Number(d), 12);
  if (noon.getMonth() !== Number(m) - 1) return null; // 2026-02-30 and the like
  return dayOf(noon);
}

/** Whether `now` falls in the day (its data still grows: the timeline refreshes). */
export function isCurrentDay(day: TimeWindow, now: number): boolean {
  return now >= day.from && now < day.to;
}
