import mqtt, { type MqttClient } from 'mqtt';
import type { AlertRecord, EventRecord } from '@argus/contracts';
import { redactCredentials } from '@argus/core';
import type { Logger, Service } from '@argus/runtime';
import type { EventStoredListener } from '../events/event-stored.js';

/** Topic of an organisation's alerts. */
export const mqttAlertTopic = (orgId: string): string => `argus/${orgId}/alerts`;
/** Topic of a camera's events (`_` for events without a camera: an agent offline). */
export const mqttEventTopic = (orgId: string, cameraId: string | null): string => `argus/${orgId}/events/${cameraId ?? '_'}`;

/**
 * Publishes alerts (every transition) and events (every stored phase) to an
 * MQTT broker (`ARGUS_MQTT_URL`), as the JSON the API shows them, QoS 1.
 * The replica that stores a change publishes it, once. While the broker is
 * away the client queues in memory and reconnects every 5 s; a cloud stop
 * flushes what it can for 2 s.
 */
export class MqttPublisher implements Service {
  private client: MqttClient | undefined;
  private readonly log: Logger;
  private readonly shownUrl: string;

  constructor(private readonly url: string, logger: Logger) {
    this.log = logger.child({ component: 'mqtt' });
    this.shownUrl = redactCredentials(url);
  }

  async start(): Promise<void> {
    const client = mqtt.connect(this.url, { clientId: `argus-cloud-${process.pid}-${Math.random().toString(36).slice(2, 8)}`, reconnectPeriod: 5000, connectTimeout: 10_000 });
    this.client = client;
    client.on('connect', () => this.log.info({ broker: this.shownUrl }, 'connected to the MQTT broker'));
    client.on('error', (err) => this.log.warn({ broker: this.shownUrl, err: err.message }, 'MQTT error'));
    client.on('offline', () => this.log.warn({ broker: this.shownUrl }, 'MQTT broker unreachable; publishing is queued'));
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await Promise.race([client.endAsync(false), new Promise((r) => setTimeout(r, 2000).unref())]).catch(() => undefined);
    client.end(true);
  }

  publishAlert(orgId: string, alert: AlertRecord): void {
    this.publish(mqttAlertTopic(orgId), alert);
  }

  publishEvent(orgId: string, event: EventRecord): void {
    this.publish(mqttEventTopic(orgId, event.cameraId), event);
  }

  private publish(topic: string, payload: unknown): void {
    this.client?.publish(topic, JSON.stringify(payload), { qos: 1 }, (err) => {
      if (err) this.log.warn({ topic, err: err.message }, 'MQTT publish failed');
    });
  }
}

/** The event-stored listener of MQTT: each record to its camera's topic (queued by the client, never awaited). */
export function mqttEventsListener(publisher: MqttPublisher): EventStoredListener {
  return (orgId, records) => {
    for (const record of records) publisher.publishEvent(orgId, record);
  };
}
