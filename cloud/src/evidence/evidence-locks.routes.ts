import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, EVIDENCE_LOCK_MAX_DAYS, EvidenceLockBody, EvidenceLockListResponse, EvidenceLockQuery, EvidenceLockRecord } from '@argus/contracts';
import type { AuditLog } from '../audit/audit-log.js';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import { CloudError } from '../errors.js';
import { actorOf, requireScope } from '../http/principal.js';
import { rangeFromQuery } from '../recordings/time-query.js';
import type { EvidenceLocksRepository } from './evidence-locks.repository.js';

export interface EvidenceLocksRoutesOptions {
  readonly locks: EvidenceLocksRepository;
  readonly cameras: CamerasRepository;
  readonly auditLog: AuditLog;
  readonly now: () => number;
}

const LOCK_MAX_MS = EVIDENCE_LOCK_MAX_DAYS * 86_400_000;
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * Evidence locks: a camera's recordings and events in [from, to) are kept
 * whatever retention says (age or quota) until the lock is released.
 * Creating and releasing take `evidence.manage` (admins and operators) and
 * are audited; anyone who may view the camera may list its locks (the
 * timeline shows them).
 */
export const evidenceLocksRoutes: FastifyPluginAsyncTypebox<EvidenceLocksRoutesOptions> = async (app, { locks, cameras, auditLog, now }) => {
  app.post('/api/evidence-locks', {
    config: { access: 'evidence.manage' },
    schema: { body: EvidenceLockBody, response: { 201: EvidenceLockRecord, ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const scope = requireScope(request.principal);
    const { cameraId, reason } = request.body;
    const range = rangeFromQuery({ from: request.body.from, to: request.body.to }, now(), 0, LOCK_MAX_MS);
    const camera = await cameras.streams(scope, cameraId);
    if (!camera) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { field: 'cameraId' });
    if (reason.trim() === '') throw new CloudError('CLD_ERR_VALIDATION', 'body/reason: say why the range is locked', { field: 'reason' });
    const lock = await locks.create(scope.orgId, { cameraId, siteId: camera.siteId, range, reason: reason.trim() }, actorOf(request.principal), now());
    await auditLog.record(request, { action: 'evidence.lock', target: `camera:${cameraId} ${lock.from}/${lock.to} lock:${lock.id} (${lock.reason})` });
    return reply.status(201).send(lock);
  });

  app.get('/api/evidence-locks', {
    config: { access: 'camera.view' },
    schema: { querystring: EvidenceLockQuery, response: { 200: EvidenceLockListResponse, ...errors(400, 401, 403) } },
  }, async (request) => {
    const scope = requireScope(request.principal);
    const { cameraId, from, to, released = false } = request.query;
    const range = from === undefined && to === undefined ? undefined : rangeFromQuery({ from, to }, now(), 24 * 3_600_000, Number.MAX_SAFE_INTEGER);
    return { locks: await locks.list(scope, { cameraId, range, released }) };
  });

  app.delete('/api/evidence-locks/:id', {
    config: { access: 'evidence.manage' },
    schema: { params: Id, response: { 200: EvidenceLockRecord, ...errors(401, 403, 404) } },
  }, async (request) => {
    const scope = requireScope(request.principal);
    const released = await locks.release(scope, request.params.id, actorOf(request.principal), now());
    if (!released) {
      const existing = await locks.get(scope, request.params.id);
      if (existing) return existing; // already released: releasing again changes nothing
      throw new CloudError('CLD_ERR_EVIDENCE_LOCK_NOT_FOUND', `no evidence lock ${request.params.id}`, { field: 'id' });
    }
    await auditLog.record(request, { action: 'evidence.unlock', target: `camera:${released.cameraId} ${released.from}/${released.to} lock:${released.id}` });
    return released;
  });
};
