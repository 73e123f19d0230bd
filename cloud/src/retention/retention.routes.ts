import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CameraIdParams, CameraRetention, CameraRetentionResponse, errors, RetentionReport, RetentionRunListResponse, SiteQuota, Slug,
} from '@argus/contracts';
import type { AuditLog } from '../audit/audit-log.js';
import { effectiveRetention, type RetentionDays } from '../core/retention-policy.js';
import { CloudError } from '../errors.js';
import { requireScope } from '../http/principal.js';
import type { RetentionRunner } from './retention-runner.js';
import type { RetentionRepository } from './retention.repository.js';

export interface RetentionRoutesOptions {
  readonly repository: RetentionRepository;
  readonly runner: RetentionRunner;
  readonly defaults: RetentionDays;
  readonly auditLog: AuditLog;
}

const SiteParams = Type.Object({ id: Slug });
const RunsQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) });

/**
 * Retention (`retention.manage`: admins): a camera's days, a site's
 * storage quota, running retention for the organisation now and its
 * reports. Changes and runs are audited. Reading a camera's retention is
 * for anyone who may view it.
 */
export const retentionRoutes: FastifyPluginAsyncTypebox<RetentionRoutesOptions> = async (app, { repository, runner, defaults, auditLog }) => {
  const answer = (cameraId: string, own: { days: number | null; eventDays: number | null }): CameraRetentionResponse => ({
    cameraId, ...effectiveRetention(own, defaults), own: { days: own.days !== null, eventDays: own.eventDays !== null },
  });

  app.get('/api/cameras/:id/retention', {
    config: { access: 'camera.view' },
    schema: { params: CameraIdParams, response: { 200: CameraRetentionResponse, ...errors(401, 403, 404) } },
  }, async (request) => {
    const { orgId, siteIds } = requireScope(request.principal);
    const own = await repository.cameraSettings(orgId, siteIds, request.params.id);
    if (!own) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${request.params.id}`, { field: 'id' });
    return answer(request.params.id, own);
  });

  app.put('/api/cameras/:id/retention', {
    config: { access: 'retention.manage' },
    schema: { params: CameraIdParams, body: CameraRetention, response: { 200: CameraRetentionResponse, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const { orgId, siteIds } = requireScope(request.principal);
    const { id } = request.params;
    if (!(await repository.cameraSettings(orgId, siteIds, id))) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${id}`, { field: 'id' });
    const { days, eventDays } = request.body;
    const effectiveDays = days ?? defaults.days;
    if (eventDays !== null && eventDays < effectiveDays) {
      throw new CloudError('CLD_ERR_VALIDATION', `body/eventDays: must be at least the days continuous recording is kept (${effectiveDays})`, { field: 'eventDays' });
    }
    await repository.setCameraSettings(orgId, id, days, eventDays);
    await auditLog.record(request, { action: 'retention.camera', target: `camera:${id} days=${days ?? 'default'} eventDays=${eventDays ?? 'default'}` });
    return answer(id, { days, eventDays });
  });

  app.put('/api/sites/:id/quota', {
    config: { access: 'retention.manage' },
    schema: { params: SiteParams, body: SiteQuota, response: { 200: SiteQuota, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const { orgId, siteIds } = requireScope(request.principal);
    if (!(await repository.setSiteQuota(orgId, siteIds, request.params.id, request.body.bytes))) {
      throw new CloudError('CLD_ERR_SITE_NOT_FOUND', `no site ${request.params.id}`, { field: 'id' });
    }
    await auditLog.record(request, { action: 'retention.quota', target: `site:${request.params.id} bytes=${request.body.bytes ?? 'none'}` });
    return { bytes: request.body.bytes };
  });

  app.post('/api/retention/run', {
    config: { access: 'retention.manage' },
    schema: { response: { 200: RetentionReport, ...errors(401, 403, 409) } },
  }, async (request) => {
    const { orgId } = requireScope(request.principal);
    const report = await runner.run(orgId);
    await auditLog.record(request, { action: 'retention.run', target: `run:${report.runId} segments=${report.deletedSegments} events=${report.deletedEvents}`, result: report.state === 'done' ? 'ok' : 'failed' });
    return report;
  });

  app.get('/api/retention/runs', {
    config: { access: 'retention.manage' },
    schema: { querystring: RunsQuery, response: { 200: RetentionRunListResponse, ...errors(400, 401, 403) } },
  }, async (request) => ({ runs: await repository.runs(requireScope(request.principal).orgId, request.query.limit ?? 50) }));
};
