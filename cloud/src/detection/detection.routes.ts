import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CameraIdParams, CameraSnapshotResponse, DetectionPatch, DetectionResponse, SnapshotResult, commandArgsProblem, errors,
  type DetectionSettings,
} from '@argus/contracts';
import { Compile } from 'typebox/compile';
import { parseSegmentKey } from '@argus/core';
import type { AuditLog } from '../audit/audit-log.js';
import type { CameraAgents } from '../control/camera-agents.js';
import { CloudError, isCloudError } from '../errors.js';
import { requireScope } from '../http/principal.js';
import type { DetectionRepository, StoredDetection } from './detection.repository.js';

export interface DetectionRoutesOptions {
  readonly detection: DetectionRepository;
  readonly cameraAgents: CameraAgents;
  readonly auditLog: AuditLog;
  /** How long to wait for the agent's ack (CloudConfig.commandTimeoutMs). */
  readonly commandTimeoutMs: number;
  /** Clock, epoch ms (appliedAt, takenAt). */
  readonly now: () => number;
}

const snapshotResult = Compile(SnapshotResult);

/**
 * The JPEG key of a snapshot ack, when it is a media key of this camera of
 * this organisation: the console loads it through GET /api/media with the
 * caller's credentials, so an agent must not point it anywhere else.
 */
function snapshotKeyOf(result: unknown, orgId: string, cameraId: string): string | undefined {
  if (!snapshotResult.Check(result)) return undefined;
  const parsed = parseSegmentKey(result.key);
  return parsed?.orgId === orgId && parsed.cameraId === cameraId && parsed.ext === 'jpg' ? result.key : undefined;
}

const toResponse = (cameraId: string, stored: StoredDetection): DetectionResponse => ({
  cameraId,
  detection: stored.detection,
  stream: stored.stream,
  appliedAt: stored.appliedAt === null ? null : new Date(stored.appliedAt).toISOString(),
});

/** One line of the audit log: what the settings now say. */
const summary = (d: DetectionSettings): string =>
  `${d.enabled ? 'on' : 'off'} sensitivity=${d.sensitivity} fps=${d.fps} zones=${d.zones.map((z) => z.name).join('|') || '-'} masks=${d.masks.length}`;

/** The agent was asked and failed to do it: audited as failed. Not reaching any agent sent nothing, and is not. */
const commandFailed = (err: unknown): boolean => isCloudError(err, 'CLD_ERR_AGENT_REFUSED') || isCloudError(err, 'CLD_ERR_COMMAND_TIMEOUT');

/**
 * A camera's motion detection settings (applied through its agent, then
 * stored) and the snapshot the console's zone editor draws on.
 */
export const detectionRoutes: FastifyPluginAsyncTypebox<DetectionRoutesOptions> = async (app, { detection, cameraAgents, auditLog, commandTimeoutMs, now }) => {
  app.get('/api/cameras/:id/detection', {
    config: { access: 'camera.view' },
    schema: { params: CameraIdParams, response: { 200: DetectionResponse, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const cameraId = request.params.id;
    const stored = await detection.get(requireScope(request.principal), cameraId);
    if (!stored) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { field: 'id' });
    return toResponse(cameraId, stored);
  });

  /**
   * Merges the patch into the stored settings, has the camera's agent apply
   * them (configure-detection) and stores them once it has acknowledged:
   * nothing is stored when no agent is reachable or the agent refuses.
   */
  app.put('/api/cameras/:id/detection', {
    config: { access: 'camera.configure' },
    schema: { params: CameraIdParams, body: DetectionPatch, response: { 200: DetectionResponse, ...errors(400, 401, 403, 404, 409, 502, 504) } },
  }, async (request) => {
    const scope = requireScope(request.principal);
    const cameraId = request.params.id;
    const stored = await detection.get(scope, cameraId);
    if (!stored) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { field: 'id' });
    const next: DetectionSettings = { ...stored.detection, ...request.body };
    const args = { cameraId, detection: next };
    // Each field was checked against the schema; the merge is checked as the agent will check it.
    const problem = commandArgsProblem('configure-detection', args);
    if (problem !== undefined) throw new CloudError('CLD_ERR_VALIDATION', `body ${problem.replace(/^args\.detection\.?/, '')}`.trim(), { field: 'detection' });
    let outcome;
    try {
      outcome = await cameraAgents.command({ orgId: scope.orgId, cameraId }, 'configure-detection', args, commandTimeoutMs);
    } catch (err) {
      if (commandFailed(err)) await auditLog.record(request, { action: 'camera.detection', target: `camera:${cameraId} ${summary(next)}`, result: 'failed' });
      throw err;
    }
    const answered = (outcome.result as { stream?: unknown } | undefined)?.stream;
    const applied = { detection: next, stream: answered === 'main' || answered === 'sub' ? answered : null, appliedAt: now() } as const;
    if (!(await detection.save(scope.orgId, cameraId, applied))) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { field: 'id' });
    await auditLog.record(request, { action: 'camera.detection', target: `camera:${cameraId} agent:${outcome.agentId} ${summary(next)}` });
    request.log.info({ cameraId, agentId: outcome.agentId, stream: applied.stream }, 'detection settings applied');
    return toResponse(cameraId, applied);
  });

  /** A JPEG taken now by the camera's agent (uploaded by the agent to the object store), for the zone editor. */
  app.post('/api/cameras/:id/snapshot', {
    config: { access: 'camera.control' },
    schema: { params: CameraIdParams, response: { 200: CameraSnapshotResponse, ...errors(400, 401, 403, 404, 409, 502, 504) } },
  }, async (request) => {
    const scope = requireScope(request.principal);
    const cameraId = request.params.id;
    if (!(await detection.get(scope, cameraId))) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { field: 'id' });
    let outcome;
    try {
      outcome = await cameraAgents.command({ orgId: scope.orgId, cameraId }, 'snapshot', { cameraId }, commandTimeoutMs);
    } catch (err) {
      if (commandFailed(err)) await auditLog.record(request, { action: 'camera.snapshot', target: `camera:${cameraId}`, result: 'failed' });
      throw err;
    }
    const { result, agentId } = outcome;
    const key = snapshotKeyOf(result, scope.orgId, cameraId);
    if (key === undefined) {
      await auditLog.record(request, { action: 'camera.snapshot', target: `camera:${cameraId}`, result: 'failed' });
      throw new CloudError('CLD_ERR_AGENT_REFUSED', `agent ${agentId} answered the snapshot of camera ${cameraId} with no JPEG key of that camera`);
    }
    await auditLog.record(request, { action: 'camera.snapshot', target: `camera:${cameraId} ${key}` });
    return { key, url: `/api/media/${key}`, takenAt: new Date(now()).toISOString() };
  });
};
