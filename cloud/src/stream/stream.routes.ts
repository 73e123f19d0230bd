import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, StreamHeaders, StreamQuery } from '@argus/contracts';
import { CloudError } from '../errors.js';
import { requireScope } from '../http/principal.js';
import { acceptsEventStream } from './sse-format.js';
import type { StreamHub } from './stream-hub.js';

export interface StreamRoutesOptions {
  readonly stream: StreamHub;
}

export const streamRoutes: FastifyPluginAsyncTypebox<StreamRoutesOptions> = async (app, { stream }) => {
  // Before the server closes: it waits for open connections, and a stream never ends by itself.
  app.addHook('preClose', async () => stream.stop());

  /**
   * Server-Sent Events: `event` and `alert` messages of the caller's
   * organisation and sites, resumable with Last-Event-ID (docs/api.md,
   * "Real-time stream"). People only: agents are refused by the permission.
   */
  app.get('/api/stream', {
    exposeHeadRoute: false, // a HEAD would open a stream with no body to end it
    config: { access: 'camera.view' },
    schema: {
      querystring: StreamQuery,
      headers: StreamHeaders,
      response: { 200: Type.String({ description: 'text/event-stream: messages `event`, `alert`, `resync`' }), ...errors(400, 401, 403) },
    },
  }, async (request, reply) => {
    const scope = requireScope(request.principal);
    if (!acceptsEventStream(request.headers.accept)) {
      throw new CloudError('CLD_ERR_BAD_REQUEST', 'GET /api/stream answers Server-Sent Events: send Accept: text/event-stream', { field: 'accept' });
    }
    const header = request.headers['last-event-id'];
    const lastEventId = (Array.isArray(header) ? header[0] : header) ?? request.query.lastEventId;
    reply.hijack();
    await stream.open(scope, reply.raw, lastEventId);
  });
};
