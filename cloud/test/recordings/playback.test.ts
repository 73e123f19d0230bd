import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, putCamera, startTestCloud, testSegment, uploadAndRegister, type TestCloud } from '../support/test-cloud.js';

const T0 = Date.UTC(2026, 10, 26, 5, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

/** Media lines of a playlist: the tags and URIs after the header. */
const body = (playlist: string): string[] => playlist.split('\n').filter((l) => l.startsWith('#EXT-X-DISCONTINUITY') || l.startsWith('/api/media/') || l.startsWith('#EXT-X-PROGRAM-DATE-TIME'));

describe('playback playlists', () => {
  let cloud: TestCloud;
  // Recording: 3 segments, a 52 s outage, 2 segments; then 4 more after another gap.
  const first = [T0, T0 + 4000, T0 + 8000].map((startsAt) => testSegment({ startsAt }));
  const second = [T0 + 64_000, T0 + 68_000].map((startsAt) => testSegment({ startsAt }));
  const third = [0, 1, 2, 3].map((i) => testSegment({ startsAt: T0 + 600_000 + i * 4000 }));

  beforeAll(async () => {
    cloud = await startTestCloud();
    await putCamera(cloud.app, 'cam-1');
    await putCamera(cloud.app, 'cam-idle');
    for (const s of [...first, ...second, ...third]) {
      const res = await uploadAndRegister(cloud.app, s);
      if (res.statusCode !== 201) throw new Error(res.body);
    }
  });
  afterAll(() => cloud?.close());

  const get = (url: string) => cloud.app.inject({ method: 'GET', url, headers: adminHeaders });

  it('VOD: marks EXT-X-DISCONTINUITY exactly at the gap, PROGRAM-DATE-TIME on every segment', async () => {
    const res = await get(`/api/cameras/cam-1/playback.m3u8?from=${iso(T0)}&to=${T0 + 72_000}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(res.body).toMatch(/^#EXTM3U\n/);
    expect(res.body).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(res.body).toContain('#EXT-X-ENDLIST');
    const lines = body(res.body);
    const expected = [...first, ...second].flatMap((s, i) => [
      ...(i === first.length ? ['#EXT-X-DISCONTINUITY'] : []),
      `#EXT-X-PROGRAM-DATE-TIME:${s.startsAt}`,
      `/api/media/${s.key}`,
    ]);
    expect(lines).toEqual(expected);
  });

  it('VOD: includes segments that only overlap the range edges', async () => {
    const res = await get(`/api/cameras/cam-1/playback.m3u8?from=${iso(T0 + 5000)}&to=${iso(T0 + 6000)}`);
    expect(body(res.body).filter((l) => l.startsWith('/api/'))).toEqual([`/api/media/${first[1]!.key}`]);
  });

  it('VOD: 404 CLD_ERR_NO_RECORDING for a range without segments', async () => {
    const res = await get(`/api/cameras/cam-idle/playback.m3u8?from=${iso(T0)}&to=${iso(T0 + 60_000)}`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'CLD_ERR_NO_RECORDING' });
  });

  it('VOD: 404 CLD_ERR_CAMERA_NOT_FOUND for an unknown camera', async () => {
    const res = await get(`/api/cameras/nobody/playback.m3u8?from=${iso(T0)}&to=${iso(T0 + 60_000)}`);
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_CAMERA_NOT_FOUND' });
  });

  it.each([
    ['a reversed range', `from=${iso(T0 + 1000)}&to=${iso(T0)}`, 'CLD_ERR_BAD_RANGE', 'to'],
    ['a range over 24 h', `from=${iso(T0 - 25 * 3_600_000)}&to=${iso(T0)}`, 'CLD_ERR_BAD_RANGE', 'to'],
    ['an unparsable from', `from=soon&to=${iso(T0)}`, 'CLD_ERR_BAD_RANGE', 'from'],
    ['a missing to', `from=${iso(T0)}`, 'CLD_ERR_VALIDATION', 'to'],
  ])('VOD: 400 for %s', async (_label, query, code, field) => {
    const res = await get(`/api/cameras/cam-1/playback.m3u8?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code, field });
  });

  it('live: the newest 6 segments, with media and discontinuity sequences of the first', async () => {
    const res = await get('/api/cameras/cam-1/live.m3u8');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).not.toContain('#EXT-X-ENDLIST');
    // Window: second[0], second[1], third[0..3] → seq 4..9; second[0] follows the first gap.
    expect(res.body).toContain('#EXT-X-MEDIA-SEQUENCE:4\n');
    expect(res.body).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:1\n');
    const lines = body(res.body);
    expect(lines.filter((l) => l.startsWith('/api/'))).toEqual([...second, ...third].map((s) => `/api/media/${s.key}`));
    expect(lines.indexOf('#EXT-X-DISCONTINUITY')).toBe(lines.indexOf(`#EXT-X-PROGRAM-DATE-TIME:${third[0]!.startsAt}`) - 1);
  });

  it('live: 404 CLD_ERR_NO_RECORDING before the first segment', async () => {
    const res = await get('/api/cameras/cam-idle/live.m3u8');
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_NO_RECORDING' });
  });

  it('lists segments overlapping a range, oldest first', async () => {
    const res = await get(`/api/cameras/cam-1/segments?from=${T0 + 6000}&to=${T0 + 66_000}`);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ segments: Array<{ key: string }> }>().segments.map((s) => s.key)).toEqual([first[1], first[2], second[0]].map((s) => s!.key));
  });

  it('lists cameras with the end of their newest segment', async () => {
    const res = await get('/api/cameras');
    expect(res.json()).toEqual({
      cameras: [
        { id: 'cam-1', name: 'Camera cam-1', siteId: 'site-1', streams: ['main', 'sub'], lastSegmentAt: third[3]!.endsAt, online: expect.any(Boolean), state: null },
        { id: 'cam-idle', name: 'Camera cam-idle', siteId: 'site-1', streams: ['main', 'sub'], lastSegmentAt: null, online: expect.any(Boolean), state: null },
      ],
    });
  });
});
