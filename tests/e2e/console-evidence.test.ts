import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceLockListResponse, ExportListResponse } from '@argus/contracts';
import { chromiumSkipReason, closeConsole, screenshot, startConsoleSession, waitForSegmentsAs, type ConsoleSession } from '../support/browser.js';

const skipReason = chromiumSkipReason('console evidence tests');

/**
 * Evidence from the camera's timeline as an operator uses it, in Chromium
 * against the whole stack (two simulated cameras recording 2 s segments):
 * lock the visible range with a reason and see the lock drawn on the bar;
 * export it, follow the export until it is done and download the clip from
 * the page; find it on the Exports page; release the lock. A viewer sees
 * held locks but none of the controls.
 */
describe.skipIf(skipReason !== '')(`console evidence in Chromium${skipReason}`, () => {
  let session: ConsoleSession;
  beforeAll(async () => {
    session = await startConsoleSession();
  });
  afterAll(async () => {
    await session?.stop();
  });

  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${session.url}${path}`, { ...init, headers: { ...session.stack.adminHeaders, ...(init.headers as Record<string, string>) } });
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  /** Zooms the timeline with the wheel around the recording, until the view spans a few minutes of it. */
  async function zoomToRecording(page: Page, at: number): Promise<void> {
    const track = page.getByTestId('timeline-track');
    for (let i = 0; i < 8; i++) {
      const box = (await track.boundingBox())!;
      const view = await track.evaluate((el) => [Date.parse(el.getAttribute('data-from')!), Date.parse(el.getAttribute('data-to')!)] as const);
      await page.mouse.move(box.x + ((at - view[0]) / (view[1] - view[0])) * box.width, box.y + box.height / 2);
      await page.mouse.wheel(0, -200);
    }
  }

  it('locks the visible range with a reason, draws the lock, exports it, downloads the clip, lists the export and releases the lock', async () => {
    const consolePage = await session.openSignedIn('/?camera=cam-1');
    const { page, pageErrors } = consolePage;
    const segments = await waitForSegmentsAs(page, session.url, 'cam-1', 4);
    await page.getByTestId('timeline-recorded').first().waitFor({ timeout: 20_000 });
    await zoomToRecording(page, Date.parse(segments[1]!.startsAt));
    const range = page.getByTestId('evidence-range');
    expect(await range.getAttribute('data-source')).toBe('view');

    // Lock: the dialog holds the range shown when it opened; a blank reason is refused in the dialog, under the field.
    await page.getByTestId('lock-evidence').click();
    const lockDialog = page.getByTestId('evidence-lock-dialog');
    await lockDialog.waitFor();
    const dialogRange = lockDialog.getByTestId('evidence-dialog-range');
    const from = Date.parse((await dialogRange.getAttribute('data-from'))!);
    const to = Date.parse((await dialogRange.getAttribute('data-to'))!);
    expect(to - from).toBeLessThan(10 * 60_000);
    expect(from).toBeLessThan(Date.parse(segments[1]!.endsAt));
    await lockDialog.getByTestId('confirm-button').click();
    expect(await lockDialog.locator('[data-testid="field-problem"][data-field="reason"]').textContent()).toContain('reason is required');
    const reason = 'Case 2026-114: car at the gate';
    await lockDialog.getByTestId('evidence-reason').fill(reason);
    await lockDialog.getByTestId('confirm-button').click();
    await lockDialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('evidence-notice').textContent()).toContain(reason);

    // Drawn on the bar, its reason as the tooltip, and listed with a Release button.
    const band = page.getByTestId('timeline-lock');
    await band.waitFor();
    expect(await band.locator('.timeline__lock-tab').getAttribute('title')).toBe(`Evidence lock: ${reason}`);
    const { locks } = await api<EvidenceLockListResponse>('/api/evidence-locks?cameraId=cam-1');
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ reason, from: new Date(from).toISOString(), to: new Date(to).toISOString(), releasedAt: null });
    expect(await band.getAttribute('data-lock-id')).toBe(locks[0]!.id);
    await screenshot(page, 'console-evidence-lock.png');

    // Export the same range and follow it to the end, on the UI's own state.
    await page.getByTestId('export-clip').click();
    const exportDialog = page.getByTestId('export-dialog');
    await exportDialog.getByTestId('evidence-reason').fill(reason);
    await exportDialog.getByTestId('confirm-button').click();
    const progress = exportDialog.getByTestId('export-progress');
    await progress.waitFor();
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 90_000 }).toMatch(/^(done|failed|error|gave-up)$/);
    expect(await progress.getAttribute('data-state'), (await progress.textContent()) ?? '').toBe('done');
    const href = await exportDialog.getByTestId('export-clip-link').getAttribute('href');
    expect(href).toMatch(/\/api\/media\/org\/.+\/exports\/.+\/clip\.mp4$/);
    expect(await exportDialog.getByTestId('export-manifest-link').getAttribute('href')).toMatch(/manifest\.json$/);
    await screenshot(page, 'console-evidence-export.png');

    // The download, fetched by the page with its session cookie: an MP4 (an `ftyp` box first).
    const download = await page.evaluate(async (url) => {
      const response = await fetch(url, { credentials: 'same-origin' });
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, type: response.headers.get('content-type'), size: bytes.length, box: String.fromCharCode(...bytes.slice(4, 8)) };
    }, href!);
    expect(download.status).toBe(200);
    expect(download.size).toBeGreaterThan(1_000);
    expect(download.type === 'video/mp4' || download.box === 'ftyp', JSON.stringify(download)).toBe(true);
    expect(download.box).toBe('ftyp');
    await exportDialog.getByTestId('export-dialog-close').click();
    await exportDialog.waitFor({ state: 'detached' });

    // Release the lock: gone from the bar.
    await page.getByTestId('release-lock').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm-button').click();
    await band.waitFor({ state: 'detached' });
    const after = await api<EvidenceLockListResponse>('/api/evidence-locks?cameraId=cam-1&released=true');
    expect(after.locks[0]?.releasedAt).not.toBeNull();

    // The Exports page lists it, done, with who, why and the downloads.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exports', exact: true }).click();
    const { exports } = await api<ExportListResponse>('/api/exports');
    const row = page.locator(`[data-testid="export-row"][data-export-id="${exports[0]!.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('done');
    expect(await row.textContent()).toContain(reason);
    expect(await row.textContent()).toContain(session.admin.email);
    expect(await row.getByTestId('export-clip-link').getAttribute('href')).toBe(href);
    await screenshot(page, 'console-exports.png');

    expect(await page.getByTestId('error-banner').isVisible()).toBe(false);
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 240_000);

  it('shows a viewer the held locks but none of the evidence controls', async () => {
    const viewer = { email: 'viewer@evidence.test', password: 'viewer-password-0123' };
    await api('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...viewer, role: 'viewer' }) });
    const now = Date.now();
    await api('/api/evidence-locks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cameraId: 'cam-2', from: now - 120_000, to: now - 60_000, reason: 'Held for the insurer' }),
    });
    const consolePage = await session.openSignedIn('/?camera=cam-2', viewer);
    const { page, pageErrors } = consolePage;
    await page.getByTestId('timeline-lock').waitFor({ state: 'attached' });
    expect(await page.getByTestId('evidence-lock').textContent()).toContain('Held for the insurer');
    for (const id of ['lock-evidence', 'export-clip', 'mark-in', 'release-lock', 'nav-exports']) expect(await page.getByTestId(id).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 60_000);
});
