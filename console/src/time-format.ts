/**
 * Time conversions for the UI. `datetime-local` inputs hold local wall-clock
 * text without an offset, while the API and URL use UTC ISO instants; these
 * helpers are the only place the two meet.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local-time `YYYY-MM-DDTHH:mm:ss`, the value format of `<input type="datetime-local" step="1">`. */
export function toDateTimeLocalValue(date: Date): string {
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** Parses a `datetime-local` value as local time; null for empty or invalid text. */
export function fromDateTimeLocalValue(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value);
  if (match === null) return null;
  // Built from parts rather than `new Date(value)`, whose handling of
  // offset-less strings has differed between engines.
  const [, y, mo, d, h, mi, s, ms] = match;
  const date = new Date(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
    Number((ms ?? '0').padEnd(3, '0')),
  );
  return Number.isNaN(date.getTime()) ? null : date;
}

const wallClockFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/**
 * Local `YYYY-MM-DD HH:mm:ss ZONE` for the playing-time clock. Fixed field
 * order rather than the locale's, so times read the same on every console
 * and can be quoted in a report without a month/day mix-up.
 */
export function formatWallClock(date: Date): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of wallClockFormat.formatToParts(date)) parts[part.type] = part.value;
  const { year, month, day, hour, minute, second, timeZoneName } = parts;
  return `${year}-${month}-${day} ${hour}:${minute}:${second}${timeZoneName === undefined ? '' : ` ${timeZoneName}`}`;
}

/** `HH:mm:ss` when `date` is on the same local day as `now`, else the full wall clock. */
export function formatRecentTime(date: Date, now: Date): string {
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay ? formatWallClock(date).slice(11, 19) : formatWallClock(date);
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago": coarse age for the camera list. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}
