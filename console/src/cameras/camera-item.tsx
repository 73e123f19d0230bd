import type { CameraSummary } from '@argus/contracts';
import { now } from '../store/clock.js';
import { formatAge, formatRecentTime, formatWallClock } from '../time-format.js';
import { CAMERA_STATUS_LABEL, cameraStatus } from './camera-status.js';

/** One camera in the list: name, online/offline badge, id and age of its newest recording. */
export function CameraItem(props: { camera: CameraSummary; selected: boolean; onSelect(camera: CameraSummary): void }) {
  const { camera } = props;
  const status = cameraStatus(camera);
  const label = CAMERA_STATUS_LABEL[status];
  const nowDate = now.value;
  const last = camera.lastSegmentAt === null ? null : new Date(camera.lastSegmentAt);
  return (
    <li class="camera-item" data-testid="camera-item" data-camera-id={camera.id} data-status={status}>
      <button
        type="button"
        class="camera-item__button"
        aria-current={props.selected ? 'true' : undefined}
        aria-label={`${camera.name} (${camera.id}), ${label.toLowerCase()}. Watch live`}
        onClick={() => props.onSelect(camera)}
      >
        <span class="camera-item__top">
          {/* The name is ellipsised in a narrow list; the title shows it whole. */}
          <span class="camera-item__name" title={camera.name}>
            {camera.name}
          </span>
          <span class={`badge badge--${status}`}>{label}</span>
        </span>
        <span class="camera-item__id">{camera.id}</span>
        {last === null ? (
          <span class="camera-item__last">Nothing recorded yet</span>
        ) : (
          <span class="camera-item__last" title={formatWallClock(last)}>
            Last segment {formatRecentTime(last, nowDate)} · {formatAge(nowDate.getTime() - last.getTime())}
          </span>
        )}
      </button>
    </li>
  );
}
