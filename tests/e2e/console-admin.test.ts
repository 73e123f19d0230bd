import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeConsole, findChromium, launchChromium, openConsole, signIn } from '../support/browser.js';
import { startStack, type Stack } from '../support/stack.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-results');
const chromiumPath = findChromium();
const skipReason = chromiumPath ? '' : ' (skipped: Chromium not found at /usr/bin/chromium; apt-get install chromium or set CHROMIUM_PATH)';
if (skipReason) console.warn(`console admin tests${skipReason}`);

/** The cloud creates this first admin on a fresh database. */
const ADMIN = { email: 'admin@argus.test', password: `admin-${randomBytes(8).toString('hex')}` };

/** The admin screens in a real browser: users, roles as the console shows them, API tokens. */
describe.skipIf(!chromiumPath)(`console administration in Chromium${skipReason}`, () => {
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

  it('lets an admin create a viewer, who sees the cameras but none of the admin screens', async () => {
    const viewer = { email: 'night.shift@argus.test', password: `viewer-${randomBytes(8).toString('hex')}` };
    const admin = await openConsole(browser, stack.cloud.url, '/');
    await signIn(admin.page, ADMIN.email, ADMIN.password);
    await admin.page.getByRole('link', { name: 'Users' }).click();
    const form = admin.page.getByTestId('user-create-form');
    await form.getByLabel('Email').fill(viewer.email);
    await form.getByLabel('Initial password').fill(viewer.password);
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Create user' }).click();
    const row = admin.page.locator(`[data-testid="user-row"][data-email="${viewer.email}"]`);
    await row.waitFor();
    expect(await row.locator('[data-role]').getAttribute('data-role')).toBe('viewer');
    expect(await admin.page.getByTestId('page-notice').textContent()).toMatch(`Created ${viewer.email}`);
    await admin.page.screenshot({ path: join(screenshots, 'console-users.png') });

    // The viewer, in a browser of their own.
    const seen = await openConsole(browser, stack.cloud.url, '/');
    const { page } = seen;
    await signIn(page, viewer.email, viewer.password);
    expect(await page.getByTestId('user-menu').locator('[data-role]').getAttribute('data-role')).toBe('viewer');
    await expect.poll(() => page.getByTestId('camera-item').count(), { timeout: 30_000 }).toBe(2);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Cameras']);
    for (const id of ['users', 'tokens', 'agents', 'audit']) expect(await page.getByTestId(`nav-${id}`).count()).toBe(0);

    // Typing an admin URL shows why there is nothing, and the API refuses it anyway.
    await page.goto(`${stack.cloud.url}/admin/users`);
    const noAccess = page.getByTestId('no-access');
    await noAccess.waitFor();
    expect(await noAccess.textContent()).toMatch(/You do not have access to this page/);
    expect(await page.getByTestId('user-table').count()).toBe(0);
    expect((await page.request.get(`${stack.cloud.url}/api/users`)).status()).toBe(403);
    await page.screenshot({ path: join(screenshots, 'console-no-access.png') });

    expect([...admin.pageErrors, ...seen.pageErrors]).toEqual([]);
    await closeConsole(seen);
    await closeConsole(admin);
  }, 90_000);

  it('shows a new API token once, and lists it without its value after a reload', async () => {
    const consolePage = await openConsole(browser, stack.cloud.url, '/');
    const { page, pageErrors } = consolePage;
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'API tokens' }).click();
    const form = page.getByTestId('token-create-form');
    await form.getByLabel('Name').fill('Night report script');
    await form.getByRole('button', { name: 'Create token' }).click();

    const reveal = page.getByTestId('token-reveal');
    await reveal.waitFor();
    expect(await reveal.textContent()).toMatch(/will not be shown again/);
    const token = await page.getByTestId('token-value').inputValue();
    expect(token.length).toBeGreaterThan(16);
    await page.screenshot({ path: join(screenshots, 'console-token-created.png') });

    // The value works as a bearer credential for scripts.
    const me = await fetch(`${stack.cloud.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { via: string }).via).toBe('token');

    await page.reload();
    const row = page.locator('[data-testid="token-row"][data-token-name="Night report script"]');
    await row.waitFor();
    expect(await page.getByTestId('token-value').count()).toBe(0);
    expect(await page.content()).not.toContain(token);
    await page.screenshot({ path: join(screenshots, 'console-tokens.png') });
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 60_000);
});
