import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CameraIdParams, CameraListResponse, CameraResponse, CameraUpsertBody, errors } from '@argus/contracts';
import { agentOf, assertAgentSite, requireScope } from '../http/principal.js';
import type { AuditLog } from '../audit/audit-log.js';
import { CloudError } from '../errors.js';
import type { CamerasRepository } from './cameras.repository.js';

export interface CamerasRoutesOptions {
  readonly cameras: CamerasRepository;
  readonly auditLog: AuditLog;
}

export const camerasRoutes: FastifyPluginAsyncTypebox<CamerasRoutesOptions> = async (app, { cameras, auditLog }) => {
  app.put('/api/cameras/:id', {
    config: { access: 'agent' },
    schema: { params: CameraIdParams, body: CameraUpsertBody, response: { 200: CameraResponse, ...errors(400, 401, 403) } },
  }, async (request) => {
    const agent = agentOf(request.principal);
    // An enrolled agent's cameras belong to its site, whatever the body says.
    const site = agent.siteId ?? undefined;
    const result = await cameras.upsert(agent.orgId, request.params.id, site === undefined ? request.body : { ...request.body, siteId: site }, site);
    if (result.outcome === 'other-site') {
      assertAgentSite(agent, result.siteId, `camera ${request.params.id}`);
      throw new Error('unreachable: camera of another site accepted');
    }
    // Agents announce their cameras at every start: only a new or changed camera is worth an audit line.
    if (result.change !== 'unchanged') {
      const { camera } = result;
      await auditLog.record(request, { action: result.change === 'created' ? 'camera.create' : 'camera.update', target: `camera:${camera.id} site:${camera.siteId} "${camera.name}" ${camera.streams.join('+')}` });
      request.log.info({ cameraId: camera.id, siteId: camera.siteId, orgId: agent.orgId, change: result.change }, 'camera announced');
    }
    return { camera: result.camera };
  });

  app.get('/api/cameras', {
    config: { access: 'camera.view' },
    schema: { response: { 200: CameraListResponse, ...errors(401, 403) } },
  }, async (request) => ({ cameras: await cameras.list(requireScope(request.principal)) }));

  app.get('/api/cameras/:id', {
    config: { access: 'camera.view' },
    schema: { params: CameraIdParams, response: { 200: CameraResponse, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const camera = await cameras.get(requireScope(request.principal), request.params.id);
    if (!camera) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${request.params.id}`, { field: 'id' });
    return { camera };
  });
};
