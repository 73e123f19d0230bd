import { contextPlugin } from '../http/context-plugin.js';
import { camerasRoutes, type CamerasRoutesOptions } from './cameras.routes.js';

/** Cameras: announced by agents, listed to people within their sites. */
export const camerasContext = contextPlugin<CamerasRoutesOptions>('cameras', ['argus-auth', 'argus-audit'], camerasRoutes);
