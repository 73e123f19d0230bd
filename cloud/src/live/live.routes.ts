import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CloudError } from '../errors.js';
import { CameraIdParams, errors } from '@argus/contracts';
import { HLS_CONTENT_TYPE } from '../recordings/playback.routes.js';
import type { LiveSessions } from './live-sessions.js';

export interface LiveRoutesOptions {
  readonly live: LiveSessions;
}

const LiveFileParams = Type.Object({ id: CameraIdParams.properties.id, file: Type.String({ pattern: '^seg-\\d+\\.ts$' }) });

export const liveRoutes: FastifyPluginAsyncTypebox<LiveRoutesOptions> = async (app, { live }) => {
  app.get('/api/cameras/:id/live-now.m3u8', {
    schema: { params: CameraIdParams, response: { 200: Type.String({ description: HLS_CONTENT_TYPE }), ...errors(404, 409, 502, 504) } },
  }, async (request, reply) => {
    const playlist = await live.playlist(request.params.id);
    // Segment URIs in the relay's playlist are relative (seg-N.ts); the browser resolves them against this URL's folder.
    const rewritten = playlist.replace(/^(seg-\d+\.ts)$/gm, `/api/live/${request.params.id}/$1`);
    return reply.type(HLS_CONTENT_TYPE).header('Cache-Control', 'no-cache').send(rewritten);
  });

  app.get('/api/live/:id/:file', {
    schema: { params: LiveFileParams }, // 200 is MPEG-TS bytes; errors are the catalogue's JSON
  }, async (request, reply) => {
    const bytes = await live.segment(request.params.id, request.params.file);
    if (!bytes) throw new CloudError('CLD_ERR_OBJECT_NOT_FOUND', `no live segment ${request.params.file} of camera ${request.params.id}`);
    return reply.type('video/mp2t').header('Cache-Control', 'no-cache').send(bytes);
  });
};
