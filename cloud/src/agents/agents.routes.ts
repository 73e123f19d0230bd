import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AgentIdParams, AgentListResponse, errors, RevokeCredentialResponse } from '@argus/contracts';
import type { AuditLog } from '../audit/audit-log.js';
import { agentOf, personOf, requireScope } from '../http/principal.js';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import type { EventsRepository } from '../events/events.repository.js';
import { CloudError } from '../errors.js';
import type { AgentRecord, AgentsRepository } from './agents.repository.js';
import {
  EnrollBody,
  EnrollmentTokenBody,
  EnrollmentTokenResponse,
  EnrollResponse,
  HealthHistoryQuery,
  HealthHistoryResponse,
  HeartbeatBody,
  MAX_HEALTH_HISTORY_PERIODS,
  HeartbeatResponse,
  SiteCreateBody,
  SiteHealthResponse,
  SiteIdParams,
  SiteListResponse,
  SiteResponse,
  type AgentHealth,
} from '@argus/contracts';
import { agentOutage } from '../core/health-rules.js';
import { groupHealthHistory } from '../core/health-history.js';

/** What the agents context needs of the control channel; the control context's hub provides it. */
export interface AgentChannels {
  isConnected(agentId: string): boolean;
  disconnect(agentId: string, reason: string): void;
}

export interface AgentsRoutesOptions {
  readonly agents: AgentsRepository;
  readonly cameras: CamerasRepository;
  /** The health events behind a site's health history. */
  readonly events: EventsRepository;
  /** Which agents have a control channel open, and closing one (the control hub). */
  readonly hub: AgentChannels;
  readonly auditLog: AuditLog;
  readonly agentGraceMs: number;
  /** Clock, epoch ms; tests fix it. */
  readonly now: () => number;
}

