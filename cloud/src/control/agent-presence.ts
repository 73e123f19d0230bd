/** An agent's control channel held by another replica. */
export interface RemoteChannel {
  readonly replicaId: string;
  /** When that replica attached the channel (epoch ms, its clock): the newer channel of an agent wins. */
  readonly since: number;
  /** When this replica last heard of it (epoch ms, this clock). */
  readonly seenAt: number;
}

/**
 * Which other replica holds which agent's control channel, as their
 * presence messages say (control-relay.ts). Pure: the clock comes in with
 * every call. Each replica announces its channels as they open and close
 * and all of them periodically; an entry not heard of for `ttlMs` (a
 * replica that died without a word) is forgotten.
 */
export class AgentPresence {
  private readonly channels = new Map<string, RemoteChannel>();

  constructor(private readonly ttlMs: number) {}

  /** `replicaId` attached `agentId`'s channel at `since`; an older channel elsewhere is superseded. */
  up(replicaId: string, agentId: string, since: number, now: number): void {
    const known = this.channels.get(agentId);
    if (known && known.replicaId !== replicaId && known.since > since && this.fresh(known, now)) return;
    this.channels.set(agentId, { replicaId, since, seenAt: now });
  }

  down(replicaId: string, agentId: string): void {
    if (this.channels.get(agentId)?.replicaId === replicaId) this.channels.delete(agentId);
  }

  /** Everything `replicaId` holds now: its entries not listed are gone. */
  snapshot(replicaId: string, agents: ReadonlyArray<{ readonly id: string; readonly since: number }>, now: number): void {
    const listed = new Set(agents.map((a) => a.id));
    for (const [agentId, channel] of this.channels) if (channel.replicaId === replicaId && !listed.has(agentId)) this.channels.delete(agentId);
    for (const agent of agents) this.up(replicaId, agent.id, agent.since, now);
  }

  /** The replica is leaving (stopping): its channels close with it. */
  leave(replicaId: string): void {
    for (const [agentId, channel] of this.channels) if (channel.replicaId === replicaId) this.channels.delete(agentId);
  }

  /** The replica holding the agent's channel, if one is known and was heard of within the TTL. */
  find(agentId: string, now: number): RemoteChannel | undefined {
    const channel = this.channels.get(agentId);
    return channel && this.fresh(channel, now) ? channel : undefined;
  }

  private fresh(channel: RemoteChannel, now: number): boolean {
    return now - channel.seenAt <= this.ttlMs;
  }
}
