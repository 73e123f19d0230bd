import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumSkipReason,
  closeConsole,
  playerCurrentTime,
  screenshot,
  signIn,
  startConsoleSession,
  submitLogin,
  waitForSegmentsAs,
  type ConsoleSession,
} from '../support/browser.js';

const skipReason = chromiumSkipReason('console sign-in tests');

/** Signing in and out of the console in a real browser, against the real cloud. */
describe.skipIf(skipReason !== '')(`console sign-in in Chromium${skipReason}`, () => {
  let session: ConsoleSession;
  beforeAll(async () => {
    session = await startConsoleSession();
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('signs an admin in, plays a camera live, and signs out to the login page', async () => {
    const consolePage = await session.open('/');
    const { page, pageErrors } = consolePage;
    // Nobody is signed in: the login page, not the cameras.
    await page.getByTestId('login-page').waitFor();
    expect(await page.getByTestId('camera-list').count()).toBe(0);
    await screenshot(page, 'console-login.png');

    await signIn(page, session.admin.email, session.admin.password);
    expect(await page.getByTestId('user-email').textContent()).toBe(session.admin.email);
    expect(await page.getByTestId('user-menu').locator('[data-role]').getAttribute('data-role')).toBe('admin');
    await expect.poll(() => page.getByTestId('camera-item').count(), { timeout: 30_000 }).toBe(2);

    // Live needs a few recorded segments first.
    await waitForSegmentsAs(page, session.url, 'cam-1', 3);
    await page.locator('[data-testid="camera-item"][data-camera-id="cam-1"] button').click();
    await expect.poll(() => page.getByTestId('player-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('playing');
    const first = await playerCurrentTime(page);
    await expect.poll(() => playerCurrentTime(page), { timeout: 30_000 }).toBeGreaterThan(first + 2);
    await screenshot(page, 'console-admin-live.png');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('login-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByTestId('login-notice').textContent()).toMatch(/signed out/);
    expect(await page.getByTestId('player-video').count()).toBe(0);
    // The session is over on the cloud too, not only in this tab.
    expect((await page.request.get(`${session.url}/api/auth/me`)).status()).toBe(401);
    await page.reload();
    await page.getByTestId('login-page').waitFor();
    await screenshot(page, 'console-signed-out.png');
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 120_000);

  it('shows a wrong password as an error and stays on the login page', async () => {
    const consolePage = await session.open('/');
    const { page, pageErrors } = consolePage;
    await submitLogin(page, session.admin.email, 'not-the-password');

    const error = page.getByTestId('login-error');
    expect(await error.textContent()).toMatch(/Wrong email or password/);
    expect(await error.getAttribute('data-code')).toBe('CLD_ERR_LOGIN_FAILED');
    expect(await page.getByTestId('login-form').isVisible()).toBe(true);
    expect(await page.getByTestId('user-menu').count()).toBe(0);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(new URL(page.url()).pathname).toBe('/');
    await screenshot(page, 'console-login-failed.png');
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 60_000);
});
