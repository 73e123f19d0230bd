import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRecord, RuleRecord, WebhookDeliveryRecord, WebhookPayload, WebhookRecord } from '@argus/contracts';
import { buildApp, type CloudApp } from '../../src/app.js';
import { verifyWebhookSignature } from '../../src/core/webhook-policy.js';
import { adminHeaders, edgeHeaders, putCamera, silentLogger, startTestCloud, userSession, type TestCloud } from '../support/test-cloud.js';

const SECRET = 'receiver-secret-0123456789';

interface Received {
  readonly body: string;
  readonly payload: WebhookPayload;
  readonly signature: string;
  readonly delivery: string;
}

/** A webhook receiver on 127.0.0.1 that records what it gets; `down` answers 503. */
class Receiver {
  readonly received: Received[] = [];
  down = false;
  private server: Server | undefined;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (this.down) {
          res.writeHead(503).end();
          return;
        }
        this.received.push({ body, payload: JSON.parse(body) as WebhookPayload, signature: String(req.headers['x-argus-signature']), delivery: String(req.headers['x-argus-delivery']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  of(kind: string): Received[] {
    return this.received.filter((r) => r.payload.kind === kind);
  }
}

/** Polls `read` until it gives a value (the dispatcher runs on its own). */
async function until<T>(what: string, read: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Webhooks against a real HTTP receiver: signed deliveries of events and
 * alert transitions, retried through an outage and a cloud restart from the
 * PostgreSQL queue, each delivered once; the delivery log and a replay.
 */
describe('webhooks', () => {
  let cloud: TestCloud;
  let app: CloudApp;
  const receiver = new Receiver();

  beforeAll(async () => {
    cloud = await startTestCloud();
    app = cloud.app;
    await putCamera(app, 'gate-3');
    await receiver.start();
  });
  afterAll(async () => {
    await app?.close();
    await cloud?.close();
    await receiver.stop();
  });

  it('is set up by admins and integrators only, and never shows its secret', async () => {
    const operator = (await userSession(app, { email: 'op@hooks.test', role: 'operator' })).headers;
    const body = { url: `http://127.0.0.1:${receiver.port}/argus?key=abc`, secret: SECRET, kinds: ['alert.opened', 'alert.acknowledged', 'alert.resolved', 'event'] };
    expect((await app.inject({ method: 'POST', url: '/api/webhooks', headers: operator, payload: body })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/webhooks', headers: adminHeaders, payload: { ...body, secret: 'short' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/webhooks', headers: adminHeaders, payload: { ...body, kinds: ['alert.closed'] } })).statusCode).toBe(400);
    const created = await app.inject({ method: 'POST', url: '/api/webhooks', headers: adminHeaders, payload: body });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(SECRET);
    const list = await app.inject({ method: 'GET', url: '/api/webhooks', headers: adminHeaders });
    expect(list.body).not.toContain(SECRET);
    expect(list.json<{ webhooks: WebhookRecord[] }>().webhooks).toHaveLength(1);
  });

  it('delivers the event and the opened alert at once, signed over the raw body', async () => {
    await app.inject({ method: 'POST', url: '/api/rules', headers: adminHeaders, payload: { name: 'Person at gate 3', labels: ['person'], severity: 'high', cooldownSeconds: 0 } });
    const t0 = Date.now();
    const res = await app.inject({
      method: 'POST', url: '/api/events', headers: edgeHeaders,
      payload: { events: [{ id: '9b1c2d3e-0000-4000-8000-000000000001', phase: 'start', cameraId: 'gate-3', label: 'person', score: 0.9, startedAt: new Date(cloud.clock.now).toISOString() }] },
    });
    expect(res.statusCode).toBe(200);
    const opened = await until('alert.opened delivery', () => receiver.of('alert.opened')[0]);
    const event = await until('event delivery', () => receiver.of('event')[0]);
    expect(Date.now() - t0, 'event → webhook (ms)').toBeLessThan(1000);
    for (const r of [opened, event]) {
      expect(verifyWebhookSignature(SECRET, r.body, r.signature, cloud.clock.now)).toBe(true);
      expect(r.delivery).toBe(r.payload.id);
    }
    expect((opened.payload.data as AlertRecord)).toMatchObject({ state: 'open', label: 'person', cameraId: 'gate-3', ruleName: 'Person at gate 3' });
    expect((event.payload.data as { id: string }).id).toBe('9b1c2d3e-0000-4000-8000-000000000001');
  });

  it('retries through a receiver outage and a cloud restart, and delivers each transition once', async () => {
    const alert = (await app.inject({ method: 'GET', url: '/api/alerts?state=open', headers: adminHeaders })).json<{ alerts: AlertRecord[] }>().alerts[0]!;
    receiver.down = true;
    expect((await app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/ack`, headers: adminHeaders, payload: {} })).statusCode).toBe(200);
    const [hook] = (await app.inject({ method: 'GET', url: '/api/webhooks', headers: adminHeaders })).json<{ webhooks: WebhookRecord[] }>().webhooks;
    const log = async (): Promise<WebhookDeliveryRecord[]> =>
      (await app.inject({ method: 'GET', url: `/api/webhooks/${hook!.id}/deliveries`, headers: adminHeaders })).json<{ deliveries: WebhookDeliveryRecord[] }>().deliveries;
    const failing = await until('a failed attempt in the log', async () => (await log()).find((d) => d.kind === 'alert.acknowledged' && d.attempts >= 1 && d.state === 'pending'));
    expect(failing.lastStatus).toBe(503);

    // The cloud restarts while the receiver is still down; a resolve is queued by the new one.
    await app.close();
    app = await buildApp({ config: cloud.config, pool: cloud.pool, store: cloud.store, logger: silentLogger, now: () => cloud.clock.now, startHealthChecker: false });
    expect((await app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/resolve`, headers: adminHeaders, payload: { note: 'checked' } })).statusCode).toBe(200);

    // The receiver is back; the clock moves past the backoff.
    receiver.down = false;
    cloud.clock.now += 120_000;
    const acked = await until('alert.acknowledged delivery', () => receiver.of('alert.acknowledged')[0], 15_000);
    const resolved = await until('alert.resolved delivery', () => receiver.of('alert.resolved')[0], 15_000);
    expect((acked.payload.data as AlertRecord).state).toBe('acknowledged');
    expect((resolved.payload.data as AlertRecord).note).toBe('checked');
    // Once each.
    await until('the log to show both delivered', async () => ((await log()).filter((d) => d.kind.startsWith('alert.') && d.state === 'delivered').length === 3 ? true : undefined));
    expect(receiver.of('alert.acknowledged')).toHaveLength(1);
    expect(receiver.of('alert.resolved')).toHaveLength(1);
    expect(receiver.of('alert.opened')).toHaveLength(1);
  });

  it('replays one delivery on demand, with the same id and body', async () => {
    const [hook] = (await app.inject({ method: 'GET', url: '/api/webhooks', headers: adminHeaders })).json<{ webhooks: WebhookRecord[] }>().webhooks;
    const deliveries = (await app.inject({ method: 'GET', url: `/api/webhooks/${hook!.id}/deliveries`, headers: adminHeaders })).json<{ deliveries: WebhookDeliveryRecord[] }>().deliveries;
    const opened = deliveries.find((d) => d.kind === 'alert.opened')!;
    const first = receiver.of('alert.opened')[0]!;
    const replay = await app.inject({ method: 'POST', url: `/api/webhooks/${hook!.id}/deliveries/${opened.id}/replay`, headers: adminHeaders });
    expect(replay.statusCode, replay.body).toBe(200);
    const again = await until('the replayed delivery', () => receiver.of('alert.opened')[1]);
    expect(again.delivery).toBe(first.delivery);
    expect(again.body).toBe(first.body);
    expect((await app.inject({ method: 'POST', url: `/api/webhooks/${hook!.id}/deliveries/999999/replay`, headers: adminHeaders })).statusCode).toBe(404);
  });
});
