import type { CameraSummary } from '@argus/contracts';
import { clearError } from '../store/banner.js';
import { cameraView, showCameraView } from '../store/camera-view.js';
import { cameras, camerasFailed } from '../store/cameras.js';
import { CameraItem } from './camera-item.js';

/**
 * The left-hand camera list. Rows are keyed by camera id, so keyboard focus
 * and scroll position survive the 10 s poll. A click watches the camera live.
 */
export function CameraList() {
  const list = cameras.value;
  const view = cameraView.value;
  const selectedId = view.kind === 'none' ? null : view.cameraId;
  const note =
    list === null
      ? camerasFailed.value
        ? 'Camera list unavailable'
        : 'Loading cameras…'
      : list.length === 0
        ? 'No cameras yet. Enrol an edge agent to add some.'
        : null;

  const select = (camera: CameraSummary): void => {
    clearError('range');
    showCameraView({ kind: 'live', cameraId: camera.id });
  };

  return (
    <nav class="panel camera-panel" aria-labelledby="camera-heading">
      <div class="panel__header">
        <h2 class="panel__title" id="camera-heading">
          Cameras
        </h2>
        <span class="panel__count" aria-live="polite">
          {list === null ? '' : String(list.length)}
        </span>
      </div>
      {note !== null && (
        <p class="camera-list__note" role="status">
          {note}
        </p>
      )}
      <ul class="camera-list" data-testid="camera-list" aria-label="Cameras">
        {(list ?? []).map((camera) => (
          <CameraItem key={camera.id} camera={camera} selected={camera.id === selectedId} onSelect={select} />
        ))}
      </ul>
    </nav>
  );
}
