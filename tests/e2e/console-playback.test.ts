import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeConsole, findChromium, launchChromium, openConsole, signIn, waitForSegmentsAs } from '../support/browser.js';
import { startStack, type Stack } from '../support/stack.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-results');
const chromiumPath = findChromium();
const skipReason = chromiumPath ? '' : ' (skipped: Chromium not found at /usr/bin/chromium; apt-get install chromium or set CHROMIUM_PATH)';
if (skipReason) console.warn(`console playback tests${skipReason}`);

/** The cloud creates this first admin on a fresh database. */
const ADMIN = { email: 'admin@argus.test', password: `admin-${randomBytes(8).toString('hex')}` };

/** The operator's path in a real browser: sign in to the console served by the cloud, play what the edge recorded. */
describe.skipIf(!chromiumPath)(`console playback in Chromium${skipReason}`, () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(root, 'console/dist/index.html'))) throw new Error('the console is not built: run `npm run build:console` (npm test does)');
    const launched = await launchChromium();
    if ('skip' in launched) throw new Error(launched.skip);
    browser = launched.browser;
    stack = await startStack({
      cameras: 2,
      segmentSeconds: 2,
      cloudEnv: { ARGUS_ADMIN_EMAIL: ADMIN.email, ARGUS_ADMIN_PASSWORD: ADMIN.password },
    });
    await mkdir(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  // Runs in the page; typed structurally because these tests compile without the DOM library.
  const currentTime = (page: Page): Promise<number> =>
    page.getByTestId('player-video').evaluate((v) => (v as unknown as { currentTime: number }).currentTime);

  it('plays a recorded range from a link past 5 s, after signing in on the link itself', async () => {
    // Find a recorded range as an operator would see it: signed in.
    const probe = await openConsole(browser, stack.cloud.url, '/');
    await signIn(probe.page, ADMIN.email, ADMIN.password);
    const segments = await waitForSegmentsAs(probe.page, stack.cloud.url, 'cam-1', 5);
    await closeConsole(probe);
    const from = new Date(Date.parse(segments[0]!.startsAt)).toISOString();
    const to = new Date(Date.parse(segments.at(-1)!.endsAt)).toISOString();

    // A pasted link opens on the login page and keeps the view it asked for.
    const consolePage = await openConsole(browser, stack.cloud.url, `/?camera=cam-1&from=${from}&to=${to}`);
    const { page, pageErrors } = consolePage;
    await signIn(page, ADMIN.email, ADMIN.password);
    expect(new URL(page.url()).searchParams.get('from')).toBe(from);

    await expect.poll(() => page.getByTestId('camera-item').count(), { timeout: 15_000 }).toBe(2);
    await page.waitForFunction('document.querySelector(\'[data-testid="player-video"]\').currentTime > 5', null, { timeout: 45_000 });
    expect(await page.getByTestId('player-state').getAttribute('data-state')).not.toBe('error');
    expect(await page.getByTestId('error-banner').isVisible()).toBe(false);
    // The clock shows the recording's own wall-clock time, inside the range asked for.
    const shown = Date.parse((await page.getByTestId('player-clock').getAttribute('datetime')) ?? '');
    expect(shown).toBeGreaterThanOrEqual(Date.parse(from));
    expect(shown).toBeLessThanOrEqual(Date.parse(to));
    await page.screenshot({ path: join(screenshots, 'console-playback.png') });
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 120_000);

  it('plays a camera live after one click on it', async () => {
    const consolePage = await openConsole(browser, stack.cloud.url, '/');
    const { page, pageErrors } = consolePage;
    await signIn(page, ADMIN.email, ADMIN.password);
    await waitForSegmentsAs(page, stack.cloud.url, 'cam-2', 4);
    await page.locator('[data-testid="camera-item"][data-camera-id="cam-2"]').click();
    await expect.poll(() => page.getByTestId('player-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('playing');
    const first = await currentTime(page);
    // Live keeps advancing as new segments arrive.
    await expect.poll(() => currentTime(page), { timeout: 30_000 }).toBeGreaterThan(first + 3);
    expect(new URL(page.url()).searchParams.get('camera')).toBe('cam-2');
    await page.screenshot({ path: join(screenshots, 'console-live.png') });
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 90_000);
});
