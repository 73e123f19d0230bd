import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamHub } from '../../src/stream/stream-hub.js';
import type { DeliveredMessage, MessageBus, MessageHandler } from '../../src/pubsub/message-bus.js';
import type { ReplayFilter } from '../../src/pubsub/stream-messages.repository.js';
import { publishAlert } from '../../src/pubsub/stream-publish.js';
import { adminHeaders, silentLogger, startTestCloud, type TestCloud } from '../support/test-cloud.js';
import { SseClient } from './sse-client.js';

/** A bus in memory that numbers what is published, and its table. */
class MemoryBus implements MessageBus {
  readonly stored: DeliveredMessage[] = [];
  private readonly handlers = new Set<MessageHandler>();
  async publish(message: Parameters<MessageBus['publish']>[0]): Promise<void> {
    const delivered: DeliveredMessage = { ...message, siteId: message.siteId ?? null, cameraId: message.cameraId ?? null, seq: String(this.stored.length + 1) };
    this.stored.push(delivered);
    for (const handler of this.handlers) handler(delivered);
  }
  subscribe(handler: MessageHandler): () => void {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }
  readonly store = {
    replay: async (f: ReplayFilter) => this.stored.filter((m) => BigInt(m.seq!) > BigInt(f.after) && m.orgId === f.orgId).slice(0, f.limit),
    position: async () => ({ head: String(this.stored.length), trimmedThrough: '0' }),
  };
}

describe('stream hub', () => {
  let server: Server;
  let hub: StreamHub;
  let url: string;
  const bus = new MemoryBus();
  beforeAll(async () => {
    hub = new StreamHub({ bus, store: bus.store, logger: silentLogger, heartbeatMs: 50, maxDurationMs: 400 });
    await hub.start();
    server = createServer((req, res) => void hub.open({ orgId: 'default', siteIds: null }, res, req.headers['last-event-id'] as string | undefined));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  });
  afterAll(async () => {
    await hub.stop();
    server.closeAllConnections();
    server.close();
  });

  it('sends heartbeat comments and ends a stream when its time is up, for the client to resume', async () => {
    const client = await SseClient.open(url);
    await bus.publish({ kind: 'event', orgId: 'default', payload: { n: 1 } });
    expect(await client.next('event')).toMatchObject({ data: '{"n":1}' });
    await client.ended;
    expect(client.comments).toBeGreaterThanOrEqual(3);
    await bus.publish({ kind: 'event', orgId: 'default', payload: { n: 2 } });
    const resumed = await SseClient.open(url, { 'last-event-id': client.lastEventId! });
    expect(await resumed.next('event')).toMatchObject({ data: '{"n":2}' });
    resumed.close();
  });

  it('ends every stream when it stops', async () => {
    const clients = await Promise.all([SseClient.open(url), SseClient.open(url)]);
    expect(hub.size).toBe(2);
    await hub.stop();
    await Promise.all(clients.map((c) => c.ended));
    expect(hub.size).toBe(0);
    await hub.start();
  });
});

describe('stream of a running cloud', () => {
  let cloud: TestCloud;
  let base: string;
  beforeAll(async () => {
    cloud = await startTestCloud();
    await cloud.app.listen({ port: 0, host: '127.0.0.1' });
    const address = cloud.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => cloud?.close());

  it('drops a client that does not read rather than buffering for it, and keeps serving the others', async () => {
    const { port } = new URL(base);
    const slow = connect(Number(port), '127.0.0.1');
    await once(slow, 'connect');
    slow.write(`GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: ${adminHeaders.authorization}\r\n\r\n`);
    await once(slow, 'data'); // the headers and the retry hint: the stream is open
    slow.pause(); // and never read again
    const reader = await SseClient.open(`${base}/api/stream`, adminHeaders);
    const dropped = new Promise<string>((resolve) => cloud.app.argus.stream.onDropped(resolve));
    const big = 'x'.repeat(256 * 1024);
    let published = 0;
    let done = false;
    void dropped.then(() => (done = true));
    // Far more than the socket buffers and the 1 MiB allowance hold; the reader takes each one as it comes.
    while (!done && published < 200) {
      await publishAlert(cloud.app.argus.bus, 'default', { id: `alr_${published}`, siteId: 'site-1', cameraId: 'cam-1', big } as never);
      published += 1;
      await reader.next('alert');
    }
    expect(await dropped).toBe('client not reading');
    expect(cloud.app.argus.stream.size).toBe(1);
    slow.destroy();
    await publishAlert(cloud.app.argus.bus, 'default', { id: 'alr_after', siteId: 'site-1', cameraId: 'cam-1' } as never);
    expect(JSON.parse((await reader.next('alert')).data)).toMatchObject({ id: 'alr_after' });
    reader.close();
  }, 60_000);
});

describe('shutdown with streams open', () => {
  it('ends them when the cloud closes, and the close does not wait for them', async () => {
    const cloud = await startTestCloud();
    await cloud.app.listen({ port: 0, host: '127.0.0.1' });
    const address = cloud.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const readers = await Promise.all([SseClient.open(`${base}/api/stream`, adminHeaders), SseClient.open(`${base}/api/stream`, adminHeaders)]);
    const started = Date.now();
    try {
      await cloud.app.close();
      await Promise.all(readers.map((r) => r.ended));
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await cloud.close();
    }
  });
});
