import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countSegments, edgeHeaders, putCamera, registration, startTestCloud, testSegment, uploadAndRegister, type TestCloud } from '../support/test-cloud.js';

const T0 = Date.UTC(2026, 10, 26, 5, 0, 0);

describe('POST /api/segments', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
    await putCamera(cloud.app, 'cam-1');
  });
  afterAll(() => cloud?.close());
  beforeEach(async () => {
    await cloud.pool.query('delete from segments');
  });

  const register = (payload: object, headers: Record<string, string> = edgeHeaders) =>
    cloud.app.inject({ method: 'POST', url: '/api/segments', headers, payload });

  it('indexes a segment uploaded through the signed URL (201, created: true)', async () => {
    const s = testSegment({ startsAt: T0 });
    const res = await uploadAndRegister(cloud.app, s);
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body)).toEqual({
      created: true,
      segment: { ...registration(s), createdAt: expect.any(String) },
    });
    expect(await countSegments(cloud.pool)).toBe(1);
  });

  it('answers a re-registration with 200, created: false, and keeps one row', async () => {
    const s = testSegment({ startsAt: T0 });
    expect((await uploadAndRegister(cloud.app, s)).statusCode).toBe(201);
    const again = await register(registration(s));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, segment: { key: s.key, sha256: s.sha256 } });
    expect(await countSegments(cloud.pool)).toBe(1);
  });

  it('refuses the same key with other content (409) and keeps the first', async () => {
    const s = testSegment({ startsAt: T0 });
    await uploadAndRegister(cloud.app, s);
    const res = await register({ ...registration(s), sha256: 'f'.repeat(64) });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CLD_ERR_SEGMENT_CONFLICT', field: 'key' });
    const { rows } = await cloud.pool.query('select sha256 from segments');
    expect(rows).toEqual([{ sha256: s.sha256 }]);
  });

  it.each([
    ['a missing field', (b: Record<string, unknown>) => ({ ...b, sha256: undefined }), 'sha256', /must have required property 'sha256'/],
    ['a malformed sha256', (b: Record<string, unknown>) => ({ ...b, sha256: 'XYZ' }), 'sha256', /body\/sha256 must match pattern/],
    ['a startsAt that is no time', (b: Record<string, unknown>) => ({ ...b, startsAt: 'yesterday' }), 'startsAt', /body\/startsAt must match format "date-time"/],
    ['an unknown stream', (b: Record<string, unknown>) => ({ ...b, stream: 'hd' }), 'stream', /body\/stream/],
    ['an endsAt before startsAt', (b: Record<string, unknown>) => ({ ...b, endsAt: new Date(T0 - 1000).toISOString() }), 'endsAt', /duration/],
    ['a key that disagrees with startsAt', (b: Record<string, unknown>) => ({ ...b, startsAt: new Date(T0 + 1000).toISOString(), endsAt: new Date(T0 + 5000).toISOString() }), 'key', /starts at/],
    ['a key of another org', (b: Record<string, unknown>) => ({ ...b, key: String(b.key).replace('org/default/', 'org/acme/') }), 'key', /org acme/],
  ])('refuses %s with 400 naming the field, writing nothing', async (_label, change, field, message) => {
    const s = testSegment({ startsAt: T0 });
    const res = await register(change(registration(s)));
    expect(res.statusCode).toBe(400);
    const body = res.json<{ code: string; field: string; message: string; statusCode: number }>();
    expect(body).toMatchObject({ statusCode: 400, code: 'CLD_ERR_VALIDATION', error: 'Bad Request', field });
    expect(body.message).toMatch(message);
    expect(await countSegments(cloud.pool)).toBe(0);
  });

  it('refuses an unknown camera with 404 and writes nothing', async () => {
    const s = testSegment({ cameraId: 'cam-404', startsAt: T0 });
    const res = await register(registration(s));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'CLD_ERR_CAMERA_NOT_FOUND', field: 'cameraId' });
    expect(await countSegments(cloud.pool)).toBe(0);
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token' }],
    ['another scheme', { authorization: `Basic ${edgeHeaders.authorization.slice(7)}` }],
  ])('refuses %s with 401', async (_label, headers) => {
    const res = await register(registration(testSegment({ startsAt: T0 })), headers);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'CLD_ERR_UNAUTHORIZED' });
    expect(await countSegments(cloud.pool)).toBe(0);
  });

  it('refuses a segment whose object was never uploaded (422)', async () => {
    // An instant no other test uploads to: objects outlive the per-test row cleanup.
    const res = await register(registration(testSegment({ startsAt: T0 - 3_600_000 })));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'CLD_ERR_SEGMENT_NOT_STORED', field: 'key' });
    expect(await countSegments(cloud.pool)).toBe(0);
  });

  it('refuses a segment whose stored object has another size (422)', async () => {
    const s = testSegment({ startsAt: T0 });
    await cloud.store.put(s.key, s.content.subarray(0, 100), 100);
    const res = await register(registration(s));
    expect(res.statusCode).toBe(422);
    expect(res.json<{ message: string }>().message).toContain('100 bytes');
  });

  it('numbers segments per camera stream and counts gaps', async () => {
    const spans = [T0, T0 + 4000, T0 + 8000, T0 + 60_000, T0 + 64_000];
    for (const startsAt of spans) expect((await uploadAndRegister(cloud.app, testSegment({ startsAt }))).statusCode).toBe(201);
    await uploadAndRegister(cloud.app, testSegment({ startsAt: T0, stream: 'sub' }));
    const { rows } = await cloud.pool.query('select stream, seq::int, disc_seq::int from segments order by stream, starts_at');
    expect(rows).toEqual([
      { stream: 'main', seq: 1, disc_seq: 0 },
      { stream: 'main', seq: 2, disc_seq: 0 },
      { stream: 'main', seq: 3, disc_seq: 0 },
      { stream: 'main', seq: 4, disc_seq: 1 },
      { stream: 'main', seq: 5, disc_seq: 1 },
      { stream: 'sub', seq: 1, disc_seq: 0 },
    ]);
  });

  it('keeps seq unique when registrations of one stream race', async () => {
    const segments = Array.from({ length: 8 }, (_, i) => testSegment({ startsAt: T0 + i * 4000 }));
    for (const s of segments) await cloud.store.put(s.key, s.content, s.bytes);
    const results = await Promise.all(segments.map((s) => register(registration(s))));
    expect(results.map((r) => r.statusCode)).toEqual(segments.map(() => 201));
    const { rows } = await cloud.pool.query<{ seq: number }>('select seq::int from segments order by seq');
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
