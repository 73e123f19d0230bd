import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeConsole, findChromium, launchChromium, openConsole, signIn, submitLogin, waitForSegmentsAs } from '../support/browser.js';
import { startStack, type Stack } from '../support/stack.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-results');
const chromiumPath = findChromium();
const skipReason = chromiumPath ? '' : ' (skipped: Chromium not found at /usr/bin/chromium; apt-get install chromium or set CHROMIUM_PATH)';
if (skipReason) console.warn(`console sign-in tests${skipReason}`);

/** The cloud creates this first admin on a fresh database. */
const ADMIN = { email: 'admin@argus.test', password: `admin-${randomBytes(8).toString('hex')}` };

/** Signing in and out of the console in a real browser, against the real cloud. */
describe.skipIf(!chromiumPath)(`console sign-in in Chromium${skipReason}`, () => {
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

  it('signs an admin in, plays a camera live, and signs out to the login page', async () => {
    const consolePage = await openConsole(browser, stack.cloud.url, '/');
    const { page, pageErrors } = consolePage;
    // Nobody is signed in: the login page, not the cameras.
    await page.getByTestId('login-page').waitFor();
    expect(await page.getByTestId('camera-list').count()).toBe(0);
    await page.screenshot({ path: join(screenshots, 'console-login.png') });

    await signIn(page, ADMIN.email, ADMIN.password);
    expect(await page.getByTestId('user-email').textContent()).toBe(ADMIN.email);
    expect(await page.getByTestId('user-menu').locator('[data-role]').getAttribute('data-role')).toBe('admin');
    await expect.poll(() => page.getByTestId('camera-item').count(), { timeout: 30_000 }).toBe(2);

    // Live needs a few recorded segments first.
    await waitForSegmentsAs(page, stack.cloud.url, 'cam-1', 3);
    await page.locator('[data-testid="camera-item"][data-camera-id="cam-1"] button').click();
    await expect.poll(() => page.getByTestId('player-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('playing');
    const first = await currentTime(page);
    await expect.poll(() => currentTime(page), { timeout: 30_000 }).toBeGreaterThan(first + 2);
    await page.screenshot({ path: join(screenshots, 'console-admin-live.png') });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('login-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByTestId('login-notice').textContent()).toMatch(/signed out/);
    expect(await page.getByTestId('player-video').count()).toBe(0);
    // The session is over on the cloud too, not only in this tab.
    expect((await page.request.get(`${stack.cloud.url}/api/auth/me`)).status()).toBe(401);
    await page.reload();
    await page.getByTestId('login-page').waitFor();
    await page.screenshot({ path: join(screenshots, 'console-signed-out.png') });
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 120_000);

  it('shows a wrong password as an error and stays on the login page', async () => {
    const consolePage = await openConsole(browser, stack.cloud.url, '/');
    const { page, pageErrors } = consolePage;
    await page.getByTestId('login-form').waitFor();
    await submitLogin(page, ADMIN.email, 'not-the-password');

    const error = page.getByTestId('login-error');
    expect(await error.textContent()).toMatch(/Wrong email or password/);
    expect(await error.getAttribute('data-code')).toBe('CLD_ERR_LOGIN_FAILED');
    expect(await page.getByTestId('login-form').isVisible()).toBe(true);
    expect(await page.getByTestId('user-menu').count()).toBe(0);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.screenshot({ path: join(screenshots, 'console-login-failed.png') });
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 60_000);
});
