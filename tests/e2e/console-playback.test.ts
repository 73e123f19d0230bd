import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumSkipReason,
  closeConsole,
  playerCurrentTime,
  screenshot,
  startConsoleSession,
  waitForSegmentsAs,
  type ConsoleSession,
} from '../support/browser.js';

const skipReason = chromiumSkipReason('console playback tests');

/** The operator's path in a real browser: sign in to the console served by the cloud, play what the edge recorded. */
describe.skipIf(skipReason !== '')(`console playback in Chromium${skipReason}`, () => {
  let session: ConsoleSession;
  beforeAll(async () => {
    session = await startConsoleSession();
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('plays a recorded range from a link past 5 s, after signing in on the link itself', async () => {
    // Find a recorded range as an operator would see it: signed in.
    const probe = await session.openSignedIn('/');
    const segments = await waitForSegmentsAs(probe.page, session.url, 'cam-1', 5);
    await closeConsole(probe);
    const from = new Date(Date.parse(segments[0]!.startsAt)).toISOString();
    const to = new Date(Date.parse(segments.at(-1)!.endsAt)).toISOString();

    // A pasted link opens on the login page and keeps the view it asked for.
    const consolePage = await session.openSignedIn(`/?camera=cam-1&from=${from}&to=${to}`);
    const { page, pageErrors } = consolePage;
    expect(new URL(page.url()).searchParams.get('from')).toBe(from);

    await expect.poll(() => page.getByTestId('camera-item').count(), { timeout: 15_000 }).toBe(2);
    await page.waitForFunction('document.querySelector(\'[data-testid="player-video"]\').currentTime > 5', null, { timeout: 45_000 });
    expect(await page.getByTestId('player-state').getAttribute('data-state')).not.toBe('error');
    expect(await page.getByTestId('error-banner').isVisible()).toBe(false);
    // The clock shows the recording's own wall-clock time, inside the range asked for.
    const shown = Date.parse((await page.getByTestId('player-clock').getAttribute('datetime')) ?? '');
    expect(shown).toBeGreaterThanOrEqual(Date.parse(from));
    expect(shown).toBeLessThanOrEqual(Date.parse(to));
    await screenshot(page, 'console-playback.png');
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 120_000);

  it('plays a camera live after one click on it', async () => {
    const consolePage = await session.openSignedIn('/');
    const { page, pageErrors } = consolePage;
    await waitForSegmentsAs(page, session.url, 'cam-2', 4);
    await page.locator('[data-testid="camera-item"][data-camera-id="cam-2"]').click();
    await expect.poll(() => page.getByTestId('player-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('playing');
    const first = await playerCurrentTime(page);
    // Live keeps advancing as new segments arrive.
    await expect.poll(() => playerCurrentTime(page), { timeout: 30_000 }).toBeGreaterThan(first + 3);
    expect(new URL(page.url()).searchParams.get('camera')).toBe('cam-2');
    await screenshot(page, 'console-live.png');
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 90_000);
});
