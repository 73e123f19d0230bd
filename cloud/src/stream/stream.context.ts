import { contextPlugin } from '../http/context-plugin.js';
import { streamRoutes, type StreamRoutesOptions } from './stream.routes.js';

/** The real-time stream to consoles: events and alerts over Server-Sent Events, from the bus. */
export const streamContext = contextPlugin<StreamRoutesOptions>('stream', ['argus-auth'], streamRoutes);
