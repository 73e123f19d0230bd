import { randomBytes, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegChildren, livePushes } from '../support/ffmpeg-children.js';
import { chromiumSkipReason, closeConsole, screenshot, startConsoleSession, type ConsoleSession } from '../support/browser.js';

const skipReason = chromiumSkipReason('console Live wall tests');
const IDLE_SECONDS = 3;
const CAMERAS = ['cam-1', 'cam-2', 'cam-3', 'cam-4'];

/** The tile's media time (s); typed structurally because the tests compile without the DOM library. */
const tileTime = (page: Page, index: number): Promise<number> =>
  page.getByTestId(`wall-video-${index}`).evaluate((v) => (v as unknown as { currentTime: number }).currentTime);

/**
 * The operator's Live wall in Chromium against the whole stack: four
 * cameras live at once (one dragged onto its tile, the others placed with
 * pick-and-place), the layout saved and back after a reload, and, once the
 * page closes, the pushes end: the edge keeps only its recorders.
 */
describe.skipIf(skipReason !== '')(`console Live wall in Chromium${skipReason}`, () => {
  let session: ConsoleSession;
  beforeAll(async () => {
    session = await startConsoleSession({ cameras: CAMERAS.length, cloudEnv: { ARGUS_LIVE_IDLE_SECONDS: String(IDLE_SECONDS) } });
    const { stack } = session;
    // Every camera recording (online in the list) and the agent's control channel open, so live-start can reach it.
    await Promise.all(CAMERAS.map((id) => stack.waitForSegments(id, 1, { timeoutMs: 60_000 })));
    for (const deadline = Date.now() + 15_000; stack.cloud.app.argus.controlHub.connectedAgents().length === 0;) {
      if (Date.now() > deadline) throw new Error('the agent opened no control channel');
      await new Promise((resolve) => setTimeout(resolve, 100)); // the hub has no open event to wait on
    }
  }, 120_000);
  afterAll(async () => {
    await session?.stop();
  });

  /** POSTs JSON as the admin (API token) or the edge (the stack's edge token). */
  const post = async (path: string, as: 'admin' | 'edge', body: object): Promise<void> => {
    const auth = as === 'admin' ? session.stack.adminHeaders : { authorization: `Bearer ${session.stack.edgeToken}` };
    const response = await fetch(new URL(path, session.url), { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  };

  it('plays four cameras live on a 4-tile wall, keeps the saved layout across a reload, and stops the pushes when the page closes', async () => {
    const recorders = ffmpegChildren().length;
    expect(livePushes()).toBe(0);

    const consolePage = await session.openSignedIn('/');
    const { page, pageErrors } = consolePage;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live wall' }).click();
    await page.getByTestId('wall-grid').waitFor();
    await page.getByTestId('wall-size-4').click();
    await expect.poll(() => page.locator('[data-testid^="wall-tile-"][role="group"]').count()).toBe(4);

    // One camera by drag and drop, the rest by pick and place.
    await page.getByTestId('wall-camera-cam-1').dragTo(page.getByTestId('wall-tile-0'));
    await expect.poll(() => page.getByTestId('wall-tile-0').getAttribute('data-camera')).toBe('cam-1');
    for (const [i, id] of CAMERAS.entries()) {
      if (i === 0) continue;
      await page.getByTestId(`wall-pick-${id}`).click();
      await page.getByTestId(`wall-place-${i}`).click();
      await expect.poll(() => page.getByTestId(`wall-tile-${i}`).getAttribute('data-camera')).toBe(id);
    }

    // Each tile's picture advances: playing, over the low-latency socket (not the HLS fallback), and its media time grows.
    for (const i of CAMERAS.keys()) {
      await expect.poll(() => page.getByTestId(`wall-tile-${i}`).getAttribute('data-state'), { timeout: 60_000, interval: 500 }).toBe('playing');
      expect(await page.getByTestId(`wall-tile-${i}`).getAttribute('data-transport')).toBe('ws');
      const first = await tileTime(page, i);
      await expect.poll(() => tileTime(page, i), { timeout: 15_000, interval: 250 }).toBeGreaterThan(first + 0.5);
    }
    expect(livePushes()).toBe(CAMERAS.length);

    // A live alert on cam-3 highlights its tile (only its tile); a camera-frozen health event shows on cam-4's until it ends.
    await post('/api/rules', 'admin', { name: 'Wall person', cameraIds: ['cam-3'], labels: ['person'], severity: 'high', cooldownSeconds: 0 });
    const startedAt = new Date(Date.now() - 1_000).toISOString();
    await post('/api/events', 'edge', { events: [{ id: `wall-person-${randomUUID()}`, phase: 'start', cameraId: 'cam-3', label: 'person', score: 0.9, startedAt }] });
    await expect.poll(() => page.getByTestId('wall-tile-2').getAttribute('data-highlighted'), { timeout: 15_000 }).toBe('true');
    expect(await page.getByTestId('wall-tile-0').getAttribute('data-highlighted')).toBe('false');
    const frozenId = `wall-frozen-${randomUUID()}`;
    await post('/api/events', 'edge', { events: [{ id: frozenId, phase: 'start', cameraId: 'cam-4', label: 'camera-frozen', startedAt }] });
    await expect.poll(() => page.getByTestId('wall-tile-3').getAttribute('data-state'), { timeout: 15_000 }).toBe('frozen');
    expect(await page.getByTestId('wall-tile-state-3').textContent()).toBe('Picture frozen');
    await screenshot(page, 'console-wall.png');
    await post('/api/events', 'edge', { events: [{ id: frozenId, phase: 'end', cameraId: 'cam-4', label: 'camera-frozen', startedAt, endedAt: new Date().toISOString() }] });
    await expect.poll(() => page.getByTestId('wall-tile-3').getAttribute('data-state'), { timeout: 15_000 }).toBe('playing');

    // Saved under a name, the layout is what the wall opens with after a reload.
    await page.getByTestId('wall-layout-name').fill('Four cameras');
    await page.getByTestId('wall-save').click();
    await expect.poll(() => page.getByTestId('wall-layout-select').inputValue()).toBe('Four cameras');
    await page.reload();
    await page.getByTestId('wall-grid').waitFor();
    await expect.poll(() => page.locator('[data-testid^="wall-tile-"][role="group"]').evaluateAll((tiles) => tiles.map((t) => (t as unknown as { dataset: { camera: string } }).dataset.camera)), { timeout: 10_000 }).toEqual(CAMERAS);
    await expect.poll(() => page.getByTestId('wall-tile-3').getAttribute('data-state'), { timeout: 60_000, interval: 500 }).toBe('playing');

    // Double-click: one camera alone, with the main stream; Escape returns to the grid.
    await page.getByTestId('wall-tile-1').dblclick();
    await page.getByTestId('wall-single').waitFor();
    expect(await page.getByTestId('wall-single-tile').getAttribute('data-camera')).toBe('cam-2');
    await page.keyboard.press('Escape');
    await page.getByTestId('wall-grid').waitFor({ timeout: 5_000 });

    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);

    // Nobody watches any more: within the idle time and a sweep the cloud sends live-stop for each, and the edge's pushes end.
    const { stack } = session;
    await expect.poll(() => stack.cloud.app.argus.live.active(), { timeout: (IDLE_SECONDS + 10) * 1000, interval: 250 }).toEqual([]);
    await expect.poll(livePushes, { timeout: 10_000, interval: 250 }).toBe(0);
    await expect.poll(() => ffmpegChildren().length, { timeout: 10_000, interval: 250 }).toBe(recorders);
    for (const id of CAMERAS) expect(stack.logLines.some((l) => l.includes('"live push stopped"') && l.includes(`"${id}"`))).toBe(true);
  }, 240_000);

  it('shows a camera gone offline as offline, and a saved camera its user may not see as no permission', async () => {
    // Offline: a camera-offline health event on cam-2 shows on its tile until it ends.
    const admin = await session.openSignedIn('/wall');
    await admin.page.getByTestId('wall-grid').waitFor();
    await admin.page.getByTestId('wall-size-1').click();
    await admin.page.getByTestId('wall-pick-cam-2').click();
    await admin.page.getByTestId('wall-place-0').click();
    const tile = admin.page.getByTestId('wall-tile-0');
    await expect.poll(() => tile.getAttribute('data-state'), { timeout: 60_000, interval: 500 }).toBe('playing');
    const offlineId = `wall-offline-${randomUUID()}`;
    const startedAt = new Date().toISOString();
    await post('/api/events', 'edge', { events: [{ id: offlineId, phase: 'start', cameraId: 'cam-2', label: 'camera-offline', startedAt }] });
    await expect.poll(() => tile.getAttribute('data-state'), { timeout: 15_000 }).toBe('offline');
    expect(await admin.page.getByTestId('wall-tile-state-0').textContent()).toBe('Camera offline');
    await post('/api/events', 'edge', { events: [{ id: offlineId, phase: 'end', cameraId: 'cam-2', label: 'camera-offline', startedAt, endedAt: new Date().toISOString() }] });
    await expect.poll(() => tile.getAttribute('data-state'), { timeout: 15_000 }).toBe('playing');
    expect(admin.pageErrors).toEqual([]);
    await closeConsole(admin);

    // No permission: an operator of another site whose saved layout names cam-1 (a layout outlives a change of sites).
    await post('/api/sites', 'admin', { id: 'site-annex', name: 'Annex' });
    const operator = { email: 'annex.operator@argus.test', password: `operator-${randomBytes(8).toString('hex')}` };
    await post('/api/users', 'admin', { ...operator, role: 'operator', siteIds: ['site-annex'] });
    const scoped = await session.openSignedIn('/', operator);
    const saved = await scoped.page.evaluate(async () => (await fetch('/api/me/layouts', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ layouts: [{ name: 'Gate', size: 1, tiles: ['cam-1'] }], lastUsed: 'Gate' }),
    })).status);
    expect(saved).toBe(200);
    await scoped.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live wall' }).click();
    await expect.poll(() => scoped.page.getByTestId('wall-tile-0').getAttribute('data-state'), { timeout: 15_000 }).toBe('no-permission');
    expect(await scoped.page.getByTestId('wall-tile-state-0').textContent()).toBe('No permission to view this camera');
    await screenshot(scoped.page, 'console-wall-no-permission.png');
    expect(scoped.pageErrors).toEqual([]);
    await closeConsole(scoped);
  }, 180_000);
});
