import { signal } from '@preact/signals';
import type { CameraSummary } from '@argus/contracts';
import { toApiError } from '../api/api-client.js';
import { api } from './api.js';
import { clearError, showError } from './banner.js';

/**
 * The camera list, polled while a screen that shows it is mounted. Null
 * until the first answer, so views can tell "loading" from "no cameras".
 */

/** Camera list poll period (ms): online/offline badges follow the cloud within this. */
export const CAMERA_REFRESH_MS = 10_000;

export const cameras = signal<readonly CameraSummary[] | null>(null);
/** Set when the latest refresh failed; the last good list stays shown. */
export const camerasFailed = signal(false);

async function refreshCameras(signal: AbortSignal): Promise<void> {
  try {
    const list = await api.listCameras(signal);
    if (signal.aborted) return;
    cameras.value = list;
    camerasFailed.value = false;
    clearError('cameras');
  } catch (error) {
    if (signal.aborted) return;
    const apiError = toApiError(error);
    // A lost session is the login page's business, not the banner's.
    if (apiError.status === 401) return;
    camerasFailed.value = true;
    showError('cameras', `Could not load cameras: ${apiError.message}`, apiError.code);
  }
}

/**
 * Starts polling; returns the stop function. Polls with setTimeout, not
 * setInterval, so a slow cloud never gets overlapping requests.
 */
export function startCameraPolling(): () => void {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = (): void => {
    void refreshCameras(controller.signal).finally(() => {
      if (!controller.signal.aborted) timer = setTimeout(poll, CAMERA_REFRESH_MS);
    });
  };
  poll();
  return () => {
    controller.abort();
    clearTimeout(timer);
  };
}

/** Forgets the list (on sign-out: the next user may see other sites). */
export function resetCameras(): void {
  cameras.value = null;
  camerasFailed.value = false;
}
