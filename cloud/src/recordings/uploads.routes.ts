import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CloudError } from '../errors.js';
import { errors } from '@argus/contracts';
import { agentOf, assertAgentSite } from '../http/principal.js';
import type { RecordingsOptions } from './recordings.options.js';
import { checkSegmentKey } from './segment-key.js';
import { UploadRequest, UploadResponse } from '@argus/contracts';

/** Long enough for a slow uplink to push one segment, short enough that a leaked URL is soon useless. */
export const UPLOAD_URL_TTL_MS = 15 * 60 * 1000; // used by POST /api/uploads

export const uploadsRoutes: FastifyPluginAsyncTypebox<RecordingsOptions> = async (app, { cameras, store }) => {
  app.post('/api/uploads', {
    config: { access: 'agent' },
    schema: { body: UploadRequest, response: { 200: UploadResponse, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const { key, bytes, sha256 } = request.body;
    const agent = agentOf(request.principal);
    const parsed = checkSegmentKey(key, agent.orgId);
    const siteId = await cameras.siteOf(agent.orgId, parsed.cameraId);
    if (siteId === undefined) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${parsed.cameraId}`, { field: 'key' });
    assertAgentSite(agent, siteId, `camera ${parsed.cameraId}`);
    const target = await store.uploadTarget(key, { bytes, sha256, expiresInMs: UPLOAD_URL_TTL_MS });
    // The file store answers with a path on this cloud: make it absolute with
    // the origin the edge used to reach us, so it can PUT without knowing which store is behind.
    const url = new URL(target.url, `${request.protocol}://${request.host}`).toString();
    return { url, method: target.method, headers: { ...target.headers } };
  });
};
