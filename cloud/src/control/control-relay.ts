import { randomUUID } from 'node:crypto';
import type { AckMessage, CommandType } from '@argus/contracts';
import type { Logger } from '@argus/runtime';
import { CLOUD_ERRORS, CloudError, isCloudError, type CloudErrorCode } from '../errors.js';
import type { DeliveredMessage, MessageBus } from '../pubsub/message-bus.js';
import { AgentPresence } from './agent-presence.js';

/** What the relay needs of this replica's own channels (the control hub). */
export interface LocalChannels {
  /** Agents with an open channel here, and when each was attached (epoch ms). */
  agents(): Array<{ id: string; since: number }>;
  /** When the agent's open channel here was attached; undefined without one. */
  since(agentId: string): number | undefined;
  /** Sends over this replica's channel only; rejects with CloudError as ControlHub.command does. */
  command(agentId: string, command: CommandType, args: Readonly<Record<string, unknown>>, timeoutMs: number): Promise<AckMessage>;
  /** Closes the agent's channel here, if open, with a WebSocket close code. */
  close(agentId: string, code: number, reason: string): void;
}

export interface ControlRelayOptions {
  readonly bus: MessageBus;
  /** This replica, unique among those sharing the database (a random id per process). */
  readonly replicaId: string;
  readonly local: LocalChannels;
  readonly logger: Logger;
  /** Every replica lists its channels this often; one not heard of for 3 periods is taken as gone (ms). */
  readonly announceMs?: number;
  /** Clock, epoch ms. */
  readonly now?: () => number;
  /** Close codes (control-hub.ts) for a channel replaced elsewhere, and one closed because its credential was revoked. */
  readonly closeCodes: { readonly replaced: number; readonly revoked: number };
}

/** Payloads of `presence` messages. */
type Presence =
  | { op: 'up'; replica: string; agentId: string; since: number }
  | { op: 'down'; replica: string; agentId: string }
  | { op: 'snapshot'; replica: string; agents: Array<{ id: string; since: number }> }
  | { op: 'query'; replica: string }
  | { op: 'leave'; replica: string }
  | { op: 'disconnect'; replica: string; agentId: string; reason: string };

/** Payload of a `command` message: for the agent's channel on `target`, answered to `origin`. */
interface RemoteCommand {
  id: string;
  origin: string;
  target: string;
  agentId: string;
  command: CommandType;
  args: Readonly<Record<string, unknown>>;
  timeoutMs: number;
}

/** Payload of a `command-result` message. */
interface RemoteResult {
  id: string;
  origin: string;
  ack?: AckMessage;
  error?: { code: string; message: string };
}

interface Pending {
  readonly resolve: (ack: AckMessage) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const DEFAULT_ANNOUNCE_MS = 10_000; // used by the announce timer; presence entries live 3 periods

/**
 * Control channels across replicas, over the bus: tells the others which
 * agents this replica holds (as channels open and close, every
 * `announceMs`, and when a replica starts and asks), carries a command to
 * the replica holding its agent and the outcome back, and passes on
 * "close that agent's channel" (revocation; a newer channel elsewhere).
 * The control hub uses it only for agents it does not hold itself.
 */
export class ControlRelay {
  private readonly presence: AgentPresence;
  private readonly pending = new Map<string, Pending>();
  private readonly log: Logger;
  private readonly now: () => number;
  private unsubscribe: (() => void) | undefined;
  private announcer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ControlRelayOptions) {
    this.presence = new AgentPresence(3 * (options.announceMs ?? DEFAULT_ANNOUNCE_MS));
    this.log = options.logger.child({ component: 'control-relay', replica: options.replicaId });
    this.now = options.now ?? Date.now;
  }

  /** Subscribes, asks the other replicas what they hold, and announces what this one holds from now on. */
  async start(): Promise<void> {
    if (this.unsubscribe) return;
    this.unsubscribe = this.options.bus.subscribe((m) => this.received(m));
    this.announcer = setInterval(() => void this.announce(), this.options.announceMs ?? DEFAULT_ANNOUNCE_MS);
    this.announcer.unref();
    await this.presenceMessage({ op: 'query', replica: this.options.replicaId });
    await this.announce();
  }

