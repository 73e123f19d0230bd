import type { AlertRecord } from '@argus/contracts';
import { describe, expect, it } from 'vitest';
import { createLiveChannel, type EventSourceLike, type LiveStatus } from './live-channel.js';

/** An EventSource the test drives: open it, send messages, fail it the way the browser does. */
class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, Array<(event: MessageEvent<string>) => void>>();
  constructor(readonly url: string) {}
  addEventListener(name: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  send(name: string, id: string, data: unknown): void {
    const event = { data: typeof data === 'string' ? data : JSON.stringify(data), lastEventId: id } as MessageEvent<string>;
    for (const listener of this.listeners.get(name) ?? []) listener(event);
  }
  /** A dropped connection EventSource retries itself (0), or an HTTP error it gives up on (2). */
  fail(readyState: 0 | 2): void {
    this.readyState = readyState;
    this.onerror?.(new Event('error'));
  }
}

function harness() {
  const sources: FakeSource[] = [];
  const timers: Array<{ run: () => void; ms: number; cleared: boolean }> = [];
  const statuses: LiveStatus[] = [];
  let closedCalls = 0;
  const channel = createLiveChannel({
    url: (lastEventId) => `/api/stream${lastEventId === undefined ? '' : `?lastEventId=${lastEventId}`}`,
    createSource: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source;
    },
    onClosed: () => void closedCalls++,
    retry: { initialMs: 100, maxMs: 350 },
    setTimer: (run, ms) => {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => void ((timer as { cleared: boolean }).cleared = true),
  });
  channel.onStatus((status) => statuses.push(status));
  return { channel, sources, timers, statuses, closed: () => closedCalls, last: () => sources[sources.length - 1]! };
}

const alert = (id: string, state: AlertRecord['state'] = 'open'): AlertRecord => ({
  id, ruleId: 'rul_1', ruleName: 'Gate', severity: 'high', state, eventId: 'ev-1', label: 'person', cameraId: 'cam-1', siteId: 'site-1',
  eventStartedAt: '2026-01-01T00:00:00.000Z', openedAt: '2026-01-01T00:00:01.000Z', acknowledgedAt: null, acknowledgedBy: null,
  resolvedAt: null, resolvedBy: null, note: null, assignee: null, snapshotUrl: null, playbackUrl: null,
});

describe('live channel', () => {
  it('hands each well-formed message to the subscribers of its name, and drops the rest', () => {
    const { channel, last } = harness();
    const alerts: string[] = [];
    const events: string[] = [];
    channel.subscribe('alert', (a) => alerts.push(`${a.id}:${a.state}`));
    const stop = channel.subscribe('event', (e) => events.push(e.id));
    channel.start();
    last().open();
    last().send('alert', '1', alert('alr_1'));
    last().send('alert', '2', '{not json');
    last().send('alert', '3', { id: 'alr_2' }); // lacks the fields the inbox shows
    last().send('event', '4', { id: 'ev-9', label: 'motion', startedAt: '2026-01-01T00:00:00.000Z' });
    stop();
    last().send('event', '5', { id: 'ev-10', label: 'motion', startedAt: '2026-01-01T00:00:00.000Z' });
    expect(alerts).toEqual(['alr_1:open']);
    expect(events).toEqual(['ev-9']);
  });

  it('says whether a connection resumes from a known position', () => {
    const { channel, last, statuses } = harness();
    const connected: boolean[] = [];
    channel.onConnected((resumed) => connected.push(resumed));
    channel.start();
    last().open();
    last().send('alert', '41', alert('alr_1'));
    // A dropped connection: the browser retries with Last-Event-ID 41 and opens again.
    last().fail(0);
    last().open();
    expect(connected).toEqual([false, true]);
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'open']);
  });

  it('opens a new stream from the last position after the browser gave up, pausing longer each time', () => {
    const { channel, sources, timers, closed, last } = harness();
    channel.start();
    expect(last().url).toBe('/api/stream');
    last().open();
    last().send('alert', '7', alert('alr_1'));
    last().fail(2);
    expect(closed()).toBe(1);
    expect(sources[0]!.closed).toBe(true);
    expect(timers.map((t) => t.ms)).toEqual([100]);
    timers[0]!.run();
    expect(last().url).toBe('/api/stream?lastEventId=7');
    last().fail(2);
    timers[1]!.run();
    last().fail(2);
    timers[2]!.run();
    last().fail(2);
    expect(timers.map((t) => t.ms)).toEqual([100, 200, 350, 350]);
    // Open again: the next pause starts from the first.
    timers[3]!.run();
    last().open();
    last().fail(2);
    expect(timers.at(-1)!.ms).toBe(100);
  });

  it('stops for good: closes the stream, cancels the pending attempt and ignores the old source', () => {
    const { channel, timers, last, statuses } = harness();
    const alerts: string[] = [];
    channel.subscribe('alert', (a) => alerts.push(a.id));
    channel.start();
    const first = last();
    first.open();
    first.fail(2);
    channel.stop();
    channel.stop();
    expect(timers[0]!.cleared).toBe(true);
    expect(channel.status).toBe('idle');
    first.send('alert', '1', alert('alr_1'));
    expect(alerts).toEqual([]);
    // A new start is a new session: nothing to resume.
    channel.start();
    expect(last().url).toBe('/api/stream');
    expect(statuses.at(-1)).toBe('connecting');
  });

  it('passes a resync on, so lists load again', () => {
    const { channel, last } = harness();
    const reasons: string[] = [];
    channel.subscribe('resync', (r) => reasons.push(r.reason));
    channel.start();
    last().open();
    last().send('resync', '100', { reason: 'expired' });
    last().send('resync', '101', { reason: 'whatever' });
    expect(reasons).toEqual(['expired']);
  });
});
