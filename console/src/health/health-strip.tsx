import type { HealthPeriod } from '@argus/contracts';
import { formatInstant } from '../shared/format.js';
import { healthBands } from './health-bands.js';

/**
 * One subject's last day as a strip: green where it was online, a coloured
 * band per health period (offline, stalled, frozen, evicted). Each band's
 * tooltip names the event, its reason and its times.
 */
export function HealthStrip(props: { label: string; periods: readonly HealthPeriod[]; window: { from: number; to: number }; testId: string; subjectId: string }) {
  const bands = healthBands(props.periods, props.window);
  const open = bands.find((b) => b.open);
  return (
    <div
      class="health-strip"
      role="img"
      aria-label={`${props.label}: ${bands.length === 0 ? 'online all along' : `${bands.length} health periods`}${open ? `, ${open.state} now` : ''}`}
      data-testid={props.testId}
      data-subject-id={props.subjectId}
      data-periods={bands.length}
      data-open={open?.state ?? ''}
    >
      {bands.map((band) => (
        <span
          key={`${band.label}-${band.from}`}
          class={`health-strip__band health-strip__band--${band.state}`}
          style={{ left: `${band.left}%`, width: `${band.width}%` }}
          title={`${band.label}${band.reason === null ? '' : ` (${band.reason})`}: ${formatInstant(new Date(band.from).toISOString())} – ${band.open ? 'now' : formatInstant(new Date(band.to).toISOString())}`}
        />
      ))}
    </div>
  );
}
