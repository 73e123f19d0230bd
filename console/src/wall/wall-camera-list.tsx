import { cameras, camerasFailed } from '../store/cameras.js';
import { CAMERA_STATUS_LABEL, cameraStatus } from '../cameras/camera-status.js';
import { DRAG_CAMERA_TYPE } from './wall-layout.js';
import { dispatch, wall } from './wall-store.js';

/**
 * The cameras to put on the wall: drag one onto a tile, or (keyboard,
 * touch) press its "Pick" button and then a tile's "Place here".
 */
export function WallCameraList() {
  const list = cameras.value;
  const armed = wall.value.armed;
  const onWall = new Set(wall.value.tiles);
  const note = list === null ? (camerasFailed.value ? 'Camera list unavailable' : 'Loading cameras…') : list.length === 0 ? 'No cameras yet.' : null;
  return (
    <nav class="panel wall-cameras" aria-labelledby="wall-cameras-heading">
      <div class="panel__header">
        <h2 class="panel__title" id="wall-cameras-heading">Cameras</h2>
      </div>
      <p class="wall-cameras__hint">Drag a camera onto a tile, or pick it and choose “Place here” on a tile.</p>
      {note !== null && <p class="camera-list__note" role="status">{note}</p>}
      <ul class="wall-cameras__list" data-testid="wall-camera-list">
        {(list ?? []).map((camera) => {
          const status = cameraStatus(camera);
          return (
            <li
              key={camera.id}
              class="wall-camera"
              data-testid={`wall-camera-${camera.id}`}
              data-armed={armed === camera.id ? 'true' : 'false'}
              draggable
              onDragStart={(event) => {
                if (event.dataTransfer === null) return;
                event.dataTransfer.setData(DRAG_CAMERA_TYPE, camera.id);
                event.dataTransfer.effectAllowed = 'copyMove';
              }}
            >
              <span class="wall-camera__name">{camera.name}</span>
              <span class="wall-camera__status" data-status={status}>
                {CAMERA_STATUS_LABEL[status]}
                {onWall.has(camera.id) ? ' · on the wall' : ''}
              </span>
              <button
                type="button"
                class="button button--small"
                aria-pressed={armed === camera.id}
                aria-label={`Pick ${camera.name} to place on a tile`}
                data-testid={`wall-pick-${camera.id}`}
                onClick={() => dispatch({ type: 'arm', cameraId: camera.id })}
              >
                {armed === camera.id ? 'Picked' : 'Pick'}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
