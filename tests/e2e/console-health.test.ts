import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chromiumSkipReason, closeConsole, screenshot, startConsoleSession, type ConsoleSession } from '../support/browser.js';

const skipReason = chromiumSkipReason('console health tests');

/** Longer than the edge's heartbeat period (10 s), or the agent would flap; short enough for a test. */
const AGENT_GRACE_SECONDS = 12;
/** The cloud's health checker runs this often (s). */
const CHECK_SECONDS = 1;

/** The Health page in a real browser: a site's agent and cameras, live, as the agent goes away. */
describe.skipIf(skipReason !== '')(`console health dashboard in Chromium${skipReason}`, () => {
  let session: ConsoleSession;
  beforeAll(async () => {
    session = await startConsoleSession({ cloudEnv: { ARGUS_AGENT_OFFLINE_SECONDS: String(AGENT_GRACE_SECONDS), ARGUS_HEALTH_CHECK_SECONDS: String(CHECK_SECONDS) } });
    // The stack's edge writes site-1 with the shared edge token; creating the site lets it have enrollment tokens.
    const created = await fetch(`${session.url}/api/sites`, {
      method: 'POST',
      headers: { ...session.stack.adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'site-1', name: 'Site one' }),
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('shows the agent online, then offline within the grace period once it stops, without a reload', async () => {
    const { page, pageErrors } = await session.openSignedIn('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Health', exact: true }).click();
    await page.getByTestId('health-agent-table').waitFor();

    // The edge's first heartbeat names the agent and its cameras.
    await page.locator('[data-testid="agent-row"][data-status="online"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('camera-health-row').count(), { timeout: 30_000 }).toBe(2);
    await page.locator('[data-testid="camera-health-row"][data-status="online"]').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('agent-health-strip').getAttribute('data-open')).toBe('');
    expect(await page.getByTestId('camera-health-strip').count()).toBe(2);

    // A re-enrollment token, shown once.
    await page.getByTestId('enrollment-token-create').click();
    expect(await page.getByTestId('token-value').inputValue()).toMatch(/^argus-enroll-/);
    await page.getByTestId('token-reveal-done').click();
    await screenshot(page, 'console-health.png');

    // Someone watches cam-1 live (its sub stream, as a wall tile does): an admin sees one viewer and the push's rate.
    expect(await page.locator('[data-testid="camera-health-row"][data-camera-id="cam-1"] [data-testid="camera-live-usage"]').textContent()).toBe('not watched');
    const viewer = new WebSocket(`${session.url.replace(/^http/, 'ws')}/api/cameras/cam-1/live.ws?stream=sub`, { headers: session.stack.adminHeaders });
    await new Promise<void>((resolve, reject) => {
      viewer.once('message', () => resolve());
      viewer.once('close', (code) => reject(new Error(`live socket closed (${code}) before any data`)));
    });
    const usage = page.locator('[data-testid="camera-health-row"][data-camera-id="cam-1"] [data-testid="camera-live-usage"]');
    await expect.poll(() => usage.getAttribute('data-viewers'), { timeout: 20_000, interval: 250 }).toBe('1');
    expect(await usage.textContent()).toMatch(/^1 viewer \(sub\) · \d+(\.\d)? [kM]B\/s$/);
    viewer.close();

    // The agent goes away: the page turns it offline by itself (live health event, or its refresh).
    const stoppedAt = Date.now();
    await session.stack.edge.stop();
    const offlineDeadlineMs = (AGENT_GRACE_SECONDS + 2 * CHECK_SECONDS) * 1000 + 8_000;
    await page.locator('[data-testid="agent-row"][data-status="offline"]').waitFor({ timeout: offlineDeadlineMs });
    expect(Date.now() - stoppedAt).toBeLessThan(offlineDeadlineMs);
    // The history strip shows the outage as an open offline band.
    await page.locator('[data-testid="agent-health-strip"][data-open="offline"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="agent-health-strip"] .health-strip__band--offline').isVisible()).toBe(true);
    await screenshot(page, 'console-health-offline.png');

    expect(pageErrors).toEqual([]);
    await closeConsole({ page, pageErrors });
  });
});
