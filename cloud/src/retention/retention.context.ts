import { contextPlugin } from '../http/context-plugin.js';
import { retentionRoutes, type RetentionRoutesOptions } from './retention.routes.js';

/** Retention: per-camera days, per-site quotas, runs and their reports (the scheduled runner is a service started in app.ts). */
export const retentionContext = contextPlugin<RetentionRoutesOptions>('retention', ['argus-auth', 'argus-audit'], retentionRoutes);
