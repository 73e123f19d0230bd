import { contextPlugin } from '../http/context-plugin.js';
import { detectionRoutes, type DetectionRoutesOptions } from './detection.routes.js';

/** Motion detection settings per camera, applied through the camera's agent, and snapshots to draw zones on. */
export const detectionContext = contextPlugin<DetectionRoutesOptions>('detection', ['argus-auth', 'argus-audit', 'argus-cameras', 'argus-control'], detectionRoutes);
