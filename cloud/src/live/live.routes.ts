import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CameraIdParams, errors } from '@argus/contracts';
import type { AuditLog } from '../audit/audit-log.js';
import { requireScope } from '../http/principal.js';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import { CloudError } from '../errors.js';
import { HLS_CONTENT_TYPE } from '../recordings/playback.routes.js';
import { VIEW_AUDIT_EVERY_MS } from '../recordings/recordings.options.js';
import type { LiveSessions } from './live-sessions.js';

export interface LiveRoutesOptions {
  readonly live: LiveSessions;
  readonly cameras: CamerasRepository;
  readonly auditLog: AuditLog;
}

const LiveFileParams = Type.Object({ id: CameraIdParams.properties.id, file: Type.String({ pattern: '^seg-\\d+\\.ts$' }) });

export const liveRoutes: FastifyPluginAsyncTypebox<LiveRoutesOptions> = async (app, { live, cameras, auditLog }) => {
  /** Opening a live view makes an agent push video: only for callers who may see the camera. */
  app.get('/api/cameras/:id/live-now.m3u8', {
    config: { access: 'camera.view' },
    schema: { params: CameraIdParams, response: { 200: Type.String({ description: HLS_CONTENT_TYPE }), ...errors(401, 403, 404, 409, 502, 504) } },
  }, async (request, reply) => {
    const scope = requireScope(request.principal);
    const cameraId = request.params.id;
    if (!(await cameras.exists(scope, cameraId))) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { field: 'id' });
    await auditLog.recordViewing(request, { action: 'live.view', target: `camera:${cameraId}` }, VIEW_AUDIT_EVERY_MS);
    const playlist = await live.playlist({ orgId: scope.orgId, cameraId });
    // Segment URIs in the relay's playlist are relative (seg-N.ts); the browser resolves them against this URL's folder.
    const rewritten = playlist.replace(/^(seg-\d+\.ts)$/gm, `/api/live/${cameraId}/$1`);
    return reply.type(HLS_CONTENT_TYPE).header('Cache-Control', 'no-cache').send(rewritten);
  });

  app.get('/api/live/:id/:file', {
    config: { access: 'camera.view' },
    schema: { params: LiveFileParams }, // 200 is MPEG-TS bytes; errors are the catalogue's JSON
  }, async (request, reply) => {
    const scope = requireScope(request.principal);
    const cameraId = request.params.id;
    const bytes = (await cameras.exists(scope, cameraId)) ? await live.segment({ orgId: scope.orgId, cameraId }, request.params.file) : undefined;
    if (!bytes) throw new CloudError('CLD_ERR_OBJECT_NOT_FOUND', `no live segment ${request.params.file} of camera ${cameraId}`);
    return reply.type('video/mp2t').header('Cache-Control', 'no-cache').send(bytes);
  });
};
