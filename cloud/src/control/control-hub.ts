import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Logger } from '@argus/runtime';
import { CloudError } from '../errors.js';
import { parseAck, type AckMessage, type CloudToEdge, type CommandType } from '@argus/contracts';
import type { MessageBus } from '../pubsub/message-bus.js';
import { ControlRelay } from './control-relay.js';

export interface ControlHubOptions {
  readonly logger: Logger;
  /** Clock, epoch ms (the hello's serverTime). */
  readonly now?: () => number;
  /** ws ping period; a socket that has not answered the previous ping is dropped. */
  readonly pingIntervalMs?: number;
  /**
   * Reaching agents connected to other replicas of the same database:
   * commands for them travel over the bus (control-relay.ts). Without it,
   * only this instance's agents are reachable.
   */
  readonly cluster?: {
    readonly bus: MessageBus;
    /** This replica, unique among those sharing the database. */
    readonly replicaId: string;
    /** Presence announcement period (ms); default 10 s. */
    readonly announceMs?: number;
  };
}

interface Pending {
  readonly agentId: string;
  readonly resolve: (ack: AckMessage) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const WS_OPEN = 1;
/** Close code when a newer connection of the same agent replaces this one. */
export const CLOSE_REPLACED = 4000;
/** Close code when an admin revokes the agent's credential. */
export const CLOSE_REVOKED = 4001;

/**
 * The open control channels of this cloud instance, one per agent, and the
 * commands awaiting their acknowledgement. A command for an agent connected
 * here goes straight down its channel; with `cluster`, one for an agent
 * connected to another replica goes there over the bus, and isConnected
 * answers for the whole cluster.
 */
export class ControlHub {
  private readonly sockets = new Map<string, WebSocket>();
  /** When each open socket was attached (epoch ms): the newer channel of an agent wins, across replicas too. */
  private readonly since = new WeakMap<WebSocket, number>();
  private readonly relay: ControlRelay | undefined;
  private readonly alive = new WeakSet<WebSocket>();
  private readonly pending = new Map<string, Pending>();
  private readonly log: Logger;
  private readonly now: () => number;
  private pinger: NodeJS.Timeout | undefined;

  constructor(private readonly options: ControlHubOptions) {
    this.log = options.logger.child({ component: 'control-hub' });
    this.now = options.now ?? Date.now;
    const { cluster } = options;
    this.relay = cluster && new ControlRelay({
      bus: cluster.bus, replicaId: cluster.replicaId, logger: options.logger, // presence ages by the real clock, not a test's fixed one
      ...(cluster.announceMs === undefined ? {} : { announceMs: cluster.announceMs }),
      closeCodes: { replaced: CLOSE_REPLACED, revoked: CLOSE_REVOKED },
      local: {
        agents: () => this.connectedAgents().map((id) => ({ id, since: this.since.get(this.sockets.get(id)!) ?? 0 })),
        since: (agentId) => {
          const socket = this.sockets.get(agentId);
          return socket?.readyState === WS_OPEN ? this.since.get(socket) : undefined;
        },
        command: (agentId, command, args, timeoutMs) => this.localCommand(agentId, command, args, timeoutMs),
        close: (agentId, code, reason) => this.closeLocal(agentId, code, reason),
      },
    });
  }

  async start(): Promise<void> {
    this.pinger ??= setInterval(() => this.ping(), this.options.pingIntervalMs ?? 15_000);
    this.pinger.unref();
    await this.relay?.start();
  }

