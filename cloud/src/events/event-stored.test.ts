import type { EventRecord } from '@argus/contracts';
import { createLogger } from '@argus/runtime';
import { describe, expect, it } from 'vitest';
import { createEventStored } from './event-stored.js';

const record = (id: string): EventRecord => ({
  id, phase: 'start', cameraId: 'cam-1', agentId: 'agent-1', siteId: 'site-1', stream: null, label: 'person', score: 0.9, box: null,
  zones: [], attributes: {}, path: [], startedAt: '2026-01-01T00:00:00.000Z', endedAt: null, snapshotKey: null, source: 'edge',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('event stored hook', () => {
  it('hands each batch to every listener, in order, awaiting each', async () => {
    const seen: string[] = [];
    const hook = createEventStored([
      { name: 'a', listener: async (orgId, records) => { await new Promise((r) => setTimeout(r, 5)); seen.push(`a:${orgId}:${records.map((r) => r.id).join(',')}`); } },
      { name: 'b', listener: (orgId, records) => { seen.push(`b:${orgId}:${records.length}`); } },
    ], createLogger({ name: 'test', level: 'silent' }));
    await hook.publish('org-1', [record('e1'), record('e2')]);
    expect(seen).toEqual(['a:org-1:e1,e2', 'b:org-1:2']);
  });

  it('logs a listener that throws or rejects and still runs the others, without rejecting', async () => {
    const lines: string[] = [];
    const logger = createLogger({ name: 'test', level: 'error', destination: { write: (line: string) => void lines.push(line) } });
    const seen: string[] = [];
    const hook = createEventStored([
      { name: 'throws', listener: () => { throw new Error('sync failure'); } },
      { name: 'rejects', listener: async () => { throw new Error('async failure'); } },
      { name: 'last', listener: () => { seen.push('last'); } },
    ], logger);
    await expect(hook.publish('org-1', [record('e1')])).resolves.toBeUndefined();
    expect(seen).toEqual(['last']);
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; listener: string; component: string });
    expect(logged.map((l) => [l.msg, l.listener, l.component])).toEqual([
      ['event listener failed', 'throws', 'event-stored'],
      ['event listener failed', 'rejects', 'event-stored'],
    ]);
  });

  it('does not call listeners for an empty batch', async () => {
    let calls = 0;
    const hook = createEventStored([{ name: 'count', listener: () => void calls++ }], createLogger({ name: 'test', level: 'silent' }));
    await hook.publish('org-1', []);
    expect(calls).toBe(0);
  });
});
