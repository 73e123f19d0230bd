import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, edgeHeaders, putCamera } from '../support/test-cloud.js';
import { eventRecordOf } from '../../src/events/event-stored.js';
import type { EventWrite } from '../../src/events/events.repository.js';
import { streamEventsListener } from '../../src/stream/event-publisher.js';
import { SseClient } from './sse-client.js';
import { startTwoClouds, type TwoClouds } from './two-clouds.js';

const BATCH = 10; // events per POST /api/events
const BLOCK = 40; // requests per measured block
const ROUNDS = 3; // blocks per condition, alternated

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (v: number): string => `${v.toFixed(2)} ms`;

/**
 * What publishing costs ingestion, and how long an event takes from one
 * replica to a console on the other. Numbers go to stdout (docs/api.md and
 * docs/architecture.md quote them); the assertions only catch a publisher
 * that made ingestion wait on it.
 */
describe('stream costs', () => {
  let clouds: TwoClouds;
  let n = 0;
  const batch = (): object => ({
    events: Array.from({ length: BATCH }, () => ({
      id: `0b5e0000-0000-4000-8000-${String(++n).padStart(12, '0')}`, phase: 'start', cameraId: 'cam-1', label: 'person', score: 0.7,
      box: { x: 0.1, y: 0.1, width: 0.2, height: 0.4 }, zones: ['Gate'], startedAt: new Date(clouds.a.clock.now).toISOString(),
    })),
  });
  beforeAll(async () => {
    clouds = await startTwoClouds();
    await putCamera(clouds.a.app, 'cam-1');
  });
  afterAll(() => clouds?.close());

  it('adds little to POST /api/events: the publisher queues, the bus writes in batches off the request\'s path', async () => {
    const post = async (): Promise<number> => {
      const started = performance.now();
      const res = await clouds.a.app.inject({ method: 'POST', url: '/api/events', headers: edgeHeaders, payload: batch() });
      const took = performance.now() - started;
      expect(res.statusCode).toBe(200);
      return took;
    };
    for (let i = 0; i < BLOCK; i++) await post(); // warm-up: JIT, plans, pool
    // "off": A's bus stopped, so the listener's publish returns at once and nothing is written or read.
    // "bus": published, read back by both replicas, nobody streaming. "console": the same, with a console on B.
    const timings = { off: [] as number[], bus: [] as number[], console: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const condition of ['off', 'bus', 'console'] as const) {
        if (condition === 'off') await clouds.a.app.argus.bus.stop();
        const watcher = condition === 'console' ? await SseClient.open(`${clouds.b.url}/api/stream`, adminHeaders) : undefined;
        for (let i = 0; i < BLOCK; i++) timings[condition].push(await post());
        if (condition === 'off') await clouds.a.app.argus.bus.start();
        if (watcher) {
          // Everything published meanwhile reached the console on the other replica.
          for (let k = 0; k < BLOCK * BATCH; k++) await watcher.next('event', 10_000);
          watcher.close();
        }
      }
    }
    // What the request itself spends on the stream: building the records and queueing them.
    const streamListener = streamEventsListener({ publish: async () => undefined, subscribe: () => () => undefined });
    const listener = async (orgId: string, applied: readonly EventWrite[]): Promise<void> => {
      const at = Date.now();
      await streamListener(orgId, applied.map((e) => eventRecordOf(e, at)));
    };
    const writes = Array.from({ length: BATCH }, (_, i) => ({
      id: `w-${i}`, phase: 'start' as const, cameraId: 'cam-1', siteId: 'site-1', agentId: 'legacy', stream: null, label: 'person', score: 0.7,
      box: { x: 0.1, y: 0.1, width: 0.2, height: 0.4 }, zones: ['Gate'], attributes: {}, path: [], startedAt: Date.now(), endedAt: null, snapshotKey: null,
    }));
    const calls = 2000;
    const listenerStarted = performance.now();
    for (let i = 0; i < calls; i++) await listener('default', writes);
    const listenerUs = ((performance.now() - listenerStarted) / calls) * 1000;
    const line = (name: string, values: number[]): string => `${name} median ${ms(quantile(values, 0.5))} p95 ${ms(quantile(values, 0.95))}`;
    process.stdout.write(
      `ingest: POST /api/events of ${BATCH} events, ${timings.off.length} requests each: ` +
      `${line('bus stopped', timings.off)}; ${line('publishing', timings.bus)}; ${line('publishing with a console on B', timings.console)}; ` +
      `the listener on the request's path: ${listenerUs.toFixed(1)} µs per batch\n`,
    );
    expect(listenerUs).toBeLessThan(1000);
    expect(quantile(timings.bus, 0.5)).toBeLessThan(2 * quantile(timings.off, 0.5) + 5);
  }, 120_000);

  it('brings an event from replica A to a console on replica B in milliseconds', async () => {
    const sse = await SseClient.open(`${clouds.b.url}/api/stream`, adminHeaders);
    const latencies: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const res = await clouds.a.app.inject({ method: 'POST', url: '/api/events', headers: edgeHeaders, payload: batch() });
      expect(res.statusCode).toBe(200);
      for (let k = 0; k < BATCH; k++) await sse.next('event', 2000);
      latencies.push(performance.now() - started);
    }
    sse.close();
    process.stdout.write(`cross-replica: POST on A to the batch's last event on B's stream, 50 batches: median ${ms(quantile(latencies, 0.5))} p95 ${ms(quantile(latencies, 0.95))} max ${ms(Math.max(...latencies))}\n`);
    expect(quantile(latencies, 0.95)).toBeLessThan(1000);
  }, 60_000);
});
