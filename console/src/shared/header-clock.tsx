import { now } from '../store/clock.js';
import { formatWallClock } from '../time-format.js';

/** Local wall clock in the header, so operators can match what they see to the time. */
export function HeaderClock() {
  const date = now.value;
  return (
    <time class="app-header__clock" dateTime={date.toISOString()}>
      {formatWallClock(date)}
    </time>
  );
}
