import { computed } from '@preact/signals';
import { formatViewState, parseViewState, type ViewState } from '../view-state.js';
import { currentLocation, navigate } from './router.js';

/**
 * Which camera the Cameras screen shows, live or which range. The URL query
 * is the only copy (view-state.ts), so a pasted link, Back and a reload all
 * agree with what is on screen.
 */

export const parsedCameraView = computed(() => parseViewState(currentLocation.value.search));
export const cameraView = computed<ViewState>(() => parsedCameraView.value.state);

/** Switches the Cameras screen to `next`, replacing the history entry. */
export function showCameraView(next: ViewState): void {
  navigate(`/${formatViewState(next)}`, { replace: true });
}
