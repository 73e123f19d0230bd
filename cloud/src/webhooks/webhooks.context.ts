import { contextPlugin } from '../http/context-plugin.js';
import { webhooksRoutes, type WebhooksRoutesOptions } from './webhooks.routes.js';

/** Webhooks: `/api/webhooks` (the dispatcher that sends the queue is a service started in app.ts). */
export const webhooksContext = contextPlugin<WebhooksRoutesOptions>('webhooks', ['argus-auth', 'argus-audit'], webhooksRoutes);
