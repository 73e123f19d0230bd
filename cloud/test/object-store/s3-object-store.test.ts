import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCloudError } from '../../src/errors.js';
import { S3ObjectStore } from '../../src/object-store/s3-object-store.js';
import { startTestS3, type TestS3 } from '../support/s3-server.js';
import { adminHeaders, putCamera, registration, sha256, startTestCloud, testSegment, edgeHeaders, type TestCloud } from '../support/test-cloud.js';

const KEY = 'org/default/cam/cam-1/2026/11/26/05/1795669200000.ts';

describe('S3ObjectStore against s3rver', () => {
  let s3: TestS3;
  let store: S3ObjectStore;
  beforeAll(async () => {
    s3 = await startTestS3({ createBucket: false });
    store = new S3ObjectStore(s3.config);
    await store.init(); // creates the missing bucket
    await store.init(); // and is idempotent
  });
  afterAll(() => s3?.close());

  it('puts, stats, gets and deletes', async () => {
    await store.put(KEY, Buffer.from('segment bytes'), 13);
    expect(await store.stat(KEY)).toEqual({ bytes: 13 });
    expect(await text(await store.get(KEY))).toBe('segment bytes');
    await store.delete(KEY);
    expect(await store.stat(KEY)).toBeUndefined();
    await expect(store.get(KEY)).rejects.toSatisfy((err) => isCloudError(err, 'CLD_ERR_OBJECT_NOT_FOUND'));
  });

  it('hands out a presigned PUT that plain fetch can use', async () => {
    const key = KEY.replace('.ts', '-sub.ts');
    const target = await store.uploadTarget(key, { bytes: 5, sha256: 'a'.repeat(64), expiresInMs: 60_000 });
    expect(target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/argus\/org\/default\//);
    const res = await fetch(target.url, { method: 'PUT', headers: target.headers, body: 'hello' });
    expect(res.status).toBe(200);
    expect(await store.stat(key)).toEqual({ bytes: 5 });
  });

  it('hands out a presigned GET that returns the bytes', async () => {
    await store.put(KEY, Buffer.from('playback'), 8);
    const url = await store.downloadUrl(KEY, 60_000);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('playback');
  });

  it('presigns for the public endpoint when the store has another public name', async () => {
    const port = new URL(s3.config.endpoint).port;
    const publicStore = new S3ObjectStore({ ...s3.config, publicEndpoint: `http://localhost:${port}` });
    await store.put(KEY, Buffer.from('public'), 6);
    const url = await publicStore.downloadUrl(KEY, 60_000);
    expect(url.startsWith(`http://localhost:${port}/argus/`)).toBe(true);
    // s3rver does not bind presigned signatures to the host, so this shows the
    // URL works, not that signing used the public name; MinIO enforces that.
    const res = await fetch(url.replace('localhost', '127.0.0.1'), { headers: { host: `localhost:${port}` } });
    expect(await res.text()).toBe('public');
  });
});

describe('the cloud on S3, end to end', () => {
  let s3: TestS3;
  let cloud: TestCloud;
  beforeAll(async () => {
    s3 = await startTestS3();
    cloud = await startTestCloud({ store: () => new S3ObjectStore(s3.config) });
    await putCamera(cloud.app, 'cam-1');
  });
  afterAll(async () => {
    await cloud?.close();
    await s3?.close();
  });

  it('presign → PUT to S3 → register → media GET redirects to the bytes', async () => {
    const s = testSegment({ startsAt: Date.UTC(2026, 10, 26, 7), size: 64 * 1024 });
    const presign = await cloud.app.inject({ method: 'POST', url: '/api/uploads', headers: edgeHeaders, payload: { key: s.key, bytes: s.bytes, sha256: s.sha256 } });
    expect(presign.statusCode).toBe(200);
    const target = presign.json<{ url: string; headers: Record<string, string> }>();
    expect(target.url.startsWith(s3.config.endpoint)).toBe(true);
    expect((await fetch(target.url, { method: 'PUT', headers: target.headers, body: s.content })).status).toBe(200);

    const registered = await cloud.app.inject({ method: 'POST', url: '/api/segments', headers: edgeHeaders, payload: registration(s) });
    expect(registered.statusCode).toBe(201);

    const media = await cloud.app.inject({ method: 'GET', url: `/api/media/${s.key}`, headers: adminHeaders });
    expect(media.statusCode).toBe(302);
    expect(media.headers['cache-control']).toBe('no-store');
    const location = String(media.headers.location);
    expect(location.startsWith(s3.config.endpoint)).toBe(true);
    const bytes = Buffer.from(await (await fetch(location)).arrayBuffer());
    expect(sha256(bytes)).toBe(s.sha256);
  });

  it('refuses to register what was never uploaded (422)', async () => {
    const s = testSegment({ startsAt: Date.UTC(2026, 10, 26, 8) });
    const res = await cloud.app.inject({ method: 'POST', url: '/api/segments', headers: edgeHeaders, payload: registration(s) });
    expect(res.statusCode).toBe(422);
  });

  it('has no PUT route of its own: uploads go to S3', async () => {
    const res = await cloud.app.inject({ method: 'PUT', url: '/api/media/org/default/cam/cam-1/2026/11/26/08/1795680000000.ts', payload: 'x' });
    expect(res.statusCode).toBe(404);
  });
});
