import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CameraIdParams, errors, LIVE_WS_CLOSE, LIVE_WS_MAX_BUFFERED_BYTES, LiveSessionsResponse, LiveWsQuery, StreamName } from '@argus/contracts';
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
const LiveHlsQuery = Type.Object({ stream: Type.Optional(StreamName) });

export const liveRoutes: FastifyPluginAsyncTypebox<LiveRoutesOptions> = async (app, { live, cameras, auditLog }) => {
  /** Opening a live view makes an agent push video: only for callers who may see the camera. */
  app.get('/api/cameras/:id/live-now.m3u8', {
    config: { access: 'camera.view' },
    schema: { params: CameraIdParams, querystring: LiveHlsQuery, response: { 200: Type.String({ description: HLS_CONTENT_TYPE }), ...errors(401, 403, 404, 409, 502, 504) } },
  }, async (request, reply) => {
    const scope = requireScope(request.principal);
    const cameraId = request.params.id;
    const stream = request.query.stream ?? 'main';
    if (!(await cameras.exists(scope, cameraId))) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { field: 'id' });
    await auditLog.recordViewing(request, { action: 'live.view', target: `camera:${cameraId}` }, VIEW_AUDIT_EVERY_MS);
    const playlist = await live.playlist({ orgId: scope.orgId, cameraId, stream });
    // Segment URIs in the relay's playlist are relative (seg-N.ts); the browser resolves them against this URL's folder.
    const rewritten = playlist.replace(/^(seg-\d+\.ts)$/gm, `/api/live/${cameraId}/$1${stream === 'main' ? '' : `?stream=${stream}`}`);
    return reply.type(HLS_CONTENT_TYPE).header('Cache-Control', 'no-cache').send(rewritten);
  });

  app.get('/api/live/:id/:file', {
    config: { access: 'camera.view' },
    schema: { params: LiveFileParams, querystring: LiveHlsQuery }, // 200 is MPEG-TS bytes; errors are the catalogue's JSON
  }, async (request, reply) => {
    const scope = requireScope(request.principal);
    const cameraId = request.params.id;
    const bytes = (await cameras.exists(scope, cameraId)) ? await live.segment({ orgId: scope.orgId, cameraId, stream: request.query.stream ?? 'main' }, request.params.file) : undefined;
    if (!bytes) throw new CloudError('CLD_ERR_OBJECT_NOT_FOUND', `no live segment ${request.params.file} of camera ${cameraId}`);
    return reply.type('video/mp2t').header('Cache-Control', 'no-cache').send(bytes);
  });

  /**
   * Low-latency live view: fragmented MP4 over a WebSocket (contracts'
   * live.schemas.ts). Access, the camera's existence and the audit entry
   * are settled before the upgrade (preHandler), so a refused caller gets a
   * plain HTTP error and no socket. The session lives on this replica (its
   * relay takes the push here); the agent may be connected to any replica
   * (live-start travels over the bus).
   */
  app.get('/api/cameras/:id/live.ws', {
    websocket: true,
    config: { access: 'camera.view' },
    schema: { params: CameraIdParams, querystring: LiveWsQuery },
    preHandler: async (request) => {
      const { id } = request.params as { id: string };
      const scope = requireScope(request.principal);
      if (!(await cameras.exists(scope, id))) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${id}`, { field: 'id' });
      await auditLog.recordViewing(request, { action: 'live.view', target: `camera:${id}` }, VIEW_AUDIT_EVERY_MS);
    },
  }, async (socket, request) => {
    const scope = requireScope(request.principal);
    const cameraId = request.params.id;
    const stream = request.query.stream ?? 'main';
    const log = request.log.child({ component: 'live-ws', cameraId, stream });
    let leave: (() => void) | undefined;
    let closed = false;
    let skipping = false;
    socket.on('close', () => {
      closed = true;
      leave?.();
    });
    try {
      const unwatch = await live.watch({ orgId: scope.orgId, cameraId, stream }, {
        send(bytes, kind, keyframe) {
          if (closed) return;
          // A slow viewer skips to the next keyframe instead of falling ever further behind.
          if (kind === 'fragment' && socket.bufferedAmount > LIVE_WS_MAX_BUFFERED_BYTES) skipping = true;
          if (skipping && kind === 'fragment' && !keyframe) return;
          skipping = false;
          socket.send(bytes, { binary: true });
        },
        end() {
          if (!closed) socket.close(LIVE_WS_CLOSE.ended, 'live session ended');
        },
      });
      if (closed) unwatch();
      else leave = unwatch;
    } catch (err) {
      log.warn({ err }, 'live view could not start');
      if (!closed) socket.close(LIVE_WS_CLOSE.ended, err instanceof CloudError ? err.code : 'CLD_ERR_LIVE_FAILED');
    }
  });

  /** Open live sessions of the caller's organisation: viewers per camera and the bytes each push brings in. */
  app.get('/api/live/sessions', {
    config: { access: 'site.manage' },
    schema: { response: { 200: LiveSessionsResponse, ...errors(401, 403) } },
  }, async (request) => ({ sessions: live.stats(requireScope(request.principal).orgId) }));
};
