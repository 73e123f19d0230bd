import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startStack, type Stack } from './stack.js';

/**
 * Browser launcher for end-to-end tests. We drive the system Chromium through
 * playwright-core instead of Playwright's downloaded browsers: the test
 * machines have no network access for browser downloads, and Debian's
 * Chromium is built with the proprietary codecs our H.264 streams need.
 *
 * Usage:
 *   const launched = await launchChromium();
 *   it.skipIf('skip' in launched)('plays a recording', ...)
 *
 * The console's browser tests use startConsoleSession() instead: the stack,
 * the browser and the first admin in one call (bottom of this file).
 */

const DEFAULT_PATH = '/usr/bin/chromium';

/** Names tried on PATH when neither CHROMIUM_PATH nor the default exists. */
const PATH_CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];

/**
 * Flags chosen for a quiet, deterministic headless run on a shared CI box:
 * no sandbox (containers run as root), no GPU, and no background traffic
 * (QUIC, component updates, sync) that would slow start-up or race the test.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type LaunchResult = { browser: Browser } | { skip: string };

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    // Missing or not executable: the caller tries the next candidate.
    return false;
  }
}

/** Finds the Chromium executable: CHROMIUM_PATH, then /usr/bin/chromium, then PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env['CHROMIUM_PATH'];
  if (explicit !== undefined && explicit !== '') {
    // An explicit path that does not work is not silently replaced by another browser.
    return isExecutable(explicit) ? explicit : undefined;
  }
  if (isExecutable(DEFAULT_PATH)) return DEFAULT_PATH;
  const dirs = (env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '');
  for (const name of PATH_CANDIDATES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Launches headless Chromium, or explains why it cannot so the test can be
 * skipped rather than failed on machines without a browser.
 */
export async function launchChromium(): Promise<LaunchResult> {
  const executablePath = findChromium();
  if (executablePath === undefined) {
    const where = process.env['CHROMIUM_PATH'] || DEFAULT_PATH;
    return { skip: `Chromium not found at ${where} (install Debian chromium or set CHROMIUM_PATH)` };
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return { browser };
}

/**
 * The console as an operator uses it, for the browser tests: a fresh page
 * (its own cookie jar when `in` is a Browser), page errors collected, and
 * sign-in / sign-out through the login form and the header's button.
 */
export interface ConsolePage {
  readonly page: Page;
  /** Uncaught exceptions in the page; a test ends by expecting none. */
  readonly pageErrors: string[];
}

/** Opens `path` of the console served at `baseUrl` in a new browser context: no cookies, nobody signed in. */
export async function openConsole(browser: Browser, baseUrl: string, path = '/'): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(`${baseUrl}${path}`);
  return { page, pageErrors };
}

/** Waits for the login form, fills it and submits it; resolves once the form has gone (signed in) or an error shows. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.getByTestId('login-form').waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="user-menu"], [data-testid="login-error"]').first().waitFor();
}

/** Signs in through the login form and waits for the signed-in header. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await submitLogin(page, email, password);
  const error = page.getByTestId('login-error');
  if (await error.isVisible()) throw new Error(`sign-in as ${email} failed: ${await error.textContent()}`);
  await page.getByTestId('user-menu').waitFor();
}

/**
 * Resolves once `cameraId` has at least `count` indexed segments, asked with
 * the page's own session cookie (the API answers 401 to anonymous callers).
 */
export async function waitForSegmentsAs(
  page: Page,
  baseUrl: string,
  cameraId: string,
  count: number,
  timeoutMs = 60_000,
): Promise<Array<{ startsAt: string; endsAt: string }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const query = `from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`;
    const response = await page.request.get(`${baseUrl}/api/cameras/${encodeURIComponent(cameraId)}/segments?${query}`);
    // 404 until the edge has announced the camera: that is "none yet".
    if (!response.ok() && response.status() !== 404) throw new Error(`segments of ${cameraId}: HTTP ${response.status()} ${await response.text()}`);
    const segments = response.ok() ? ((await response.json()) as { segments: Array<{ startsAt: string; endsAt: string }> }).segments : [];
    if (segments.length >= count) return segments;
    if (Date.now() > deadline) throw new Error(`${cameraId}: ${segments.length} of ${count} segments after ${timeoutMs} ms`);
    // Segments land every couple of seconds; a poll per half second is plenty.
    await page.waitForTimeout(500);
  }
}

