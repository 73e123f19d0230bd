import { formatWallClock } from '../time-format.js';

/**
 * An instant in a table cell: the date over the time, so columns of times
 * stay narrow and line up. `fallback` shows for null (never, not yet).
 */
export function When({ iso, fallback = '—' }: { iso: string | null; fallback?: string }) {
  if (iso === null) return <span class="muted">{fallback}</span>;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <span>{iso}</span>;
  const text = formatWallClock(date);
  return (
    <time class="when" dateTime={iso} title={text}>
      <span class="when__date">{text.slice(0, 10)}</span>
      <span class="when__time">{text.slice(11)}</span>
    </time>
  );
}
