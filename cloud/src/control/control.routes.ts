import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentsRepository } from '../agents/agents.repository.js';
import { AgentIdParams } from '@argus/contracts';
import { CloudError } from '../errors.js';
import type { AdminAuthHook } from '../http/admin-auth.js';
import { errors } from '@argus/contracts';
import type { EdgeAuthHook } from '../http/edge-auth.js';
import type { ControlHub } from './control-hub.js';
import { CommandBody, CommandResponse } from '@argus/contracts';

export interface ControlRoutesOptions {
  readonly hub: ControlHub;
  readonly agents: AgentsRepository;
  readonly edgeAuth: EdgeAuthHook;
  readonly adminAuth: AdminAuthHook;
  /** Upper bound of a command's wait (CloudConfig.commandTimeoutMs). */
  readonly commandTimeoutMs: number;
}

export const controlRoutes: FastifyPluginAsyncTypebox<ControlRoutesOptions> = async (app, { hub, agents, edgeAuth, adminAuth, commandTimeoutMs }) => {
  // The edge dials out (sites sit behind NAT); the auth hook runs before the
  // upgrade, so a bad credential gets a plain 401 and no socket.
  app.get('/api/agents/control', { websocket: true, onRequest: edgeAuth }, (socket, request) => {
    const principal = request.edge;
    if (!principal) return void socket.close(1008, 'unauthenticated');
    hub.attach(principal.agentId, socket);
  });

  app.post('/api/agents/:id/commands', {
    onRequest: adminAuth,
    schema: { params: AgentIdParams, body: CommandBody, response: { 200: CommandResponse, ...errors(400, 401, 404, 409, 504) } },
  }, async (request) => {
    const agentId = request.params.id;
    if (!hub.isConnected(agentId)) {
      if (!(await agents.exists(agentId))) throw new CloudError('CLD_ERR_AGENT_NOT_FOUND', `no agent ${agentId}`, { field: 'id' });
      throw new CloudError('CLD_ERR_AGENT_NOT_CONNECTED', `agent ${agentId} has no control channel open`);
    }
    const { type, args = {}, timeoutMs } = request.body;
    const ack = await hub.command(agentId, type, args, Math.min(timeoutMs ?? commandTimeoutMs, commandTimeoutMs));
    request.log.info({ agentId, command: type, id: ack.id, ok: ack.ok }, 'command acknowledged');
    const { type: _t, ...body } = ack;
    return body;
  });
};