export const agentsRoutes: FastifyPluginAsyncTypebox<AgentsRoutesOptions> = async (app, options) => {
  const { agents, cameras, events, hub, auditLog, agentGraceMs, now } = options;

  const agentHealth = (a: AgentRecord): AgentHealth => ({
    id: a.id,
    name: a.name,
    siteId: a.siteId,
    version: a.version,
    lastSeenAt: a.lastSeenAt === null ? null : new Date(a.lastSeenAt).toISOString(),
    online: a.lastSeenAt !== null && agentOutage(a, now(), agentGraceMs) === undefined,
    controlConnected: hub.isConnected(a.id),
    clockSkewMs: a.clockSkewMs,
    spool: a.spool,
    diskFreeBytes: a.diskFreeBytes,
    revokedAt: a.revokedAt === null ? null : new Date(a.revokedAt).toISOString(),
  });

  app.post('/api/sites', {
    config: { access: 'site.manage' },
    schema: { body: SiteCreateBody, response: { 201: SiteResponse, ...errors(400, 401, 403, 409) } },
  }, async (request, reply) => {
    const person = personOf(request.principal);
    // A site-scoped integrator could not see the site it creates: sites are created by org-wide callers.
    if (person.siteIds !== null) throw new CloudError('CLD_ERR_FORBIDDEN', 'only a caller with every site of the organisation may create sites');
    const site = await agents.createSite(person.orgId, request.body.id, request.body.name);
    if (!site) throw new CloudError('CLD_ERR_SITE_CONFLICT', `site ${request.body.id} exists`, { field: 'id' });
    await auditLog.record(request, { action: 'site.create', target: `site:${site.id}` });
    return reply.status(201).send({ site });
  });

  app.post('/api/sites/:id/enrollment-tokens', {
    config: { access: 'site.manage' },
    schema: { params: SiteIdParams, body: EnrollmentTokenBody, response: { 201: EnrollmentTokenResponse, ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const site = await agents.site(requireScope(request.principal), request.params.id);
    if (!site || site.createdAt === null) throw new CloudError('CLD_ERR_SITE_NOT_FOUND', `no site ${request.params.id} (create it with POST /api/sites)`, { field: 'id' });
    const expiresAt = now() + (request.body.expiresInSeconds ?? 3600) * 1000;
    const token = await agents.createEnrollmentToken(personOf(request.principal).orgId, site.id, expiresAt);
    await auditLog.record(request, { action: 'agent.enrollment-token', target: `site:${site.id} until ${new Date(expiresAt).toISOString()}` });
    return reply.status(201).send({ token, siteId: site.id, expiresAt: new Date(expiresAt).toISOString() });
  });

  // No bearer: the one-time token in the body is the authentication.
  app.post('/api/agents/enroll', {
    config: { access: 'public' },
    schema: { body: EnrollBody, response: { 201: EnrollResponse, ...errors(400, 401, 410) } },
  }, async (request, reply) => {
    const result = await agents.enroll(request.body.token, { name: request.body.name, version: request.body.version }, now());
    switch (result.outcome) {
      case 'unknown':
        throw new CloudError('CLD_ERR_ENROLLMENT_TOKEN_INVALID', 'unknown enrollment token', { field: 'token' });
      case 'used':
        throw new CloudError('CLD_ERR_ENROLLMENT_TOKEN_USED', 'this enrollment token was already used; ask for a new one', { field: 'token' });
      case 'expired':
        throw new CloudError('CLD_ERR_ENROLLMENT_TOKEN_EXPIRED', `this enrollment token expired at ${new Date(result.expiredAt).toISOString()}; ask for a new one`, { field: 'token' });
      case 'enrolled':
        await auditLog.record(request, { action: 'agent.enroll', target: `agent:${result.agentId} site:${result.siteId} (${request.body.name})`, orgId: result.orgId, actor: `agent:${result.agentId}` });
        return reply.status(201).send({ agentId: result.agentId, orgId: result.orgId, siteId: result.siteId, credential: result.credential });
    }
  });

  app.post('/api/agents/heartbeat', {
    config: { access: 'agent' },
    schema: { body: HeartbeatBody, response: { 200: HeartbeatResponse, ...errors(400, 401, 403) } },
  }, async (request) => {
    const principal = agentOf(request.principal);
    const received = now();
    const stored = await agents.recordHeartbeat(principal, request.body, received);
    if (stored.length < request.body.cameras.length) {
      request.log.debug({ agentId: principal.agentId, skipped: request.body.cameras.map((c) => c.id).filter((id) => !stored.includes(id)) }, 'heartbeat: cameras not stored (unknown or of another site)');
    }
    // The clock is read again so that serverTime is as close to the reply as the handler allows.
    return { serverTime: new Date(now()).toISOString(), agentId: principal.agentId, orgId: principal.orgId };
  });

  app.get('/api/sites', {
    config: { access: 'camera.view' },
    schema: { response: { 200: SiteListResponse, ...errors(401, 403) } },
  }, async (request) => {
    const scope = requireScope(request.principal);
    const [sites, cameraRows, agentRows] = await Promise.all([agents.sites(scope), cameras.healthRecords(scope), agents.agents(scope)]);
    return {
      sites: sites.map((site) => {
        const siteCameras = cameraRows.filter((c) => c.siteId === site.id);
        const siteAgents = agentRows.filter((a) => a.siteId === site.id).map(agentHealth);
        return {
          id: site.id,
          name: site.name,
          cameras: siteCameras.length,
          camerasOnline: siteCameras.filter((c) => cameras.isOnline(c)).length,
          agents: siteAgents.length,
          agentsOnline: siteAgents.filter((a) => a.online).length,
        };
      }),
    };
  });

  app.get('/api/sites/:id/health', {
    config: { access: 'camera.view' },
    schema: { params: SiteIdParams, response: { 200: SiteHealthResponse, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const scope = requireScope(request.principal);
    const site = await agents.site(scope, request.params.id);
    if (!site) throw new CloudError('CLD_ERR_SITE_NOT_FOUND', `no site ${request.params.id}`, { field: 'id' });
    const [cameraRows, agentRows] = await Promise.all([cameras.healthRecords(scope, site.id), agents.agents(scope, site.id)]);
    return {
      site: { id: site.id, name: site.name },
      agents: agentRows.map(agentHealth),
      cameras: cameraRows.map((c) => ({
        id: c.id,
        name: c.name,
        state: c.state,
        lastSegmentAt: c.lastSegmentAt === null ? null : new Date(c.lastSegmentAt).toISOString(),
        online: cameras.isOnline(c),
        fps: c.fps,
        bitrateKbps: c.bitrateKbps,
      })),
    };
  });

  /** The site's cameras and agents with their health periods over the last `hours` (default 24). */
  app.get('/api/sites/:id/health/history', {
    config: { access: 'camera.view' },
    schema: { params: SiteIdParams, querystring: HealthHistoryQuery, response: { 200: HealthHistoryResponse, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const scope = requireScope(request.principal);
    const site = await agents.site(scope, request.params.id);
    if (!site) throw new CloudError('CLD_ERR_SITE_NOT_FOUND', `no site ${request.params.id}`, { field: 'id' });
    const [cameraRows, agentRows] = await Promise.all([cameras.healthRecords(scope, site.id), agents.agents(scope, site.id)]);
    const subjects = { cameraIds: cameraRows.map((c) => c.id), agentIds: agentRows.map((a) => a.id) };
    const to = now();
    const window = { from: to - (request.query.hours ?? 24) * 3_600_000, to };
    const { rows, truncated } = await events.healthHistory(scope.orgId, subjects, window, MAX_HEALTH_HISTORY_PERIODS);
    return groupHealthHistory(subjects, rows, window, truncated);
  });

  app.get('/api/agents', {
    config: { access: 'site.manage' },
    schema: { response: { 200: AgentListResponse, ...errors(401, 403) } },
  }, async (request) => ({ agents: (await agents.agents(requireScope(request.principal))).map(agentHealth) }));

  /** The agent's credential stops working at once; its control channel is closed. It must enrol again. */
  app.delete('/api/agents/:id/credential', {
    config: { access: 'agent.revoke' },
    schema: { params: AgentIdParams, response: { 200: RevokeCredentialResponse, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const scope = requireScope(request.principal);
    const agent = await agents.get(scope, request.params.id);
    if (!agent) throw new CloudError('CLD_ERR_AGENT_NOT_FOUND', `no agent ${request.params.id}`, { field: 'id' });
    if (agent.siteId === null) throw new CloudError('CLD_ERR_BAD_REQUEST', `agent ${agent.id} authenticates with the cloud's ARGUS_EDGE_TOKEN, not a credential of its own: unset that variable to shut it out`);
    const revokedAt = await agents.revokeCredential(scope.orgId, agent.id, now());
    if (revokedAt === undefined) throw new CloudError('CLD_ERR_AGENT_NOT_FOUND', `no agent ${request.params.id}`, { field: 'id' });
    hub.disconnect(agent.id, 'credential revoked');
    await auditLog.record(request, { action: 'agent.revoke', target: `agent:${agent.id} site:${agent.siteId}` });
    return { agentId: agent.id, revokedAt: new Date(revokedAt).toISOString() };
  });
};
