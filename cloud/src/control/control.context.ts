import { contextPlugin } from '../http/context-plugin.js';
import { controlRoutes, type ControlRoutesOptions } from './control.routes.js';

/** The control channel to agents and the commands people send through it. */
export const controlContext = contextPlugin<ControlRoutesOptions>('control', ['argus-auth', 'argus-audit', 'argus-agents'], controlRoutes);
