import { contextPlugin } from '../http/context-plugin.js';
import { liveRoutes, type LiveRoutesOptions } from './live.routes.js';

/** Live view on demand, relayed from an agent's push. */
export const liveContext = contextPlugin<LiveRoutesOptions>('live', ['argus-auth', 'argus-audit', 'argus-cameras', 'argus-control'], liveRoutes);
