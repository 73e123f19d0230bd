import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClient } from '../../src/adapters/uplink/cloud-client.js';
import type { EdgeStatus } from '../../src/edge-agent.js';
import { heartbeatBody } from '../../src/heartbeat/heartbeat-body.js';
import { HeartbeatClient } from '../../src/heartbeat/heartbeat-client.js';
import { adminHeaders, captureLogger, EDGE_TOKEN, startListeningCloud, type ListeningCloud } from '../support/listening-cloud.js';

const status = (lastSegmentAt: number): EdgeStatus => ({
  cameras: [{ id: 'gate', state: 'recording', segments: 12, recorded: 12, fps: 25, bitrateBps: 2_048_000, lastSegmentAt, offlineSince: undefined, fault: undefined, restarts: 0 }],
  pendingUploads: 2,
  uploaded: 10,
  spool: { segments: 2, bytes: 3_000_000, events: 1, snapshots: 0, snapshotBytes: 0, keptSegments: 0, keptBytes: 0, oldestPendingAt: undefined },
  disk: { usedBytes: 3_000_000, freeBytes: 50_000_000_000, maxBytes: 20 * 1024 ** 3, evictedSegments: 0, evictedBytes: 0, lostBytes: 0 },
});

describe('heartbeatBody', () => {
  it('maps the agent status to the wire format', () => {
    expect(heartbeatBody(status(Date.parse('2026-11-26T05:00:04Z')), { version: '0.1.0', sentAt: Date.parse('2026-11-26T05:00:05Z'), clockSkewMs: null })).toEqual({
      version: '0.1.0',
      sentAt: '2026-11-26T05:00:05.000Z',
      clockSkewMs: null,
      cameras: [{ id: 'gate', state: 'recording', fps: 25, bitrateKbps: 2048, lastSegmentAt: '2026-11-26T05:00:04.000Z' }],
      spool: { segments: 2, bytes: 3_000_000 },
      disk: { freeBytes: 50_000_000_000 },
    });
  });
});

describe('heartbeat client against the cloud', () => {
  let cloud: ListeningCloud;
  beforeAll(async () => {
    cloud = await startListeningCloud();
    const res = await fetch(`${cloud.url}/api/cameras/gate`, {
      method: 'PUT', headers: { authorization: `Bearer ${EDGE_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Gate', siteId: 'site-1', streams: ['main'] }),
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => cloud?.close());

  it('reports status, measures a 5 s clock lag, reports it on the next beat and warns once', async () => {
    const { logger, lines } = captureLogger();
    const client = new CloudClient({ baseUrl: cloud.url, edgeToken: EDGE_TOKEN, timeoutMs: 5000 });
    const edgeNow = (): number => Date.now() - 5000; // this edge's clock is 5 s behind
    const heartbeat = new HeartbeatClient({ send: (b) => client.heartbeat(b), status: () => status(edgeNow() - 1000), version: '0.1.0-test', intervalMs: 60_000, logger, now: edgeNow });

    await heartbeat.beat();
    expect(heartbeat.skew?.skewMs).toBeGreaterThan(4800);
    expect(heartbeat.skew?.skewMs).toBeLessThan(5200);
    await heartbeat.beat();
    const health = (await (await fetch(`${cloud.url}/api/sites/site-1/health`, { headers: adminHeaders })).json()) as { agents: Array<Record<string, unknown>>; cameras: Array<Record<string, unknown>> };
    const agent = health.agents.find((a) => a.id === 'legacy');
    expect(agent).toMatchObject({ version: '0.1.0-test', online: true, spool: { segments: 2, bytes: 3_000_000 }, diskFreeBytes: 50_000_000_000 });
    expect(Math.abs((agent!.clockSkewMs as number) - 5000)).toBeLessThan(200);
    expect(health.cameras).toEqual([expect.objectContaining({ id: 'gate', state: 'recording', fps: 25, bitrateKbps: 2048 })]);
    expect(lines.filter((l) => l.includes('clock skew with the cloud above 2 s'))).toHaveLength(1);
  });

  it('survives an unreachable cloud and logs the failure once', async () => {
    const { logger, lines } = captureLogger();
    const client = new CloudClient({ baseUrl: 'http://127.0.0.1:1', edgeToken: EDGE_TOKEN, timeoutMs: 1000 });
    const heartbeat = new HeartbeatClient({ send: (b) => client.heartbeat(b), status: () => status(Date.now()), version: 'x', intervalMs: 60_000, logger });
    await heartbeat.beat();
    await heartbeat.beat();
    expect(lines.filter((l) => l.includes('heartbeat failed'))).toHaveLength(1);
    expect(heartbeat.skew).toBeUndefined();
  });

  it('beats on its period once started, and stops', async () => {
    const { logger } = captureLogger();
    const sent: string[] = [];
    const heartbeat = new HeartbeatClient({
      send: async (b) => (sent.push(b.sentAt), { serverTime: new Date().toISOString() }),
      status: () => status(Date.now()), version: 'x', intervalMs: 50, logger,
    });
    await heartbeat.start();
    await expect.poll(() => sent.length, { timeout: 2000 }).toBeGreaterThanOrEqual(3);
    await heartbeat.stop();
    const after = sent.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(sent.length).toBe(after);
  });
});
