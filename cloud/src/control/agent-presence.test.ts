import { describe, expect, it } from 'vitest';
import { AgentPresence } from './agent-presence.js';

describe('agent presence', () => {
  it('knows where a channel opened until it closes there', () => {
    const presence = new AgentPresence(30_000);
    presence.up('b', 'agent-1', 1_000, 1_000);
    expect(presence.find('agent-1', 2_000)).toMatchObject({ replicaId: 'b', since: 1_000 });
    presence.down('c', 'agent-1'); // another replica's word does not close b's channel
    expect(presence.find('agent-1', 2_000)?.replicaId).toBe('b');
    presence.down('b', 'agent-1');
    expect(presence.find('agent-1', 2_000)).toBeUndefined();
  });

  it('lets the newer channel of an agent win, whatever order the news comes in', () => {
    const presence = new AgentPresence(30_000);
    presence.up('c', 'agent-1', 5_000, 5_000);
    presence.up('b', 'agent-1', 4_000, 5_001); // late news of an older channel
    expect(presence.find('agent-1', 5_002)?.replicaId).toBe('c');
    presence.up('b', 'agent-1', 6_000, 6_000);
    expect(presence.find('agent-1', 6_001)?.replicaId).toBe('b');
    presence.down('c', 'agent-1'); // the replaced channel closing changes nothing
    expect(presence.find('agent-1', 6_001)?.replicaId).toBe('b');
  });

  it('forgets what a replica stopped listing, and everything of a replica that left', () => {
    const presence = new AgentPresence(30_000);
    presence.snapshot('b', [{ id: 'agent-1', since: 1 }, { id: 'agent-2', since: 2 }], 10);
    presence.up('c', 'agent-3', 3, 10);
    presence.snapshot('b', [{ id: 'agent-2', since: 2 }], 20);
    expect(presence.find('agent-1', 21)).toBeUndefined();
    expect(presence.find('agent-2', 21)?.replicaId).toBe('b');
    presence.leave('c');
    expect(presence.find('agent-3', 21)).toBeUndefined();
  });

  it('forgets a replica that went silent, and takes its agents back when it speaks again', () => {
    const presence = new AgentPresence(30_000);
    presence.snapshot('b', [{ id: 'agent-1', since: 1 }], 0);
    expect(presence.find('agent-1', 30_000)?.replicaId).toBe('b');
    expect(presence.find('agent-1', 30_001)).toBeUndefined();
    presence.up('c', 'agent-1', 0, 30_001); // an older channel, but the newer one's replica is silent
    expect(presence.find('agent-1', 30_002)?.replicaId).toBe('c');
  });
});
