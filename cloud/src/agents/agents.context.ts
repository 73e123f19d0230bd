import { contextPlugin } from '../http/context-plugin.js';
import { agentsRoutes, type AgentsRoutesOptions } from './agents.routes.js';

/** Sites, enrollment, agents, heartbeats and health. */
export const agentsContext = contextPlugin<AgentsRoutesOptions>('agents', ['argus-auth', 'argus-audit', 'argus-cameras'], agentsRoutes);
