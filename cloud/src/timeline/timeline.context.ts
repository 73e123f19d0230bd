import { contextPlugin } from '../http/context-plugin.js';
import { timelineRoutes, type TimelineRoutesOptions } from './timeline.routes.js';

/** The timeline of a camera: a read model over the segment index and the events. */
export const timelineContext = contextPlugin<TimelineRoutesOptions>('timeline', ['argus-auth', 'argus-cameras', 'argus-recordings', 'argus-events'], timelineRoutes);
