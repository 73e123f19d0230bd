import type { HistogramResponse } from '@argus/contracts';
import { formatWallClock } from '../time-format.js';

/**
 * How many matching events started in each hour (or day) of the range, as
 * bars scaled to the busiest one. Clicking an hour's bar narrows the search
 * to that hour.
 */
export function SearchHistogram(props: { histogram: HistogramResponse; onPick(start: number): void }) {
  const { histogram } = props;
  const max = Math.max(1, ...histogram.buckets.map((b) => b.count));
  const unit = histogram.bucket === 'hour' ? 'hour' : 'day';
  return (
    <figure class="search-histogram" data-testid="search-histogram" data-bucket={histogram.bucket}>
      <div class="search-histogram__bars">
        {histogram.buckets.map((b) => {
          const when = formatWallClock(new Date(b.start));
          const label = `${b.count} ${b.count === 1 ? 'event' : 'events'} in the ${unit} from ${histogram.bucket === 'hour' ? when.slice(0, 16) : when.slice(0, 10)}`;
          return (
            <button
              key={b.start}
              type="button"
              class="search-histogram__bar"
              data-testid="search-histogram-bar"
              data-start={b.start}
              data-count={b.count}
              title={label}
              aria-label={`${label}: search this ${unit}`}
              onClick={() => props.onPick(Date.parse(b.start))}
            >
              <span class="search-histogram__fill" style={{ height: `${(b.count / max) * 100}%` }} />
            </button>
          );
        })}
      </div>
      <figcaption class="muted search-histogram__caption">
        Events per {unit} (UTC buckets); click a bar to search that {unit}.
      </figcaption>
    </figure>
  );
}
