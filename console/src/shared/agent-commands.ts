import type { CommandArgs, CommandResult, CommandType } from '@argus/contracts';
import { api } from '../store/api.js';

/** Sends one control-channel command to a chosen agent (POST /api/agents/:id/commands); an agent's refusal rejects with its EDGE_ERR_* code. */
export type CommandSender = <C extends CommandType>(type: C, args: CommandArgs<C>) => Promise<CommandResult<C>>;

/** A CommandSender bound to one agent. */
export function commandSenderFor(agentId: string): CommandSender {
  return (type, args) => api.sendCommand(agentId, type, args);
}

/**
 * The agent that takes a site's commands: the first one with its control
 * channel open (a site usually has one). Undefined when none is connected.
 */
export async function connectedAgentOf(siteId: string, signal?: AbortSignal): Promise<{ id: string; name: string } | undefined> {
  const health = await api.siteHealth(siteId, signal);
  const agent = health.agents.find((a) => a.controlConnected && a.revokedAt === null);
  return agent && { id: agent.id, name: agent.name };
}
