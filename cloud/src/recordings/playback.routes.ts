import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { writeLivePlaylist, writeVodPlaylist, type PlaylistEntry } from '@argus/core';
import { CameraIdParams, errors, InstantQuery, StreamName } from '@argus/contracts';
import { requireScope, type TenantScope } from '../http/principal.js';
import { CloudError } from '../errors.js';
import { mediaPath } from '../object-store/media-signature.js';
import { VIEW_AUDIT_EVERY_MS, type RecordingsOptions } from './recordings.options.js';
import type { IndexedSegment } from './segments.repository.js';
import { rangeFromQuery } from './time-query.js';

export const HLS_CONTENT_TYPE = 'application/vnd.apple.mpegurl';
/** Segments in the live window: ~24 s at 4 s segments, enough for hls.js to hold 3 target durations back. */
export const LIVE_WINDOW_SEGMENTS = 6; // used by live.m3u8

const PlaybackQuery = Type.Object({ from: InstantQuery, to: InstantQuery, stream: Type.Optional(StreamName) });
const LiveQuery = Type.Object({ stream: Type.Optional(StreamName) });
const Playlist = Type.String({ description: HLS_CONTENT_TYPE });

const entry = (s: IndexedSegment): PlaylistEntry => ({ uri: mediaPath(s.key), startsAt: s.startsAt, endsAt: s.endsAt });

export const playbackRoutes: FastifyPluginAsyncTypebox<RecordingsOptions> = async (app, { cameras, segments, auditLog, now = Date.now }) => {
  const assertCamera = async (scope: TenantScope, id: string): Promise<void> => {
    if (!(await cameras.exists(scope, id))) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${id}`, { field: 'id' });
  };

  app.get('/api/cameras/:id/playback.m3u8', {
    config: { access: 'camera.view' },
    schema: { params: CameraIdParams, querystring: PlaybackQuery, response: { 200: Playlist, ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const range = rangeFromQuery(request.query, now(), 0);
    const scope = requireScope(request.principal);
    await assertCamera(scope, request.params.id);
    const target = `camera:${request.params.id} ${new Date(range.from).toISOString()}/${new Date(range.to).toISOString()}`;
    await auditLog.recordViewing(request, { action: 'playback.view', target }, VIEW_AUDIT_EVERY_MS);
    const found = await segments.inRange(scope.orgId, request.params.id, request.query.stream ?? 'main', range);
    if (found.length === 0) {
      throw new CloudError('CLD_ERR_NO_RECORDING', `camera ${request.params.id} recorded nothing between ${new Date(range.from).toISOString()} and ${new Date(range.to).toISOString()}`);
    }
    // Not cacheable: late uploads can still fill the range.
    return reply.type(HLS_CONTENT_TYPE).header('Cache-Control', 'no-cache').send(writeVodPlaylist(found.map(entry)));
  });

  app.get('/api/cameras/:id/live.m3u8', {
    config: { access: 'camera.view' },
    schema: { params: CameraIdParams, querystring: LiveQuery, response: { 200: Playlist, ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const scope = requireScope(request.principal);
    await assertCamera(scope, request.params.id);
    await auditLog.recordViewing(request, { action: 'live.view', target: `camera:${request.params.id}` }, VIEW_AUDIT_EVERY_MS);
    const window = await segments.newest(scope.orgId, request.params.id, request.query.stream ?? 'main', LIVE_WINDOW_SEGMENTS);
    const first = window[0];
    if (!first) throw new CloudError('CLD_ERR_NO_RECORDING', `camera ${request.params.id} has recorded nothing yet`);
    const playlist = writeLivePlaylist(window.map(entry), { mediaSequence: first.seq, discontinuitySequence: first.discSeq });
    return reply.type(HLS_CONTENT_TYPE).header('Cache-Control', 'no-cache').send(playlist);
  });
};
