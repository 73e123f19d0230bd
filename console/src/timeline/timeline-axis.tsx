import { fractionOf, ticks, type TimeWindow } from './timeline-scale.js';

const MAX_TICKS = 12;
/** Labels closer than this to an end of the bar (a fraction of it) would be cut in half: left out. */
const EDGE = 0.025;
const hhmm = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const hhmmss = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** Local times under the bar, on round hours, minutes or seconds for the zoom. */
export function TimelineAxis({ view, origin }: { view: TimeWindow; origin: number }) {
  const { step, at } = ticks(view, MAX_TICKS, origin);
  const format = step < 60_000 ? hhmmss : hhmm;
  return (
    <div class="timeline__axis" aria-hidden="true">
      {at.map((t) => {
        const fraction = fractionOf(view, t);
        if (fraction < EDGE || fraction > 1 - EDGE) return null;
        return (
          <span key={t} class="timeline__tick" style={{ left: `${fraction * 100}%` }}>
            {format.format(new Date(t))}
          </span>
        );
      })}
    </div>
  );
}
