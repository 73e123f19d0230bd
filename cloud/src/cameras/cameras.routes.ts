import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CloudError } from '../errors.js';
import { CameraIdParams, errors } from '@argus/contracts';
import { assertSiteAccess, type EdgeAuthHook } from '../http/edge-auth.js';
import type { CamerasRepository } from './cameras.repository.js';
import { CameraListResponse, CameraResponse, CameraUpsertBody } from '@argus/contracts';

export interface CamerasRoutesOptions {
  readonly cameras: CamerasRepository;
  readonly edgeAuth: EdgeAuthHook;
}

export const camerasRoutes: FastifyPluginAsyncTypebox<CamerasRoutesOptions> = async (app, { cameras, edgeAuth }) => {
  app.put('/api/cameras/:id', {
    onRequest: edgeAuth,
    schema: { params: CameraIdParams, body: CameraUpsertBody, response: { 200: CameraResponse, ...errors(400, 401, 403, 409) } },
  }, async (request) => {
    // An enrolled agent's cameras belong to its site, whatever the body says.
    const site = request.edge?.kind === 'agent' ? request.edge.siteId : undefined;
    const result = await cameras.upsert(request.params.id, site === undefined ? request.body : { ...request.body, siteId: site }, site);
    if (result.outcome === 'other-org') throw new CloudError('CLD_ERR_FORBIDDEN', `camera id ${request.params.id} belongs to another org`, { field: 'id' });
    if (result.outcome === 'other-site') assertSiteAccess(request.edge, result.siteId, `camera ${request.params.id}`);
    if (result.outcome !== 'ok') throw new Error('unreachable: camera upsert outcome');
    request.log.info({ cameraId: result.camera.id, siteId: result.camera.siteId }, 'camera upserted');
    return { camera: result.camera };
  });

  app.get('/api/cameras', { schema: { response: { 200: CameraListResponse } } }, async () => ({ cameras: await cameras.list() }));

  app.get('/api/cameras/:id', {
    schema: { params: CameraIdParams, response: { 200: CameraResponse, ...errors(400, 404) } },
  }, async (request) => {
    const camera = await cameras.get(request.params.id);
    if (!camera) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${request.params.id}`, { field: 'id' });
    return { camera };
  });
};
