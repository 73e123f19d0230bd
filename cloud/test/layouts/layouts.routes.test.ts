import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayoutsDocument } from '@argus/contracts';
import { adminHeaders, startTestCloud, userSession, type TestCloud } from '../support/test-cloud.js';

describe('Live wall layouts per user (/api/me/layouts)', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(() => cloud?.close());

  const put = (headers: Record<string, string>, payload: object) => cloud.app.inject({ method: 'PUT', url: '/api/me/layouts', headers, payload });
  const get = (headers: Record<string, string>) => cloud.app.inject({ method: 'GET', url: '/api/me/layouts', headers });

  const lobby: LayoutsDocument = {
    layouts: [
      { name: 'Lobby', size: 4, tiles: ['cam-1', null, 'cam-2', null] },
      { name: 'Gate', size: 1, tiles: ['cam-3'] },
    ],
    lastUsed: 'Lobby',
  };

  it('starts empty, keeps what the user saved and gives each user only their own', async () => {
    const viewer = await userSession(cloud.app, { email: 'viewer@argus.test', role: 'viewer' });
    expect((await get(viewer.headers)).json()).toEqual({ layouts: [], lastUsed: null });

    const saved = await put(viewer.headers, lobby);
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await get(viewer.headers)).json()).toEqual(lobby);
    // The admin's token acts for the admin, who saved nothing.
    expect((await get(adminHeaders)).json()).toEqual({ layouts: [], lastUsed: null });

    const replaced: LayoutsDocument = { layouts: [{ name: 'Gate', size: 1, tiles: [null] }], lastUsed: null };
    const second = await put(viewer.headers, replaced);
    expect(second.statusCode, second.body).toBe(200);
    expect((await get(viewer.headers)).json()).toEqual(replaced);
  });

  it('refuses layouts whose tiles do not fill the grid, duplicate names and an unknown last-used layout', async () => {
    expect((await put(adminHeaders, { layouts: [{ name: 'A', size: 4, tiles: ['cam-1'] }], lastUsed: null })).json()).toMatchObject({ statusCode: 400, code: 'CLD_ERR_VALIDATION', field: 'layouts.0.tiles' });
    expect((await put(adminHeaders, { layouts: [{ name: 'A', size: 1, tiles: [null] }, { name: 'A', size: 1, tiles: [null] }], lastUsed: null })).json()).toMatchObject({ statusCode: 400, field: 'layouts.1.name' });
    expect((await put(adminHeaders, { layouts: [], lastUsed: 'Nope' })).json()).toMatchObject({ statusCode: 400, field: 'lastUsed' });
    expect((await put(adminHeaders, { layouts: [{ name: 'A', size: 3, tiles: [null, null, null] }], lastUsed: null })).statusCode).toBe(400);
    expect((await get(adminHeaders)).json()).toEqual({ layouts: [], lastUsed: null });
  });

  it('answers 401 to nobody', async () => {
    expect((await get({})).statusCode).toBe(401);
  });
});
