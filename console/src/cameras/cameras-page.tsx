import { useEffect } from 'preact/hooks';
import { PlaybackControls } from '../playback/playback-controls.js';
import { PlayerView } from '../playback/player-view.js';
import { showError } from '../store/banner.js';
import { parsedCameraView, showCameraView } from '../store/camera-view.js';
import { startCameraPolling } from '../store/cameras.js';
import { CameraList } from './camera-list.js';

/** Cameras: the list on the left, the player and its live / range controls on the right. */
export function CamerasPage() {
  useEffect(() => startCameraPolling(), []);

  // A link with an unusable range still opens the camera (live), with a note.
  useEffect(() => {
    const { state, warning } = parsedCameraView.peek();
    if (warning === undefined) return;
    showError('link', warning);
    showCameraView(state);
  }, []);

  return (
    <div class="layout">
      <CameraList />
      <div class="viewer">
        <PlayerView />
        <PlaybackControls />
      </div>
    </div>
  );
}
