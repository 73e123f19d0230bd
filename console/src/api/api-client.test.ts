import { describe, expect, it } from 'vitest';
import { ApiRequestError, apiErrorFromBody, createApiClient } from './api-client.js';

function fakeFetch(status: number, body: string): typeof fetch {
  return async () => new Response(body, { status, headers: { 'content-type': 'application/json' } });
}

describe('api client', () => {
  it('lists cameras', async () => {
    const cameras = [{ id: 'cam-1', name: 'Gate', siteId: 'site-1', streams: ['main'], lastSegmentAt: null }];
    const client = createApiClient({ fetch: fakeFetch(200, JSON.stringify({ cameras })) });
    await expect(client.listCameras()).resolves.toEqual(cameras);
  });

  it("surfaces the API's code, message and field as an ApiRequestError", async () => {
    const body = { statusCode: 400, code: 'CLD_ERR_VALIDATION', error: 'Bad Request', message: 'bad from', field: 'from' };
    const client = createApiClient({ fetch: fakeFetch(400, JSON.stringify(body)) });
    const error = await client.listCameras().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 400, code: 'CLD_ERR_VALIDATION', message: 'bad from', field: 'from' });
  });

  it('reports unreachable cloud and malformed bodies with console codes', async () => {
    const offline = createApiClient({ fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(offline.listCameras()).rejects.toMatchObject({ status: 0, code: 'CONSOLE_ERR_NETWORK' });
    const odd = createApiClient({ fetch: fakeFetch(200, '{"items":[]}') });
    await expect(odd.listCameras()).rejects.toMatchObject({ code: 'CONSOLE_ERR_BAD_RESPONSE' });
    expect(apiErrorFromBody(502, '<html>Bad Gateway</html>')).toMatchObject({ status: 502, code: 'CONSOLE_ERR_HTTP' });
  });

  it('builds playlist URLs with encoded ids and ISO ranges', () => {
    const client = createApiClient({ baseUrl: 'https://cloud.example/', fetch: fakeFetch(200, '{}') });
    expect(client.livePlaylistUrl('cam/1')).toBe('https://cloud.example/api/cameras/cam%2F1/live.m3u8');
    const url = client.playbackPlaylistUrl('cam-1', {
      from: new Date('2026-11-26T05:00:00Z'),
      to: new Date('2026-11-26T05:05:00Z'),
    });
    expect(url).toBe(
      'https://cloud.example/api/cameras/cam-1/playback.m3u8?from=2026-11-26T05%3A00%3A00.000Z&to=2026-11-26T05%3A05%3A00.000Z',
    );
  });
});