  /** Ends every channel and abandons pending commands; idempotent. */
  async stop(): Promise<void> {
    await this.relay?.stop();
    clearInterval(this.pinger);
    this.pinger = undefined;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new CloudError('CLD_ERR_AGENT_NOT_CONNECTED', `cloud shutting down; command ${id} abandoned`));
    }
    this.pending.clear();
    for (const socket of this.sockets.values()) socket.close(1001, 'cloud shutting down');
    this.sockets.clear();
  }

  /** Closes the agent's channel (its credential was revoked), here or on whichever replica holds it. */
  disconnect(agentId: string, reason: string): void {
    this.closeLocal(agentId, CLOSE_REVOKED, reason);
    this.relay?.disconnect(agentId, reason);
  }

  /** Whether the agent has a control channel open to this replica or, with `cluster`, to another one. */
  isConnected(agentId: string): boolean {
    return this.isLocal(agentId) || this.relay?.replicaOf(agentId) !== undefined;
  }

  private isLocal(agentId: string): boolean {
    return this.sockets.get(agentId)?.readyState === WS_OPEN;
  }

  private closeLocal(agentId: string, code: number, reason: string): void {
    const socket = this.sockets.get(agentId);
    if (!socket) return;
    this.sockets.delete(agentId);
    socket.close(code, reason);
    this.relay?.closed(agentId);
    this.log.info({ agentId, reason }, 'control channel closed by the cloud');
  }

  /** Agents with a channel open to this replica. */
  connectedAgents(): string[] {
    return [...this.sockets.keys()].filter((id) => this.isLocal(id));
  }

  attach(agentId: string, socket: WebSocket): void {
    const previous = this.sockets.get(agentId);
    if (previous && previous !== socket) previous.close(CLOSE_REPLACED, 'replaced by a newer connection');
    this.sockets.set(agentId, socket);
    this.since.set(socket, Date.now());
    this.alive.add(socket);
    socket.on('pong', () => this.alive.add(socket));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const ack = parseAck(data.toString());
      if (!ack) return void this.log.warn({ agentId }, 'control: dropped a frame that is not an ack');
      const pending = this.pending.get(ack.id);
      if (!pending || pending.agentId !== agentId) return void this.log.debug({ agentId, id: ack.id }, 'control: ack of no pending command (late?)');
      this.pending.delete(ack.id);
      clearTimeout(pending.timer);
      pending.resolve(ack);
    });
    socket.on('close', () => {
      if (this.sockets.get(agentId) === socket) {
        this.sockets.delete(agentId);
        this.relay?.closed(agentId);
      }
      this.log.info({ agentId }, 'control channel closed');
    });
    socket.on('error', (err) => this.log.warn({ agentId, err }, 'control channel error'));
    this.send(socket, { type: 'hello', agentId, serverTime: this.now() });
    this.relay?.opened(agentId, this.since.get(socket)!);
    this.log.info({ agentId }, 'control channel open');
  }

  /**
   * Sends a command and resolves with the agent's ack: down this replica's
   * channel when the agent has one here, else through the replica holding
   * it. Throws CLD_ERR_AGENT_NOT_CONNECTED when no channel is open and
   * CLD_ERR_COMMAND_TIMEOUT when no ack comes within `timeoutMs`.
   */
  command(agentId: string, command: CommandType, args: Readonly<Record<string, unknown>>, timeoutMs: number): Promise<AckMessage> {
    const elsewhere = this.isLocal(agentId) ? undefined : this.relay?.replicaOf(agentId);
    if (elsewhere !== undefined) return this.relay!.command(elsewhere, agentId, command, args, timeoutMs);
    return this.localCommand(agentId, command, args, timeoutMs);
  }

  private localCommand(agentId: string, command: CommandType, args: Readonly<Record<string, unknown>>, timeoutMs: number): Promise<AckMessage> {
    const socket = this.sockets.get(agentId);
    if (!socket || socket.readyState !== WS_OPEN) {
      return Promise.reject(new CloudError('CLD_ERR_AGENT_NOT_CONNECTED', `agent ${agentId} has no control channel open`));
    }
    const id = randomUUID();
    return new Promise<AckMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CloudError('CLD_ERR_COMMAND_TIMEOUT', `agent ${agentId} did not acknowledge ${command} (${id}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { agentId, resolve, reject, timer });
      this.send(socket, { type: 'command', id, command, args });
    });
  }

  private send(socket: WebSocket, message: CloudToEdge): void {
    socket.send(JSON.stringify(message));
  }

  private ping(): void {
    for (const [agentId, socket] of this.sockets) {
      if (!this.alive.has(socket)) {
        this.log.warn({ agentId }, 'control channel silent; dropping it');
        socket.terminate();
        continue;
      }
      this.alive.delete(socket);
      socket.ping();
    }
  }
}
