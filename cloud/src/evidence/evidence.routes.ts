import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, EvidencePublicKeyResponse, ExportBody, ExportListResponse, ExportRecord } from '@argus/contracts';
import type { AuditLog } from '../audit/audit-log.js';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import { rangeProblem } from '../core/export-plan.js';
import { CloudError } from '../errors.js';
import { instantParam } from '../http/instant-param.js';
import { actorOf, personOf, requireScope } from '../http/principal.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { SegmentsRepository } from '../recordings/segments.repository.js';
import type { EvidenceKeys } from './evidence-keys.js';
import { exportKeys } from './export-job.js';
import { exportRecord, type ExportsRepository } from './exports.repository.js';

export interface EvidenceRoutesOptions {
  readonly exports: ExportsRepository;
  readonly cameras: CamerasRepository;
  readonly segments: SegmentsRepository;
  readonly store: ObjectStore;
  readonly keys: EvidenceKeys;
  readonly auditLog: AuditLog;
  /** A job was queued: start it now rather than at the next poll. */
  readonly onQueued: () => void;
  readonly now: () => number;
}

const ExportIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const ExportListQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }, { additionalProperties: false });
const ExportMediaParams = Type.Object({
  orgId: Type.String({ minLength: 1, maxLength: 64 }),
  exportId: Type.String({ minLength: 1, maxLength: 64 }),
  file: Type.Union([Type.Literal('clip.mp4'), Type.Literal('manifest.json')]),
});
const EXPORT_DOWNLOAD_URL_TTL_MS = 10 * 60 * 1000; // used by GET /api/media/org/:org/exports/... (S3)

/**
 * Evidence exports (`evidence.manage` to ask for and read them), their
 * media (`camera.view`, as every media key), and the deployment's public
 * key (public: anyone holding a manifest may check it). Scoped to the
 * caller's organisation and sites; every export asked for is audited.
 */
export const evidenceRoutes: FastifyPluginAsyncTypebox<EvidenceRoutesOptions> = async (app, { exports, cameras, segments, store, keys, auditLog, onQueued, now }) => {
  app.post('/api/exports', {
    config: { access: 'evidence.manage' },
    schema: { body: ExportBody, response: { 202: ExportRecord, ...errors(400, 401, 403, 404, 422) } },
  }, async (request, reply) => {
    const scope = requireScope(request.principal);
    const { cameraId, reason, stream = 'main' } = request.body;
    const from = instantParam('from', request.body.from, 'CLD_ERR_BAD_RANGE');
    const to = instantParam('to', request.body.to, 'CLD_ERR_BAD_RANGE');
    const problem = rangeProblem(from, to);
    if (problem) throw new CloudError('CLD_ERR_BAD_RANGE', problem.message, { field: problem.field });
    if (reason.trim() === '') throw new CloudError('CLD_ERR_VALIDATION', 'body/reason must say why the clip is exported', { field: 'reason' });
    const camera = await cameras.get(scope, cameraId);
    if (!camera) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { field: 'cameraId' });
    // Checked here as well as by the job: a range with nothing recorded is the caller's mistake, said at once.
    const found = await segments.inRange(scope.orgId, cameraId, stream, { from, to });
    if (found.length === 0) {
      throw new CloudError('CLD_ERR_EXPORT_EMPTY', `nothing of camera ${cameraId} (${stream}) is recorded between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}`, { field: 'from' });
    }
    const job = await exports.create(scope.orgId, { cameraId, siteId: camera.siteId, stream, from, to, reason, createdBy: actorOf(personOf(request.principal)) }, now());
    await auditLog.record(request, { action: 'export.create', target: `export:${job.id} camera:${cameraId} ${stream} ${new Date(from).toISOString()}/${new Date(to).toISOString()} reason: ${reason.slice(0, 200)}` });
    onQueued();
    return reply.status(202).send(exportRecord(job));
  });

  app.get('/api/exports', {
    config: { access: 'evidence.manage' },
    schema: { querystring: ExportListQuery, response: { 200: ExportListResponse, ...errors(400, 401, 403) } },
  }, async (request) => {
    const { orgId, siteIds } = requireScope(request.principal);
    return { exports: (await exports.list(orgId, siteIds, request.query.limit ?? 100)).map(exportRecord) };
  });

  app.get('/api/exports/:id', {
    config: { access: 'evidence.manage' },
    schema: { params: ExportIdParams, response: { 200: ExportRecord, ...errors(401, 403, 404) } },
  }, async (request) => {
    const { orgId, siteIds } = requireScope(request.principal);
    const job = await exports.get(orgId, siteIds, request.params.id);
    if (!job) throw new CloudError('CLD_ERR_EXPORT_NOT_FOUND', `no export ${request.params.id}`, { field: 'id' });
    return exportRecord(job);
  });

  app.get('/api/evidence/public-key', {
    config: { access: 'public' },
    schema: { response: { 200: EvidencePublicKeyResponse, ...errors(500) } },
  }, async () => (await keys.get()).publicKey);

  // More specific than recordings' GET /api/media/* (the router prefers it): export files are
  // not segment keys, and their camera is the export's.
  app.get('/api/media/org/:orgId/exports/:exportId/:file', {
    config: { access: 'camera.view' },
    schema: { params: ExportMediaParams, response: { 200: Type.Unknown({ description: 'video/mp4 or application/json' }), ...errors(401, 403, 404) } },
  }, async (request, reply) => {
    const { orgId, exportId, file } = request.params;
    const scope = requireScope(request.principal);
    const key = `org/${orgId}/exports/${exportId}/${file}`;
    const job = orgId === scope.orgId ? await exports.get(orgId, scope.siteIds, exportId) : undefined;
    const keysOf = job && exportKeys(job.orgId, job.id);
    if (!job || job.state !== 'done' || !keysOf || (key !== keysOf.clip && key !== keysOf.manifest) || !(await cameras.exists(scope, job.cameraId))) {
      throw new CloudError('CLD_ERR_OBJECT_NOT_FOUND', `no media ${key}`);
    }
    const url = await store.downloadUrl(key, EXPORT_DOWNLOAD_URL_TTL_MS);
    if (url !== undefined) return reply.header('Cache-Control', 'no-store').redirect(url, 302);
    const info = await store.stat(key);
    if (!info) throw new CloudError('CLD_ERR_OBJECT_NOT_FOUND', `no media ${key}`);
    return reply
      .type(file === 'clip.mp4' ? 'video/mp4' : 'application/json')
      .header('Content-Length', info.bytes)
      .header('Content-Disposition', `attachment; filename="${exportId}-${file}"`)
      .header('Cache-Control', 'private, max-age=3600')
      .send(await store.get(key));
  });
};
