import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * Browser launcher for end-to-end tests. We drive the system Chromium through
 * playwright-core instead of Playwright's downloaded browsers: the test
 * machines have no network access for browser downloads, and Debian's
 * Chromium is built with the proprietary codecs our H.264 streams need.
 *
 * Usage:
 *   const launched = await launchChromium();
 *   it.skipIf('skip' in launched)('plays a recording', ...)
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
