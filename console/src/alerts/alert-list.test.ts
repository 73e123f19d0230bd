import type { AlertRecord } from '@argus/contracts';
import { describe, expect, it } from 'vitest';
import { INBOX_LIMIT, applyAlert, applyAlertState, countOpen, matchesAlert, type AlertMatch } from './alert-list.js';

const at = (s: number): string => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
const alert = (id: string, second: number, extra: Partial<AlertRecord> = {}): AlertRecord => ({
  id, ruleId: 'rul_1', ruleName: 'Gate', severity: 'high', state: 'open', eventId: `ev-${id}`, label: 'person', cameraId: 'cam-1', siteId: 'site-1',
  eventStartedAt: at(second), openedAt: at(second + 1), acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null,
  note: null, assignee: null, snapshotUrl: null, playbackUrl: null, ...extra,
});
const everything: AlertMatch = { state: undefined, cameraId: undefined, fromMs: 0 };
const ids = (list: readonly AlertRecord[]): string[] => list.map((a) => `${a.id}:${a.state}`);

describe('alert list', () => {
  it('puts a new alert at the top and replaces a row on a transition', () => {
    const loaded = [alert('b', 20), alert('a', 10)];
    const withNew = applyAlert(loaded, alert('c', 30), everything);
    expect(ids(withNew)).toEqual(['c:open', 'b:open', 'a:open']);
    const acked = applyAlert(withNew, alert('b', 20, { state: 'acknowledged', note: 'seen' }), everything);
    expect(ids(acked)).toEqual(['c:open', 'b:acknowledged', 'a:open']);
    expect(acked[1]!.note).toBe('seen');
  });

  it('never lets an older state undo a newer one', () => {
    const list = [alert('a', 10, { state: 'resolved' })];
    expect(applyAlert(list, alert('a', 10, { state: 'acknowledged' }), everything)).toBe(list);
    // The same state again (an assignment) does replace the row.
    expect(applyAlert(list, alert('a', 10, { state: 'resolved', assignee: 'x@y.z' }), everything)[0]!.assignee).toBe('x@y.z');
  });

  it('drops an alert that leaves the filter and ignores one that never matched', () => {
    const openOnly: AlertMatch = { state: 'open', cameraId: 'cam-1', fromMs: Date.parse(at(5)) };
    const list = [alert('a', 10)];
    expect(ids(applyAlert(list, alert('a', 10, { state: 'acknowledged' }), openOnly))).toEqual([]);
    expect(applyAlert(list, alert('b', 20, { cameraId: 'cam-2' }), openOnly)).toBe(list);
    expect(applyAlert(list, alert('c', 1), openOnly)).toBe(list);
    expect(matchesAlert(alert('d', 5), openOnly)).toBe(true);
  });

  it('keeps at most INBOX_LIMIT alerts, dropping the oldest', () => {
    const full = Array.from({ length: INBOX_LIMIT }, (_, i) => alert(`old-${String(i).padStart(3, '0')}`, 1000 - i));
    const next = applyAlert(full, alert('new', 2000), everything);
    expect(next).toHaveLength(INBOX_LIMIT);
    expect(next[0]!.id).toBe('new');
    expect(next.some((a) => a.id === full.at(-1)!.id)).toBe(false);
  });

  it('counts open alerts, and a late "open" never counts an acknowledged one again', () => {
    let states = applyAlertState(new Map(), { id: 'a', state: 'open' });
    states = applyAlertState(states, { id: 'b', state: 'open' });
    expect(countOpen(states)).toBe(2);
    states = applyAlertState(states, { id: 'a', state: 'acknowledged' });
    states = applyAlertState(states, { id: 'a', state: 'open' });
    expect(countOpen(states)).toBe(1);
    const same = applyAlertState(states, { id: 'b', state: 'open' });
    expect(same).toBe(states);
  });
});
