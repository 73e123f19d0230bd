import { useEffect } from 'preact/hooks';
import { PageHeader } from '../shared/page-header.js';
import { startCameraPolling } from '../store/cameras.js';
import { gridSide } from './wall-layout.js';
import { startWall, wall } from './wall-store.js';
import { WallCameraList } from './wall-camera-list.js';
import { WallSingleView } from './wall-single-view.js';
import { WallTile } from './wall-tile.js';
import { WallToolbar } from './wall-toolbar.js';

/**
 * Live wall: many cameras live at once (sub stream), one double-clicked
 * tile alone (main stream), layouts saved per user. Each tile starts its
 * live view when it gets a camera and stops it when it loses it or the
 * screen closes, so the cloud ends pushes nobody watches.
 */
export function WallPage() {
  useEffect(() => startCameraPolling(), []);
  useEffect(() => startWall(), []);
  const state = wall.value;
  const focusedCamera = state.focused === null ? null : (state.tiles[state.focused] ?? null);
  const side = gridSide(state.size);
  return (
    <div class="wall-page">
      <PageHeader title="Live wall" description="Drag cameras onto tiles; double-click a tile to watch it alone." />
      <WallToolbar />
      <div class="wall-layout">
        <WallCameraList />
        {state.focused !== null && focusedCamera !== null ? (
          <WallSingleView index={state.focused} cameraId={focusedCamera} />
        ) : (
          <div class="wall-grid" data-testid="wall-grid" data-size={state.size} style={{ gridTemplateColumns: `repeat(${side}, 1fr)`, gridTemplateRows: `repeat(${side}, 1fr)` }}>
            {state.tiles.map((cameraId, index) => (
              <WallTile key={index} index={index} cameraId={cameraId} stream="sub" />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
