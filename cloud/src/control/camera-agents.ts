import type { CommandArgs, CommandType } from '@argus/contracts';
import type { AgentsRepository } from '../agents/agents.repository.js';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import { CloudError } from '../errors.js';
import type { ControlHub } from './control-hub.js';

/** A camera of an organisation (camera ids are unique per organisation only). */
export interface OrgCamera {
  readonly orgId: string;
  readonly cameraId: string;
}

export interface CameraAgentsOptions {
  readonly cameras: CamerasRepository;
  readonly agents: AgentsRepository;
  /** Which agents have a control channel open to this replica, and the way to them. */
  readonly hub: Pick<ControlHub, 'isConnected' | 'command'>;
}

/** What the camera's agent answered to a command it carried out. */
export interface CameraCommandOutcome {
  readonly agentId: string;
  /** The ack's result, unchecked: the caller knows the command's result schema. */
  readonly result: unknown;
}

/**
 * Finds the agent that a command about a camera goes to: the one place that
 * answers "who records this camera, and can we reach it now" for the live
 * sessions, detection settings and snapshots. Callers check the person's
 * scope first; this looks in the whole organisation.
 */
export class CameraAgents {
  constructor(private readonly options: CameraAgentsOptions) {}

  /**
   * The id of a connected agent of the camera's site; failing that, the only
   * connected agent of the organisation (the legacy ARGUS_EDGE_TOKEN agent
   * belongs to no site, and may not have reported the camera yet). Throws
   * CLD_ERR_CAMERA_NOT_FOUND, or CLD_ERR_AGENT_NOT_CONNECTED when no agent
   * of the camera can be reached.
   */
  async agentFor({ orgId, cameraId }: OrgCamera): Promise<string> {
    const orgScope = { orgId, siteIds: null };
    const camera = await this.options.cameras.streams(orgScope, cameraId);
    if (!camera) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { field: 'id' });
    const connected = (ids: Array<{ id: string }>): string[] => ids.map((a) => a.id).filter((id) => this.options.hub.isConnected(id));
    const ofSite = connected(await this.options.agents.agents(orgScope, camera.siteId));
    if (ofSite[0] !== undefined) return ofSite[0];
    const ofOrg = connected(await this.options.agents.agents(orgScope));
    if (ofOrg.length === 1) return ofOrg[0]!;
    throw new CloudError('CLD_ERR_AGENT_NOT_CONNECTED', `no agent of camera ${cameraId}'s site has a control channel open`);
  }

  /**
   * Sends `command` to the camera's agent and waits for its ack (at most
   * `timeoutMs`). Throws as agentFor does, CLD_ERR_COMMAND_TIMEOUT without an
   * ack, and CLD_ERR_AGENT_REFUSED with the agent's code and message when it
   * acks `ok: false`.
   */
  async command<C extends CommandType>(camera: OrgCamera, command: C, args: CommandArgs<C>, timeoutMs: number): Promise<CameraCommandOutcome> {
    const agentId = await this.agentFor(camera);
    const ack = await this.options.hub.command(agentId, command, args as Readonly<Record<string, unknown>>, timeoutMs);
    if (!ack.ok) {
      const why = ack.error ? `${ack.error.code}: ${ack.error.message.slice(0, 500)}` : 'no reason given';
      throw new CloudError('CLD_ERR_AGENT_REFUSED', `agent ${agentId} refused ${command} for camera ${camera.cameraId}: ${why}`);
    }
    return { agentId, result: ack.result };
  }
}
