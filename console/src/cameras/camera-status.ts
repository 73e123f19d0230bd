import type { CameraSummary } from '@argus/contracts';

/**
 * The badge of a camera in the list. The cloud decides online/offline (a
 * segment within its offline grace and, when the edge reports one, recorder
 * state `recording`); the console only tells "offline" from "never recorded",
 * which need different actions from the operator.
 */

export type CameraStatus = 'online' | 'offline' | 'never';

export const CAMERA_STATUS_LABEL: Record<CameraStatus, string> = {
  online: 'Online',
  offline: 'Offline',
  never: 'No recordings',
};

export function cameraStatus(camera: Pick<CameraSummary, 'online' | 'lastSegmentAt'>): CameraStatus {
  if (camera.online) return 'online';
  return camera.lastSegmentAt === null ? 'never' : 'offline';
}
