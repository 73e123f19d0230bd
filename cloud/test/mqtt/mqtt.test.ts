import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createBroker } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRecord, EventRecord } from '@argus/contracts';
import { adminHeaders, edgeHeaders, putCamera, startTestCloud, type TestCloud } from '../support/test-cloud.js';

/**
 * Alerts and events on MQTT: a real broker (aedes, in this process) with a
 * real subscriber (the `mqtt` client), the cloud publishing to it from
 * ARGUS_MQTT_URL.
 */
describe('MQTT', () => {
  let server: Server;
  let broker: Awaited<ReturnType<typeof createBroker>>;
  let cloud: TestCloud;
  let subscriber: MqttClient;
  const messages: Array<{ topic: string; payload: unknown }> = [];

  beforeAll(async () => {
    broker = await createBroker();
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
    cloud = await startTestCloud({ env: { ARGUS_MQTT_URL: url } });
    await putCamera(cloud.app, 'gate-3');
    subscriber = await mqtt.connectAsync(url);
    await subscriber.subscribeAsync('argus/default/#', { qos: 1 });
    subscriber.on('message', (topic, payload) => messages.push({ topic, payload: JSON.parse(payload.toString()) as unknown }));
  });

  afterAll(async () => {
    await subscriber?.endAsync();
    await cloud?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (broker ? broker.close(() => resolve()) : resolve()));
  });

  const until = async <T>(what: string, read: () => T | undefined): Promise<T> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const v = read();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(messages.map((m) => m.topic))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('publishes each stored event on its camera\'s topic and each alert transition on the organisation\'s', async () => {
    const rule = await cloud.app.inject({ method: 'POST', url: '/api/rules', headers: adminHeaders, payload: { name: 'Person', labels: ['person'], severity: 'high' } });
    expect(rule.statusCode).toBe(201);
    const id = '5c1c2d3e-0000-4000-8000-000000000001';
    const posted = await cloud.app.inject({
      method: 'POST', url: '/api/events', headers: edgeHeaders,
      payload: { events: [{ id, phase: 'start', cameraId: 'gate-3', label: 'person', score: 0.9, startedAt: new Date(cloud.clock.now).toISOString() }] },
    });
    expect(posted.statusCode).toBe(200);
    const event = await until('the event', () => messages.find((m) => m.topic === 'argus/default/events/gate-3'));
    expect((event.payload as EventRecord)).toMatchObject({ id, label: 'person', cameraId: 'gate-3', phase: 'start' });
    const opened = await until('the alert', () => messages.find((m) => m.topic === 'argus/default/alerts'));
    const alert = opened.payload as AlertRecord;
    expect(alert).toMatchObject({ state: 'open', eventId: id, ruleName: 'Person' });
    expect((await cloud.app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/ack`, headers: adminHeaders, payload: {} })).statusCode).toBe(200);
    const acked = await until('the acknowledgement', () => messages.find((m) => m.topic === 'argus/default/alerts' && (m.payload as AlertRecord).state === 'acknowledged'));
    expect((acked.payload as AlertRecord).id).toBe(alert.id);
  });
});