/** The console's own page closes with its context, so cookies never leak into the next test. */
export async function closeConsole(consolePage: ConsolePage): Promise<void> {
  await consolePage.page.context().close();
}

/** The player's position in seconds. Runs in the page; typed structurally because the tests compile without the DOM library. */
export function playerCurrentTime(page: Page): Promise<number> {
  return page.getByTestId('player-video').evaluate((v) => (v as unknown as { currentTime: number }).currentTime);
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the browser tests' screenshots land. */
const SCREENSHOT_DIR = join(ROOT, 'test-results');

/** Saves a screenshot of `page` as test-results/<name>. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, name) });
}

/**
 * Why the console's browser tests are skipped on this machine ('' when
 * Chromium is there): appended to the suite's name, and warned once as
 * `<suite><reason>`.
 */
export function chromiumSkipReason(suite: string): string {
  if (findChromium() !== undefined) return '';
  const reason = ' (skipped: Chromium not found at /usr/bin/chromium; apt-get install chromium or set CHROMIUM_PATH)';
  console.warn(`${suite}${reason}`);
  return reason;
}

/**
 * What a console browser test file runs against: the whole stack (two
 * simulated cameras recording 2 s segments) with the built console, its first
 * admin, and one Chromium whose pages each get their own cookie jar.
 */
export interface ConsoleSession {
  /** The cloud, serving the console at `/` and the API at `/api`. */
  readonly url: string;
  /** The stack behind it: its edge token, the admin's API token headers, the simulator. */
  readonly stack: Stack;
  /** The cloud's first admin, created on the fresh database. */
  readonly admin: { readonly email: string; readonly password: string };
  /** Opens `path` with no cookies: nobody signed in. */
  open(path?: string): Promise<ConsolePage>;
  /** Opens `path` and signs in through the form (as the admin by default). */
  openSignedIn(path?: string, user?: { readonly email: string; readonly password: string }): Promise<ConsolePage>;
  /** The same, on the console another cloud (a second replica) serves at `baseUrl`. */
  openSignedInAt(baseUrl: string, path?: string): Promise<ConsolePage>;
  /** Closes the browser, then stops the stack. */
  stop(): Promise<void>;
}

/**
 * Starts a ConsoleSession; the console must have been built (`npm run build:console`).
 * `cameras` simulated cameras (default as before); `cloudEnv` adds cloud settings (e.g. a short `ARGUS_AGENT_OFFLINE_SECONDS`).
 */
export async function startConsoleSession(options: { readonly cameras?: number; readonly cloudEnv?: Readonly<Record<string, string>> } = {}): Promise<ConsoleSession> {
  if (!existsSync(join(ROOT, 'console/dist/index.html'))) throw new Error('the console is not built: run `npm run build:console` (npm test does)');
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const admin = { email: 'admin@argus.test', password: `admin-${randomBytes(8).toString('hex')}` };
  const launched = await launchChromium();
  if ('skip' in launched) throw new Error(launched.skip);
  const { browser } = launched;
  let stack: Stack;
  try {
    stack = await startStack({
      cameras: options.cameras ?? 2,
      segmentSeconds: 2,
      cloudEnv: { ...options.cloudEnv, ARGUS_ADMIN_EMAIL: admin.email, ARGUS_ADMIN_PASSWORD: admin.password },
    });
  } catch (err) {
    await browser.close();
    throw err;
  }
  const url = stack.cloud.url;
  const open = (path = '/'): Promise<ConsolePage> => openConsole(browser, url, path);
  return {
    url,
    stack,
    admin,
    open,
    async openSignedIn(path = '/', user = admin) {
      const consolePage = await open(path);
      await signIn(consolePage.page, user.email, user.password);
      return consolePage;
    },
    async openSignedInAt(baseUrl, path = '/') {
      const consolePage = await openConsole(browser, baseUrl, path);
      await signIn(consolePage.page, admin.email, admin.password);
      return consolePage;
    },
    async stop() {
      await browser.close();
      await stack.stop();
    },
  };
}
