import { Readable } from 'node:stream';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SEGMENT_CONTENT_TYPE } from '@argus/core';
import { errors } from '@argus/contracts';
import { requireScope } from '../http/principal.js';
import { CloudError, isCloudError } from '../errors.js';
import { FileObjectStore } from '../object-store/file-object-store.js';
import type { RecordingsOptions } from './recordings.options.js';
import { checkSegmentKey } from './segment-key.js';
import { MediaParams, MediaUploadQuery } from '@argus/contracts';

/** Browsers fetch straight from S3 with this; hls.js reloads a playlist's URLs long before. */
export const DOWNLOAD_URL_TTL_MS = 10 * 60 * 1000; // used by GET /api/media (S3)
const MEDIA_CONTENT_TYPES = ['application/octet-stream', SEGMENT_CONTENT_TYPE, 'image/jpeg'];

export const mediaRoutes: FastifyPluginAsyncTypebox<RecordingsOptions> = async (app, { cameras, store, now = Date.now }) => {
  /** The key's camera, when the key is a media key of `orgId`; a key of another org is "no such media". */
  const cameraOfKey = (path: string, orgId: string): string => {
    try {
      return checkSegmentKey(path, orgId).cameraId;
    } catch (err) {
      if (isCloudError(err, 'CLD_ERR_VALIDATION')) throw new CloudError('CLD_ERR_OBJECT_NOT_FOUND', `no media ${path}`, { cause: err });
      throw err;
    }
  };

  app.get('/api/media/*', {
    config: { access: 'camera.view' },
    schema: { params: MediaParams, response: { 200: Type.Unknown({ description: SEGMENT_CONTENT_TYPE }), ...errors(401, 403, 404) } },
  }, async (request, reply) => {
    const key = request.params['*'];
    const scope = requireScope(request.principal);
    // Media of a camera outside the caller's sites is as absent as media that does not exist.
    if (!(await cameras.exists(scope, cameraOfKey(key, scope.orgId)))) throw new CloudError('CLD_ERR_OBJECT_NOT_FOUND', `no media ${key}`);
    const url = await store.downloadUrl(key, DOWNLOAD_URL_TTL_MS);
    if (url !== undefined) {
      // The presigned URL expires: the redirect itself must not be cached.
      return reply.header('Cache-Control', 'no-store').redirect(url, 302);
    }
    const info = await store.stat(key);
    if (!info) throw new CloudError('CLD_ERR_OBJECT_NOT_FOUND', `no media ${key}`);
    const body = await store.get(key);
    // Segments (and snapshots) are immutable once stored, so browsers may keep them.
    return reply.type(key.endsWith('.jpg') ? 'image/jpeg' : SEGMENT_CONTENT_TYPE).header('Content-Length', info.bytes).header('Cache-Control', 'private, max-age=3600').send(body);
  });

  if (!(store instanceof FileObjectStore)) return;

  // The file store's stand-in for an S3 presigned PUT. The body is passed on
  // as a stream (never buffered): hashed and counted on its way to disk.
  app.addContentTypeParser(MEDIA_CONTENT_TYPES, (_request, payload, done) => done(null, payload));

  // No principal: the signed URL is the authorisation (it binds key, size, digest and expiry).
  app.put('/api/media/*', {
    config: { access: 'public' },
    schema: { params: MediaParams, querystring: MediaUploadQuery, response: { 200: Type.Object({ key: Type.String(), bytes: Type.Integer(), sha256: Type.String() }), ...errors(400, 403, 404, 413, 415) } },
  }, async (request) => {
    const key = request.params['*'];
    const { expires, sha256, bytes, sig } = request.query;
    if (!store.verifyUpload({ key, expires, sha256, bytes }, sig)) {
      throw new CloudError('CLD_ERR_BAD_SIGNATURE', 'upload URL signature does not match; ask POST /api/uploads for a new one', { field: 'sig' });
    }
    if (now() > expires) throw new CloudError('CLD_ERR_URL_EXPIRED', `upload URL expired at ${new Date(expires).toISOString()}; ask POST /api/uploads for a new one`, { field: 'expires' });
    if (!(request.body instanceof Readable)) {
      throw new CloudError('CLD_ERR_UNSUPPORTED_MEDIA_TYPE', `send the segment as ${MEDIA_CONTENT_TYPES.join(' or ')}`);
    }
    const declared = request.headers['content-length'];
    if (declared !== undefined && Number(declared) !== bytes) {
      throw new CloudError('CLD_ERR_CONTENT_MISMATCH', `Content-Length ${declared} differs from the ${bytes} bytes signed for`, { field: 'bytes' });
    }
    await store.write(key, request.body, { bytes, sha256 });
    request.log.debug({ key, bytes }, 'object stored');
    return { key, bytes, sha256 };
  });
};
