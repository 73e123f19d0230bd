import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import type { ControlHub } from '../control/control-hub.js';
import { CloudError } from '../errors.js';
import type { AdminAuthHook } from '../http/admin-auth.js';
import { errors } from '@argus/contracts';
import type { EdgeAuthHook } from '../http/edge-auth.js';
import type { AgentRecord, AgentsRepository } from './agents.repository.js';
import {
  EnrollBody,
  EnrollmentTokenBody,
  EnrollmentTokenResponse,
  EnrollResponse,
  HeartbeatBody,
  HeartbeatResponse,
  SiteCreateBody,
  SiteHealthResponse,
  SiteIdParams,
  SiteListResponse,
  SiteResponse,
  type AgentHealth,
} from '@argus/contracts';
import { agentOutage } from './health-rules.js';

export interface AgentsRoutesOptions {
  readonly agents: AgentsRepository;
  readonly cameras: CamerasRepository;
  readonly hub: ControlHub;
  readonly edgeAuth: EdgeAuthHook;
  readonly adminAuth: AdminAuthHook;
  readonly agentGraceMs: number;
  /** Clock, epoch ms; tests fix it. */
  readonly now: () => number;
}

export const agentsRoutes: FastifyPluginAsyncTypebox<AgentsRoutesOptions> = async (app, options) => {
  const { agents, cameras, hub, edgeAuth, adminAuth, agentGraceMs, now } = options;

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
    revokedAt: null,
  });

  app.post('/api/admin/sites', {
    onRequest: adminAuth,
    schema: { body: SiteCreateBody, response: { 201: SiteResponse, ...errors(400, 401, 409) } },
  }, async (request, reply) => {
    const site = await agents.createSite(request.body.id, request.body.name);
    if (!site) throw new CloudError('CLD_ERR_SITE_CONFLICT', `site ${request.body.id} exists`, { field: 'id' });
    request.log.info({ siteId: site.id }, 'site created');
    return reply.status(201).send({ site });
  });

  app.post('/api/admin/sites/:id/enrollment-tokens', {
    onRequest: adminAuth,
    schema: { params: SiteIdParams, body: EnrollmentTokenBody, response: { 201: EnrollmentTokenResponse, ...errors(400, 401, 404) } },
  }, async (request, reply) => {
    const site = await agents.site(request.params.id);
    if (!site || site.createdAt === null) throw new CloudError('CLD_ERR_SITE_NOT_FOUND', `no site ${request.params.id} (create it with POST /api/admin/sites)`, { field: 'id' });
    const expiresAt = now() + (request.body.expiresInSeconds ?? 3600) * 1000;
    const token = await agents.createEnrollmentToken(site.id, expiresAt);
    request.log.info({ siteId: site.id, expiresAt: new Date(expiresAt).toISOString() }, 'enrollment token issued');
    return reply.status(201).send({ token, siteId: site.id, expiresAt: new Date(expiresAt).toISOString() });
  });

  // No bearer: the one-time token in the body is the authentication.
  app.post('/api/agents/enroll', {
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
        request.log.info({ agentId: result.agentId, siteId: result.siteId, name: request.body.name }, 'agent enrolled');
        return reply.status(201).send({ agentId: result.agentId, siteId: result.siteId, credential: result.credential });
    }
  });

  app.post('/api/agents/heartbeat', {
    onRequest: edgeAuth,
    schema: { body: HeartbeatBody, response: { 200: HeartbeatResponse, ...errors(400, 401) } },
  }, async (request) => {
    const principal = request.edge;
    if (!principal) throw new CloudError('CLD_ERR_UNAUTHORIZED', 'missing edge credential');
    const received = now();
    const stored = await agents.recordHeartbeat(principal, request.body, received);
    if (stored.length < request.body.cameras.length) {
      request.log.debug({ agentId: principal.agentId, skipped: request.body.cameras.map((c) => c.id).filter((id) => !stored.includes(id)) }, 'heartbeat: cameras not stored (unknown or of another site)');
    }
    // The clock is read again so that serverTime is as close to the reply as the handler allows.
    return { serverTime: new Date(now()).toISOString(), agentId: principal.agentId };
  });

  app.get('/api/sites', { schema: { response: { 200: SiteListResponse } } }, async () => {
    const [sites, cameraRows, agentRows] = await Promise.all([agents.sites(), cameras.healthRecords(), agents.agents()]);
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
    schema: { params: SiteIdParams, response: { 200: SiteHealthResponse, ...errors(400, 404) } },
  }, async (request) => {
    const site = await agents.site(request.params.id);
    if (!site) throw new CloudError('CLD_ERR_SITE_NOT_FOUND', `no site ${request.params.id}`, { field: 'id' });
    const [cameraRows, agentRows] = await Promise.all([cameras.healthRecords(site.id), agents.agents(site.id)]);
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
};