  /** Tells the others this replica's channels are going, and abandons commands awaiting another replica; idempotent. */
  async stop(): Promise<void> {
    if (!this.unsubscribe) return;
    this.unsubscribe();
    this.unsubscribe = undefined;
    clearInterval(this.announcer);
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new CloudError('CLD_ERR_AGENT_NOT_CONNECTED', `cloud shutting down; command ${id} abandoned`));
    }
    this.pending.clear();
    await this.presenceMessage({ op: 'leave', replica: this.options.replicaId });
  }

  /** The other replica holding the agent's channel, if any. */
  replicaOf(agentId: string): string | undefined {
    return this.presence.find(agentId, this.now())?.replicaId;
  }

  opened(agentId: string, since: number): void {
    void this.presenceMessage({ op: 'up', replica: this.options.replicaId, agentId, since });
  }

  closed(agentId: string): void {
    void this.presenceMessage({ op: 'down', replica: this.options.replicaId, agentId });
  }

  /** Asks every other replica to close the agent's channel (its credential was revoked). */
  disconnect(agentId: string, reason: string): void {
    void this.presenceMessage({ op: 'disconnect', replica: this.options.replicaId, agentId, reason });
  }

  /**
   * Sends a command to the agent's channel on `replicaId` and resolves with
   * its ack. Rejects with the holder's CloudError (not connected there any
   * more, its own timeout), or CLD_ERR_COMMAND_TIMEOUT when no outcome comes
   * back within `timeoutMs`.
   */
  command(replicaId: string, agentId: string, command: CommandType, args: Readonly<Record<string, unknown>>, timeoutMs: number): Promise<AckMessage> {
    const id = randomUUID();
    return new Promise<AckMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CloudError('CLD_ERR_COMMAND_TIMEOUT', `agent ${agentId} did not acknowledge ${command} (${id}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      const payload: RemoteCommand = { id, origin: this.options.replicaId, target: replicaId, agentId, command, args, timeoutMs };
      void this.options.bus.publish({ kind: 'command', orgId: null, payload });
    });
  }

  private async announce(): Promise<void> {
    await this.presenceMessage({ op: 'snapshot', replica: this.options.replicaId, agents: this.options.local.agents() });
  }

  private presenceMessage(payload: Presence): Promise<void> {
    return this.options.bus.publish({ kind: 'presence', orgId: null, payload });
  }

  private received(message: DeliveredMessage): void {
    if (message.kind === 'presence') this.presenceReceived(message.payload as Presence);
    else if (message.kind === 'command') this.commandReceived(message.payload as RemoteCommand);
    else if (message.kind === 'command-result') this.resultReceived(message.payload as RemoteResult);
  }

  private presenceReceived(p: Presence): void {
    const self = this.options.replicaId;
    if (p.replica === self) return; // our own news, back from the bus
    const now = this.now();
    switch (p.op) {
      case 'up': {
        this.presence.up(p.replica, p.agentId, p.since, now);
        // The agent opened a newer channel elsewhere: ours is a leftover (as on one replica, the newer wins).
        const mine = this.options.local.since(p.agentId);
        if (mine !== undefined && mine < p.since) this.options.local.close(p.agentId, this.options.closeCodes.replaced, 'replaced by a newer connection');
        return;
      }
      case 'down':
        return this.presence.down(p.replica, p.agentId);
      case 'snapshot':
        return this.presence.snapshot(p.replica, p.agents, now);
      case 'query':
        return void this.announce();
      case 'leave':
        return this.presence.leave(p.replica);
      case 'disconnect':
        return this.options.local.close(p.agentId, this.options.closeCodes.revoked, p.reason);
    }
  }

  private commandReceived(c: RemoteCommand): void {
    if (c.target !== this.options.replicaId) return;
    const answer = (outcome: Omit<RemoteResult, 'id' | 'origin'>): void =>
      void this.options.bus.publish({ kind: 'command-result', orgId: null, payload: { id: c.id, origin: c.origin, ...outcome } satisfies RemoteResult });
    this.options.local.command(c.agentId, c.command, c.args, c.timeoutMs).then(
      (ack) => answer({ ack }),
      (err: unknown) => answer({ error: isCloudError(err) ? { code: err.code, message: err.message } : { code: 'CLD_ERR_INTERNAL', message: 'the command failed on the replica holding the channel' } }),
    );
  }

  private resultReceived(r: RemoteResult): void {
    if (r.origin !== this.options.replicaId) return;
    const pending = this.pending.get(r.id);
    if (!pending) return void this.log.debug({ id: r.id }, 'outcome of no pending command (late?)');
    this.pending.delete(r.id);
    clearTimeout(pending.timer);
    if (r.ack) return pending.resolve(r.ack);
    const code = (r.error?.code ?? 'CLD_ERR_INTERNAL') as CloudErrorCode;
    pending.reject(new CloudError(code in CLOUD_ERRORS ? code : 'CLD_ERR_INTERNAL', r.error?.message ?? 'the command failed on the replica holding the channel'));
  }
}
