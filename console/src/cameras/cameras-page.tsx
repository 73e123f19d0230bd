import { useEffect } from 'preact/hooks';
import { DetectionButton } from '../detection/detection-button.js';
import { PlaybackControls } from '../playback/playback-controls.js';
import { PlayerView } from '../playback/player-view.js';
import { CameraPtz } from '../ptz/camera-ptz.js';
import { showError } from '../store/banner.js';
import { cameraView, parsedCameraView, showCameraView } from '../store/camera-view.js';
import { cameras, startCameraPolling } from '../store/cameras.js';
import { TimelinePanel } from '../timeline/timeline-panel.js';
import { CameraList } from './camera-list.js';

/**
 * Cameras: the list on the left; on the right the player, its live / range
 * controls (and the zones editor for those who may configure cameras), and
 * the chosen camera's timeline.
 */
export function CamerasPage() {
  useEffect(() => startCameraPolling(), []);

  // A link with an unusable range still opens the camera (live), with a note.
  useEffect(() => {
    const { state, warning } = parsedCameraView.peek();
    if (warning === undefined) return;
    showError('link', warning);
    showCameraView(state);
  }, []);

  const view = cameraView.value;
  const cameraId = view.kind === 'none' ? null : view.cameraId;
  const camera = cameraId === null ? undefined : cameras.value?.find((c) => c.id === cameraId);
  return (
    <div class="layout">
      <CameraList />
      <div class="viewer">
        <PlayerView />
        <PlaybackControls />
        {view.kind === 'live' && camera !== undefined && <CameraPtz key={camera.id} cameraId={camera.id} siteId={camera.siteId} />}
        {cameraId !== null && (
          <TimelinePanel cameraId={cameraId} cameraLabel={camera?.name ?? cameraId}>
            <DetectionButton cameraId={cameraId} cameraLabel={camera?.name ?? cameraId} />
          </TimelinePanel>
        )}
      </div>
    </div>
  );
}
