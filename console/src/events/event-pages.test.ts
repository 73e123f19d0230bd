import type { EventRecord } from '@argus/contracts';
import { describe, expect, it } from 'vitest';
import { NO_PAGES, appendPage } from './event-pages.js';

const at = (s: number): string => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
const event = (id: string, second: number, label = 'motion'): EventRecord => ({
  id, phase: 'end', cameraId: 'cam-1', agentId: null, siteId: 'site-1', stream: 'sub', label, score: null, box: null, zones: [], attributes: {},
  path: [], startedAt: at(second), endedAt: at(second + 2), snapshotKey: null, source: 'edge', updatedAt: at(second + 2),
});
const ids = (events: readonly EventRecord[]): string[] => events.map((e) => e.id);

describe('event pages', () => {
  it('asks for the next page up to the oldest event\'s millisecond while pages come back full', () => {
    const first = appendPage(NO_PAGES, [event('c', 30), event('b', 20), event('a', 10)], 3);
    expect(ids(first.events)).toEqual(['c', 'b', 'a']);
    expect(first.nextTo).toBe(Date.parse(at(10)) + 1);
    // The next answer repeats `a` (same millisecond bound): kept once.
    const second = appendPage(first, [event('a', 10), event('z', 5)], 3);
    expect(ids(second.events)).toEqual(['c', 'b', 'a', 'z']);
    expect(second.nextTo).toBeNull();
  });

  it('keeps events that started in the same millisecond across pages', () => {
    const first = appendPage(NO_PAGES, [event('x', 10), event('y', 10)], 2);
    const second = appendPage(first, [event('x', 10), event('y', 10)].slice(0, 2), 2);
    // A whole page of repeats: the next page starts before that millisecond instead of asking again.
    expect(second.nextTo).toBe(Date.parse(at(10)));
    expect(ids(second.events)).toEqual(['x', 'y']);
  });

  it('leaves health events out of the list but pages past them', () => {
    const pages = appendPage(NO_PAGES, [event('p', 30, 'person'), event('off', 20, 'camera-offline')], 2);
    expect(ids(pages.events)).toEqual(['p']);
    expect(pages.nextTo).toBe(Date.parse(at(20)) + 1);
  });

  it('has nothing more after an empty answer', () => {
    expect(appendPage(NO_PAGES, [], 48)).toEqual({ events: [], nextTo: null });
  });
});
