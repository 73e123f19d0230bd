import type { CameraHealth } from '@argus/contracts';
import { formatInstant } from '../shared/format.js';
import { formatAge } from '../time-format.js';
import { formatLiveUsage, type CameraLiveUsage } from './live-usage.js';

/**
 * One camera's health now: online badge, recorder state, rate, newest
 * segment, its open health events and, for those who manage the site
 * (`live` given, possibly undefined: not watched), its live views.
 */
export function CameraHealthRow(props: { camera: CameraHealth; openEvents: readonly string[]; nowMs: number; showLive: boolean; live: CameraLiveUsage | undefined }) {
  const { camera } = props;
  const status = camera.online ? 'online' : 'offline';
  return (
    <tr data-testid="camera-health-row" data-camera-id={camera.id} data-status={status}>
      <td>
        <span class="cell-strong">{camera.name}</span>
        <div class="muted mono">{camera.id}</div>
      </td>
      <td>
        <span class={`badge badge--${status}`}>{camera.online ? 'Online' : 'Offline'}</span>
      </td>
      <td class="mono">{camera.state ?? '—'}</td>
      <td class="mono">{camera.fps === null ? '—' : camera.fps.toFixed(1)}</td>
      <td class="mono">{camera.bitrateKbps === null ? '—' : `${Math.round(camera.bitrateKbps)} kbit/s`}</td>
      <td class="mono" title={formatInstant(camera.lastSegmentAt)}>
        {camera.lastSegmentAt === null ? 'never' : formatAge(props.nowMs - Date.parse(camera.lastSegmentAt))}
      </td>
      <td data-testid="camera-open-events">
        {props.openEvents.length === 0 ? (
          <span class="muted">none</span>
        ) : (
          props.openEvents.map((label) => (
            <span key={label} class="health-event-chip">
              {label}
            </span>
          ))
        )}
      </td>
      {props.showLive && (
        <td class="mono" data-testid="camera-live-usage" data-viewers={props.live?.viewers ?? 0}>
          {formatLiveUsage(props.live)}
        </td>
      )}
    </tr>
  );
}
