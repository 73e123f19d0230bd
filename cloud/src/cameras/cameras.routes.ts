import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CloudError } from '../errors.js';
import { CameraIdParams, errors } from '../http/common.schemas.js';
import type { EdgeAuthHook } from '../http/edge-auth.js';
import type { CamerasRepository } from './cameras.repository.js';
import { CameraListResponse, CameraResponse, CameraUpsertBody } from './cameras.schemas.js';

export interface CamerasRoutesOptions {
  readonly cameras: CamerasRepository;
  readonly edgeAuth: EdgeAuthHook;
}

export const camerasRoutes: FastifyPluginAsyncTypebox<CamerasRoutesOptions> = async (app, { cameras, edgeAuth }) => {
  app.put('/api/cameras/:id', {
    onRequest: edgeAuth,
    schema: { params: CameraIdParams, body: CameraUpsertBody, response: { 200: CameraResponse, ...errors(400, 401, 409) } },
  }, async (request) => {
    const camera = await cameras.upsert(request.params.id, request.body);
    if (!camera) throw new CloudError('CLD_ERR_CAMERA_CONFLICT', `camera id ${request.params.id} belongs to another org`, { field: 'id' });
    request.log.info({ cameraId: camera.id }, 'camera upserted');
    return { camera };
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
