import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AgentIdParams, CommandBody, CommandResponse, commandArgsProblem, errors, roleHas, type CommandType, type Permission } from '@argus/contracts';
import type { AgentsRepository } from '../agents/agents.repository.js';
import type { AuditLog } from '../audit/audit-log.js';
import { agentOf, personOf, requireScope } from '../http/principal.js';
import { CloudError } from '../errors.js';
import type { ControlHub } from './control-hub.js';

export interface ControlRoutesOptions {
  readonly hub: ControlHub;
  readonly agents: AgentsRepository;
  readonly auditLog: AuditLog;
  /** Upper bound of a command's wait (CloudConfig.commandTimeoutMs). */
  readonly commandTimeoutMs: number;
}

/** What each command asks of its sender. live-start / live-stop are the cloud's own (live sessions), never sent by people. */
const COMMAND_PERMISSION: Record<CommandType, Permission | undefined> = {
  snapshot: 'camera.control',
  ptz: 'camera.control',
  discover: 'camera.configure',
  'probe-camera': 'camera.configure',
  'add-camera': 'camera.configure',
  'update-camera': 'camera.configure',
  'configure-detection': 'camera.configure',
  'live-start': undefined,
  'live-stop': undefined,
};

export const controlRoutes: FastifyPluginAsyncTypebox<ControlRoutesOptions> = async (app, { hub, agents, auditLog, commandTimeoutMs }) => {
  // The edge dials out (sites sit behind NAT); the auth hook runs before the
  // upgrade, so a bad credential gets a plain 401 and no socket.
  app.get('/api/agents/control', { websocket: true, config: { access: 'agent' } }, async (socket, request) => {
    const agent = agentOf(request.principal);
    if (agent.siteId === null) await agents.ensureLegacyAgent(agent, '', Date.now());
    hub.attach(agent.agentId, socket);
  });

  app.post('/api/agents/:id/commands', {
    config: { access: 'camera.control' },
    schema: { params: AgentIdParams, body: CommandBody, response: { 200: CommandResponse, ...errors(400, 401, 403, 404, 409, 504) } },
  }, async (request) => {
    const person = personOf(request.principal);
    const agentId = request.params.id;
    const { type, args = {}, timeoutMs } = request.body;
    const needed = COMMAND_PERMISSION[type];
    if (needed === undefined || !roleHas(person.role, needed)) {
      throw new CloudError('CLD_ERR_FORBIDDEN', needed === undefined ? `${type} is sent by the cloud's live sessions, not through this route` : `the ${person.role} role may not send ${type} (needs ${needed})`, { field: 'type' });
    }
    const problem = commandArgsProblem(type, args);
    if (problem !== undefined) throw new CloudError('CLD_ERR_VALIDATION', `body/${problem}`, { field: 'args' });
    // An agent outside the caller's sites (or organisation) is as absent as one that does not exist.
    if (!(await agents.get(requireScope(request.principal), agentId))) throw new CloudError('CLD_ERR_AGENT_NOT_FOUND', `no agent ${agentId}`, { field: 'id' });
    if (!hub.isConnected(agentId)) throw new CloudError('CLD_ERR_AGENT_NOT_CONNECTED', `agent ${agentId} has no control channel open`);
    const ack = await hub.command(agentId, type, args, Math.min(timeoutMs ?? commandTimeoutMs, commandTimeoutMs));
    await auditLog.record(request, { action: `agent.command.${type}`, target: `agent:${agentId}${typeof args.cameraId === 'string' ? ` camera:${args.cameraId}` : typeof args.id === 'string' ? ` camera:${args.id}` : ''}`, result: ack.ok ? 'ok' : 'failed' });
    const { type: _t, ...body } = ack;
    return body;
  });
};
