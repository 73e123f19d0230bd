import { contextPlugin } from '../http/context-plugin.js';
import { layoutsRoutes, type LayoutsRoutesOptions } from './layouts.routes.js';

/** The Live wall's saved layouts, per user: `/api/me/layouts`. */
export const layoutsContext = contextPlugin<LayoutsRoutesOptions>('layouts', ['argus-auth'], layoutsRoutes);
