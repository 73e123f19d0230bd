import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, edgeHeaders, putCamera, sha256, startTestCloud, testSegment, uploadAndRegister, type TestCloud, type TestSegment } from '../support/test-cloud.js';

const T0 = Date.UTC(2026, 10, 26, 6, 0, 0);

describe('media on the file store', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
    await putCamera(cloud.app, 'cam-1');
  });
  afterAll(() => cloud?.close());

  /** The path and query of a fresh upload URL for `s`. */
  async function presign(s: TestSegment): Promise<{ path: string; query: URLSearchParams }> {
    const res = await cloud.app.inject({ method: 'POST', url: '/api/uploads', headers: { ...edgeHeaders, host: 'cloud.example:8080' }, payload: { key: s.key, bytes: s.bytes, sha256: s.sha256 } });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ url: string; method: string; headers: Record<string, string> }>();
    expect(body.method).toBe('PUT');
    expect(body.headers).toEqual({ 'Content-Type': 'video/mp2t' });
    const url = new URL(body.url);
    expect(url.origin).toBe('http://cloud.example:8080'); // absolute, on the origin the edge used
    return { path: url.pathname, query: url.searchParams };
  }
  const put = (pathname: string, query: URLSearchParams, payload: Buffer, contentType = 'video/mp2t') =>
    cloud.app.inject({ method: 'PUT', url: `${pathname}?${query.toString()}`, headers: { 'content-type': contentType }, payload });
  const incoming = () => readdir(path.join(cloud.dataDir, 'objects', '.incoming'));

  it('streams stored segment bytes back with their sha256, type and cache headers', async () => {
    const s = testSegment({ startsAt: T0, size: 300_000 });
    expect((await uploadAndRegister(cloud.app, s)).statusCode).toBe(201);
    const res = await cloud.app.inject({ method: 'GET', url: `/api/media/${s.key}`, headers: adminHeaders });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('video/mp2t');
    expect(res.headers['content-length']).toBe(String(s.bytes));
    expect(res.headers['cache-control']).toBe('private, max-age=3600');
    expect(sha256(res.rawPayload)).toBe(s.sha256);
  });

  it('404 for a missing object and for paths that are not segment keys', async () => {
    for (const url of [`/api/media/${testSegment({ startsAt: T0 - 60_000 }).key}`, '/api/media/etc/passwd', '/api/media/org/default/../../x.ts']) {
      const res = await cloud.app.inject({ method: 'GET', url, headers: adminHeaders });
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('refuses a tampered signature with 403 and stores nothing', async () => {
    const s = testSegment({ startsAt: T0 + 4000 });
    const { path: p, query } = await presign(s);
    query.set('sig', 'a'.repeat(64));
    const res = await put(p, query, s.content);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'CLD_ERR_BAD_SIGNATURE' });
    expect(await cloud.store.stat(s.key)).toBeUndefined();
  });

  it('refuses a URL reused for another key with 403', async () => {
    const s = testSegment({ startsAt: T0 + 8000 });
    const other = testSegment({ startsAt: T0 + 12_000 });
    const { query } = await presign(s);
    const res = await put(`/api/media/${other.key}`, query, s.content);
    expect(res.statusCode).toBe(403);
    expect(await cloud.store.stat(other.key)).toBeUndefined();
  });

  it('refuses an expired URL with 403', async () => {
    const s = testSegment({ startsAt: T0 + 16_000 });
    const { path: p, query } = await presign(s);
    cloud.clock.now += 16 * 60 * 1000;
    try {
      const res = await put(p, query, s.content);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'CLD_ERR_URL_EXPIRED' });
    } finally {
      cloud.clock.now -= 16 * 60 * 1000;
    }
  });

  it('refuses bytes that do not hash to the signed sha256 with 400, keeping nothing', async () => {
    const s = testSegment({ startsAt: T0 + 20_000 });
    const { path: p, query } = await presign(s);
    const tampered = Buffer.from(s.content);
    tampered[10] = (tampered[10]! + 1) & 0xff;
    const res = await put(p, query, tampered);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'CLD_ERR_CONTENT_MISMATCH', field: 'sha256' });
    expect(await cloud.store.stat(s.key)).toBeUndefined();
    expect(await incoming()).toEqual([]);
  });

  it('refuses a body longer than signed with 400, keeping nothing', async () => {
    const s = testSegment({ startsAt: T0 + 24_000 });
    const { path: p, query } = await presign(s);
    const res = await put(p, query, Buffer.concat([s.content, Buffer.alloc(10)]));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'CLD_ERR_CONTENT_MISMATCH', field: 'bytes' });
    expect(await cloud.store.stat(s.key)).toBeUndefined();
    expect(await incoming()).toEqual([]);
  });

  it('refuses a body sent as JSON with 415', async () => {
    const s = testSegment({ startsAt: T0 + 28_000 });
    const { path: p, query } = await presign(s);
    const res = await put(p, query, Buffer.from('{"a":1}'), 'application/json');
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'CLD_ERR_UNSUPPORTED_MEDIA_TYPE' });
  });

  it('refuses presigning a key of another org (400) or an unknown camera (404)', async () => {
    const foreign = testSegment({ startsAt: T0, orgId: 'acme' });
    const stranger = testSegment({ startsAt: T0, cameraId: 'cam-404' });
    const post = (s: TestSegment) => cloud.app.inject({ method: 'POST', url: '/api/uploads', headers: edgeHeaders, payload: { key: s.key, bytes: s.bytes, sha256: s.sha256 } });
    expect((await post(foreign)).json()).toMatchObject({ statusCode: 400, code: 'CLD_ERR_VALIDATION', field: 'key' });
    expect((await post(stranger)).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_CAMERA_NOT_FOUND' });
  });
});
