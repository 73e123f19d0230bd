import { contextPlugin } from '../http/context-plugin.js';
import { alertsRoutes, type AlertsRoutesOptions } from './alerts.routes.js';

/** Alert rules and alerts: `/api/rules`, `/api/alerts` (the engine that opens alerts is wired in app.ts, on the events' listeners). */
export const alertsContext = contextPlugin<AlertsRoutesOptions>('alerts', ['argus-auth', 'argus-audit', 'argus-cameras', 'argus-events'], alertsRoutes);
