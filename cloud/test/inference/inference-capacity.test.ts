import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/test-cloud.js';
import { createKey, detectLabels, FakeDetector, listen, object, rekognitionClient, sdkFailure } from './inference-support.js';

/** Rates, the detector's queue, and the detector's life: loaded on the first call, closed with the app, or off. */
describe('inference capacity', () => {
  let cloud: TestCloud;
  let baseUrl: string;
  const detector = new FakeDetector();
  let created = 0;

  beforeAll(async () => {
    cloud = await startTestCloud({
      objectDetector: async () => {
        created += 1;
        return detector;
      },
      // 2 calls per key, 3 per organisation, then one per second; 2 calls in the detector at once.
      env: { ARGUS_INFERENCE_KEY_RATE: '1', ARGUS_INFERENCE_KEY_BURST: '2', ARGUS_INFERENCE_ORG_RATE: '1', ARGUS_INFERENCE_ORG_BURST: '3', ARGUS_INFERENCE_QUEUE: '2' },
    });
    baseUrl = await listen(cloud);
  });
  afterAll(() => cloud?.close());
  beforeEach(() => {
    // Buckets refill with the app's clock: a minute later every bucket is full again.
    cloud.clock.now = Date.now() + 60_000 * (++minute);
    detector.objects = [object('person', 0.9)];
    detector.failWith = undefined;
  });
  let minute = 0;
  // The SDK signs with its clock: set it to the app's, which runs ahead by a minute per test.
  const client = (key: { accessKeyId: string; secretAccessKey: string }) => rekognitionClient(baseUrl, key, { systemClockOffset: cloud.clock.now - Date.now() });

  it('loads the detector on the first call only', async () => {
    expect(created).toBe(0);
    const key = await createKey(cloud, 'first');
    await detectLabels(client(key));
    await detectLabels(client(key));
    expect(created).toBe(1);
  });

  it('answers ProvisionedThroughputExceededException once a key has used its burst, and again after a second', async () => {
    const key = await createKey(cloud, 'busy key');
    await detectLabels(client(key));
    await detectLabels(client(key));
    const failure = await sdkFailure(detectLabels(client(key)));
    expect(failure).toMatchObject({ name: 'ProvisionedThroughputExceededException', status: 400 });
    cloud.clock.now += 1000;
    expect((await detectLabels(client(key))).$metadata.httpStatusCode).toBe(200);
  });

  it('counts every key of an organisation against its rate', async () => {
    const a = await createKey(cloud, 'a');
    const b = await createKey(cloud, 'b');
    await detectLabels(client(a));
    await detectLabels(client(a));
    await detectLabels(client(b));
    expect(await sdkFailure(detectLabels(client(b)))).toMatchObject({ name: 'ProvisionedThroughputExceededException', status: 400 });
  });

  it('answers ThrottlingException while the detector holds as many calls as the queue allows', async () => {
    const keys = await Promise.all([createKey(cloud, 'q1'), createKey(cloud, 'q2'), createKey(cloud, 'q3')]);
    const before = detector.calls.length;
    detector.hold();
    const waiting = [detectLabels(client(keys[0]!)), detectLabels(client(keys[1]!))];
    await expect.poll(() => detector.calls.length - before, { timeout: 10_000 }).toBe(2);
    const failure = await sdkFailure(detectLabels(client(keys[2]!)));
    expect(failure).toMatchObject({ name: 'ThrottlingException', status: 500 });
    detector.release();
    for (const out of await Promise.all(waiting)) expect(out.$metadata.httpStatusCode).toBe(200);
  });
  it('answers ThrottlingException when the detector says its own queue is full', async () => {
    detector.failWith = Object.assign(new Error('queue full'), { name: 'QueueFullError', code: 'MDL_ERR_QUEUE_FULL' });
    const failure = await sdkFailure(detectLabels(client(await createKey(cloud, 'full'))));
    expect(failure).toMatchObject({ name: 'ThrottlingException', status: 500 });
  });

  it('closes the detector when the app closes', async () => {
    expect(detector.closed).toBe(0);
    await cloud.app.close();
    expect(detector.closed).toBe(1);
  });
});

describe('inference turned off or failing', () => {
  let off: TestCloud | undefined;
  let failing: TestCloud | undefined;
  afterAll(async () => {
    await off?.close();
    await failing?.close();
  });

  it('answers InternalServerError, 500, when ARGUS_INFERENCE=off, without creating a detector', async () => {
    let created = 0;
    off = await startTestCloud({ env: { ARGUS_INFERENCE: 'off' }, objectDetector: async () => { created += 1; return new FakeDetector(); } });
    const url = await listen(off);
    off.clock.now = Date.now();
    const failure = await sdkFailure(detectLabels(rekognitionClient(url, await createKey(off, 'off'))));
    expect(failure).toMatchObject({ name: 'InternalServerError', status: 500, message: expect.stringContaining('ARGUS_INFERENCE=off') });
    expect(created).toBe(0);
  });

  it('answers InternalServerError when the model fails to load, and does not reload it on every call', async () => {
    let attempts = 0;
    failing = await startTestCloud({ objectDetector: async () => { attempts += 1; throw new Error('weights missing: /opt/models/x.bin'); } });
    const url = await listen(failing);
    failing.clock.now = Date.now();
    const key = await createKey(failing, 'failing');
    for (let i = 0; i < 2; i++) {
      const failure = await sdkFailure(detectLabels(rekognitionClient(url, key)));
      expect(failure).toMatchObject({ name: 'InternalServerError', status: 500 });
      expect(failure.message).not.toContain('/opt/models');
    }
    expect(attempts).toBe(1);
  });
});
