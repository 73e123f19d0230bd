import { useLayoutEffect } from 'preact/hooks';
import { cameras } from '../store/cameras.js';
import { dispatch } from './wall-store.js';
import { WallTile } from './wall-tile.js';

/** One tile alone, large, with the camera's main stream; Escape or the button returns to the grid. */
export function WallSingleView({ index, cameraId }: { index: number; cameraId: string }) {
  // Listening from the moment the view is in the page (a layout effect runs with the render, a plain
  // effect after the next paint): an Escape pressed as soon as it shows is not lost.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') dispatch({ type: 'unfocus' });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const name = cameras.value?.find((c) => c.id === cameraId)?.name ?? cameraId;
  return (
    <section class="wall-single" aria-label={`${name}, single view`} data-testid="wall-single">
      <div class="wall-single__bar">
        <button type="button" class="button button--small" data-testid="wall-back" onClick={() => dispatch({ type: 'unfocus' })}>
          Back to the wall
        </button>
        <span class="wall-single__hint">Main stream · Esc returns</span>
      </div>
      <WallTile index={index} cameraId={cameraId} stream="main" single />
    </section>
  );
}
