import type { EvidenceLockRecord } from '@argus/contracts';
import { useResource, type Resource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import type { TimeWindow } from '../timeline/timeline-scale.js';

/**
 * The held evidence locks of one camera overlapping `window` (the day the
 * timeline shows). Anyone who may view the camera may read them; the view
 * reloads after locking or releasing.
 */
export function useEvidenceLocks(cameraId: string, window: TimeWindow): Resource<readonly EvidenceLockRecord[]> {
  return useResource(
    (signal) => api.listEvidenceLocks({ cameraId, from: new Date(window.from), to: new Date(window.to) }, signal),
    [cameraId, window.from, window.to],
  );
}
