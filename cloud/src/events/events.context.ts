import { contextPlugin } from '../http/context-plugin.js';
import { eventsRoutes, type EventsRoutesOptions } from './events.routes.js';

/** Events: detections from agents, health events from the cloud. */
export const eventsContext = contextPlugin<EventsRoutesOptions>('events', ['argus-auth', 'argus-cameras'], eventsRoutes);
