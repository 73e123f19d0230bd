import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER, WEEKDAYS, type AlertRecord, type CameraSnapshotResponse, type IncomingEvent, type RuleRecord } from '@argus/contracts';
import type { Page } from 'playwright-core';
import { chromiumSkipReason, closeConsole, screenshot, startConsoleSession, type ConsoleSession } from '../support/browser.js';

const skipReason = chromiumSkipReason('console alerts tests');

/** What the test's webhook receiver got: headers and the raw body of each POST. */
interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * Alerts as an operator meets them, in Chromium against the whole stack: an
 * admin writes a rule on the Rules page; an event that matches it (sent the
 * way the edge agent sends events, with the stack's edge token) raises an
 * alert that appears in the inbox of two browsers without a reload, through
 * the live stream; one acknowledges and resolves it with notes and the other
 * sees each change; a viewer sees the alerts but cannot handle them (nor can
 * it through the API); a webhook added on the Webhooks page receives the next
 * alert, signed, and its delivery log shows it and replays it.
 *
 * The stack's agent runs without an inference endpoint, so the person events
 * are posted by the test (POST /api/events), with a real snapshot of the
 * simulated camera taken through the agent.
 */
describe.skipIf(skipReason !== '')(`console alerts in Chromium${skipReason}`, () => {
  let session: ConsoleSession;
  let snapshotKey: string;
  const viewer = { email: 'gatehouse.viewer@argus.test', password: `viewer-${randomBytes(8).toString('hex')}` };
  const ruleName = 'Person at the gate';

  beforeAll(async () => {
    session = await startConsoleSession();
    // The cameras are announced and the agent's control channel is up once segments arrive.
    await session.stack.waitForSegments('cam-1', 2);
    snapshotKey = (await call<CameraSnapshotResponse>('/api/cameras/cam-1/snapshot', { as: 'admin', method: 'POST' })).key;
    await call('/api/users', { as: 'admin', method: 'POST', headers: json, body: JSON.stringify({ ...viewer, role: 'viewer' }) });
  });
  afterAll(async () => {
    await session?.stop();
  });

  const json = { 'content-type': 'application/json' };
  const call = async <T>(path: string, init: RequestInit & { as: 'admin' | 'edge' }): Promise<T> => {
    const auth = init.as === 'admin' ? session.stack.adminHeaders : { authorization: `Bearer ${session.stack.edgeToken}` };
    const response = await fetch(new URL(path, session.url), { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const waitLive = (page: Page) => page.locator('[data-testid="live-status"][data-status="open"]').waitFor({ timeout: 15_000 });

  /** A person on cam-1 seen a second ago, as the edge reports the start of a tracked object; the alert the rule opens for it. */
  async function personAppears(): Promise<{ event: IncomingEvent; alert: AlertRecord }> {
    const startedAt = Date.now() - 1_000;
    const event: IncomingEvent = {
      id: `gate-person-${randomUUID()}`, phase: 'start', cameraId: 'cam-1', stream: 'sub', label: 'person', score: 0.91,
      box: { x: 0.4, y: 0.3, width: 0.1, height: 0.3 }, zones: [], attributes: { color: 'blue' },
      path: [{ at: startedAt, box: { x: 0.4, y: 0.3, width: 0.1, height: 0.3 } }], startedAt: new Date(startedAt).toISOString(), snapshotKey,
    };
    const answer = await call<{ accepted: number }>('/api/events', { as: 'edge', method: 'POST', headers: json, body: JSON.stringify({ events: [event] }) });
    expect(answer.accepted).toBe(1);
    let alert: AlertRecord | undefined;
    await expect.poll(async () => {
      alert = (await call<{ alerts: AlertRecord[] }>('/api/alerts?cameraId=cam-1', { as: 'admin' })).alerts.find((a) => a.eventId === event.id);
      return alert !== undefined;
    }, { timeout: 10_000 }).toBe(true);
    return { event, alert: alert! };
  }

  it('raises an alert from a rule made in the console, live in two browsers, handled with notes; a viewer can only watch', async () => {
    const admin = await session.openSignedIn('/');
    const { page } = admin;

    // The rule, through the Rules page.
    await nav(page, 'Rules').click();
    await page.getByTestId('rule-new').click();
    const editor = page.getByTestId('rule-editor');
    await editor.getByTestId('rule-name').fill(ruleName);
    await editor.getByTestId('confirm-button').click();
    // Nothing to alert on: refused before anything is sent, under the labels.
    await editor.locator('[data-testid="field-problem"][data-field="labels"]').waitFor();
    await editor.locator('[data-testid="rule-label"][data-label="person"]').check();
    await editor.locator('[data-testid="rule-camera"][data-camera-id="cam-1"]').check();
    await editor.getByTestId('rule-severity').selectOption('high');
    await editor.getByTestId('rule-cooldown').fill('0');
    // Every day, midnight to midnight, in the browser's own time zone (the default).
    await editor.getByTestId('rule-scheduled').check();
    const browserZone = (await page.evaluate('Intl.DateTimeFormat().resolvedOptions().timeZone')) as string;
    expect(await editor.getByTestId('rule-time-zone').inputValue()).toBe(browserZone);
    for (const day of ['sat', 'sun']) await editor.locator(`[data-testid="rule-window-day"][data-day="${day}"]`).check();
    await editor.getByTestId('rule-window-from').fill('00:00');
    await editor.getByTestId('rule-window-to').fill('00:00');
    // A time zone the cloud does not know: its refusal shows under the schedule, with the code.
    await page.evaluate(`(() => {
      const select = document.querySelector('[data-testid="rule-time-zone"]');
      const option = document.createElement('option');
      option.value = option.textContent = 'Mars/Olympus_Mons';
      select.append(option);
    })()`);
    await editor.getByTestId('rule-time-zone').selectOption('Mars/Olympus_Mons');
    await editor.getByTestId('confirm-button').click();
    const zoneProblem = editor.locator('[data-testid="field-problem"][data-field="schedule"]');
    await zoneProblem.waitFor();
    expect(await zoneProblem.textContent()).toContain('time zone');
    expect(await editor.getByTestId('rule-error').getAttribute('data-code')).toBe('CLD_ERR_VALIDATION');
    await editor.getByTestId('rule-time-zone').selectOption(browserZone);
    await screenshot(page, 'console-rule-editor.png');
    await editor.getByTestId('confirm-button').click();
    await editor.waitFor({ state: 'detached' });
    const ruleRow = page.locator(`[data-testid="rule-row"][data-rule-name="${ruleName}"]`);
    await ruleRow.waitFor();
    expect(await ruleRow.getByTestId('rule-labels-cell').textContent()).toBe('person');
    expect(await ruleRow.getByTestId('rule-cameras-cell').textContent()).toBe('Camera 1');
    const { rules } = await call<{ rules: RuleRecord[] }>('/api/rules', { as: 'admin' });
    expect(rules.find((r) => r.name === ruleName)).toMatchObject({
      labels: ['person'], cameraIds: ['cam-1'], severity: 'high', cooldownSeconds: 0, enabled: true, minScore: null,
      schedule: { timeZone: browserZone, windows: [{ days: [...WEEKDAYS], from: '00:00', to: '00:00' }] },
    });
    await screenshot(page, 'console-rules.png');

    // Two inboxes, live: the admin's, and a viewer's in a browser of their own.
    await nav(page, 'Alerts').click();
    await page.getByTestId('alerts-page').waitFor();
    const watcher = await session.openSignedIn('/alerts', viewer);
    const other = watcher.page;
    expect(await other.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Cameras', 'Live wall', 'Events', 'Search', 'Alerts', 'Health']);
    await Promise.all([waitLive(page), waitLive(other)]);
    // Marks the documents: a reload would lose the mark.
    for (const p of [page, other]) await p.evaluate('window.__sameDocument = true');

    const { event, alert } = await personAppears();
    const row = (p: Page) => p.locator(`[data-testid="alert-row"][data-alert-id="${alert.id}"]`);
    await Promise.all([row(page).waitFor({ timeout: 10_000 }), row(other).waitFor({ timeout: 10_000 })]);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(await other.evaluate('window.__sameDocument')).toBe(true);
    expect(await page.getByTestId('alert-row').first().getAttribute('data-alert-id')).toBe(alert.id);
    expect(await row(page).getAttribute('data-severity')).toBe('high');
    expect(await row(page).getAttribute('data-state')).toBe('open');
    expect(await row(page).getByTestId('alert-rule').textContent()).toBe(ruleName);
    expect(await row(page).getByTestId('alert-label').textContent()).toBe('person');
    expect(await row(page).getByTestId('alert-camera').textContent()).toBe('Camera 1');
    await expect.poll(() => row(page).getByTestId('alert-thumbnail').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await expect.poll(() => nav(page, 'Alerts').getByTestId('open-alert-count').textContent()).toBe('1');
    await screenshot(page, 'console-alerts.png');

    // The viewer watches only: no buttons, and the API refuses anyway.
    expect(await row(other).locator('[data-testid="alert-acknowledge"], [data-testid="alert-resolve"], [data-testid="alert-assign"]').count()).toBe(0);
    expect((await other.request.post(`${session.url}/api/alerts/${alert.id}/ack`, { data: { note: 'me too' } })).status()).toBe(403);

    // Acknowledged with a note in one browser, seen in the other.
    await row(page).getByTestId('alert-acknowledge').click();
    const dialog = page.getByTestId('alert-note-dialog');
    await dialog.getByTestId('alert-note-input').fill('Looking at the gate camera');
    await dialog.getByTestId('confirm-button').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row(page).getAttribute('data-state')).toBe('acknowledged');
    await expect.poll(() => row(other).getAttribute('data-state'), { timeout: 10_000 }).toBe('acknowledged');
    expect(await row(other).getByTestId('alert-note').textContent()).toBe('Looking at the gate camera');
    expect(await row(other).getByTestId('alert-history').textContent()).toContain(`Acknowledged`);
    expect(await row(other).getByTestId('alert-history').textContent()).toContain(session.admin.email);
    await nav(page, 'Alerts').getByTestId('open-alert-count').waitFor({ state: 'detached' });

    // Taken on, then resolved with what it was.
    await row(page).getByTestId('alert-assign').click();
    await expect.poll(() => row(page).getByTestId('alert-history').textContent()).toContain('Assigned to you');
    await expect.poll(() => row(other).getByTestId('alert-history').textContent(), { timeout: 10_000 }).toContain(`Assigned to ${session.admin.email}`);
    await row(page).getByTestId('alert-resolve').click();
    await dialog.getByTestId('alert-note-input').fill('A courier; let in');
    await dialog.getByTestId('confirm-button').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row(other).getAttribute('data-state'), { timeout: 10_000 }).toBe('resolved');
    expect(await row(other).getByTestId('alert-note').textContent()).toBe('A courier; let in');
    expect(await row(page).locator('[data-testid="alert-acknowledge"], [data-testid="alert-resolve"]').count()).toBe(0);
    await screenshot(other, 'console-alerts-viewer.png');

    // Filters live in the URL: open alerts only leaves nothing; resolved ones show it again, after a reload too.
    await page.getByTestId('alerts-state').selectOption('open');
    await expect.poll(() => new URL(page.url()).searchParams.get('state')).toBe('open');
    await row(page).waitFor({ state: 'detached' });
    await page.getByTestId('alerts-empty').waitFor();
    await page.getByTestId('alerts-state').selectOption('resolved');
    await page.getByTestId('alerts-camera').selectOption('cam-1');
    await row(page).waitFor();
    await page.reload();
    await row(page).waitFor();
    expect(await page.getByTestId('alerts-state').inputValue()).toBe('resolved');
    await page.getByTestId('alerts-camera').selectOption('cam-2');
    await page.getByTestId('alerts-empty').waitFor();
    await page.getByTestId('alerts-camera').selectOption('');
    await row(page).waitFor();

    // The snapshot plays the recording from 5 s before the event.
    await row(page).getByTestId('alert-play').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(new Date(Date.parse(String(event.startedAt)) - 5_000).toISOString());
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).searchParams.get('camera')).toBe('cam-1');
    await page.getByTestId('player-state').waitFor();

    expect([...admin.pageErrors, ...watcher.pageErrors]).toEqual([]);
    await closeConsole(watcher);
    await closeConsole(admin);
  }, 90_000);

  it('sends the next alert to a webhook added on the Webhooks page, signed, and replays it from the delivery log', async () => {
    const received: Received[] = [];
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        server.emit('received');
        res.writeHead(204).end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/argus-hook`;
    /** Resolves once the receiver has `count` requests. */
    const receivedCount = async (count: number): Promise<void> => {
      while (received.length < count) await once(server, 'received', { signal: AbortSignal.timeout(20_000) });
    };

    const consolePage = await session.openSignedIn('/');
    const { page, pageErrors } = consolePage;
    try {
      await nav(page, 'Webhooks').click();
      const form = page.getByTestId('webhook-create-form');
      await form.getByTestId('webhook-url').fill(receiverUrl);
      // Too short a secret is refused before anything is sent; Generate makes one.
      await form.getByTestId('webhook-secret').fill('short');
      await form.getByTestId('webhook-create-submit').click();
      await form.locator('[data-testid="field-problem"][data-field="secret"]').waitFor();
      await form.getByTestId('webhook-generate-secret').click();
      const secret = await form.getByTestId('webhook-secret').inputValue();
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(await form.locator('[data-testid="webhook-kind"][data-kind="alert.opened"]').isChecked()).toBe(true);
      expect(await form.locator('[data-testid="webhook-kind"][data-kind="event"]').isChecked()).toBe(false);
      await form.getByTestId('webhook-create-submit').click();
      const hookRow = page.getByTestId('webhook-row').filter({ hasText: '127.0.0.1' });
      await hookRow.waitFor();
      expect(await hookRow.getAttribute('data-enabled')).toBe('true');
      expect(await hookRow.getByTestId('webhook-failures').textContent()).toBe('0');
      const hookId = (await hookRow.getAttribute('data-webhook-id'))!;
      // The new webhook's delivery log opens by itself, empty.
      const log = page.locator(`[data-testid="webhook-log"][data-webhook-id="${hookId}"]`);
      await log.waitFor();

      const { alert } = await personAppears();
      await receivedCount(1);
      const first = received[0]!;
      const payload = JSON.parse(first.body) as { id: string; kind: string; data: AlertRecord };
      expect(payload.kind).toBe('alert.opened');
      expect(payload.data.id).toBe(alert.id);
      const signature = /^t=(\d+),v1=([0-9a-f]+)$/.exec(String(first.headers[WEBHOOK_SIGNATURE_HEADER]));
      expect(signature).not.toBeNull();
      expect(signature![2]).toBe(createHmac('sha256', secret).update(`${signature![1]}.${first.body}`).digest('hex'));
      const deliveryId = String(first.headers[WEBHOOK_DELIVERY_HEADER]);

      // The log shows it delivered (it refreshes by itself), with the receiver's answer.
      const deliveryRow = log.locator(`[data-testid="delivery-row"][data-delivery-id="${deliveryId}"]`);
      await deliveryRow.waitFor({ timeout: 15_000 });
      await expect.poll(() => deliveryRow.getAttribute('data-state'), { timeout: 15_000 }).toBe('delivered');
      expect(await deliveryRow.getAttribute('data-kind')).toBe('alert.opened');
      expect(await deliveryRow.getByTestId('delivery-attempts').textContent()).toBe('1');
      expect(await deliveryRow.getByTestId('delivery-last').textContent()).toContain('HTTP 204');
      await screenshot(page, 'console-webhooks.png');

      // Replay: the same delivery again, same id and body.
      await deliveryRow.getByTestId('delivery-replay').click();
      await receivedCount(2);
      expect(received[1]!.headers[WEBHOOK_DELIVERY_HEADER]).toBe(deliveryId);
      expect(received[1]!.body).toBe(first.body);
      await log.getByTestId('webhook-log-notice').waitFor();

      // Disabled, then deleted after a confirmation.
      await hookRow.getByTestId('webhook-toggle').click();
      await expect.poll(() => hookRow.getAttribute('data-enabled')).toBe('false');
      await hookRow.getByTestId('webhook-delete').click();
      await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete webhook' }).click();
      await hookRow.waitFor({ state: 'detached' });
      await log.waitFor({ state: 'detached' });
      expect(await call<{ webhooks: unknown[] }>('/api/webhooks', { as: 'admin' })).toEqual({ webhooks: [] });
      expect(pageErrors).toEqual([]);
    } finally {
      await closeConsole(consolePage);
      server.close();
    }
  }, 60_000);

  it('pauses, edits and deletes a rule; others read the rules without buttons', async () => {
    const consolePage = await session.openSignedIn('/rules');
    const { page, pageErrors } = consolePage;
    const ruleRow = page.locator(`[data-testid="rule-row"][data-rule-name="${ruleName}"]`);
    await ruleRow.waitFor();
    const ruleId = (await ruleRow.getAttribute('data-rule-id'))!;
    const stored = async (): Promise<RuleRecord> => (await call<{ rules: RuleRecord[] }>('/api/rules', { as: 'admin' })).rules.find((r) => r.id === ruleId)!;

    // Paused from its row, at once.
    expect(await ruleRow.getByTestId('rule-toggle').textContent()).toBe('Pause');
    await ruleRow.getByTestId('rule-toggle').click();
    await expect.poll(() => ruleRow.getAttribute('data-enabled')).toBe('false');
    expect(await ruleRow.getByTestId('rule-toggle').textContent()).toBe('Resume');
    expect((await stored()).enabled).toBe(false);

    // Edited: a zone, a minimum score, critical, enabled again.
    await ruleRow.getByTestId('rule-edit').click();
    const editor = page.getByTestId('rule-editor');
    expect(await editor.getByTestId('rule-name').inputValue()).toBe(ruleName);
    expect(await editor.locator('[data-testid="rule-label"][data-label="person"]').isChecked()).toBe(true);
    expect(await editor.getByTestId('rule-enabled').isChecked()).toBe(false);
    await editor.getByTestId('rule-zones').fill('Gate, Driveway');
    await editor.getByTestId('rule-min-score').fill('70');
    await editor.getByTestId('rule-severity').selectOption('critical');
    await editor.getByTestId('rule-enabled').check();
    await editor.getByTestId('confirm-button').click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => ruleRow.getAttribute('data-enabled')).toBe('true');
    expect(await stored()).toMatchObject({ zones: ['Gate', 'Driveway'], minScore: 0.7, severity: 'critical', enabled: true, labels: ['person'], cameraIds: ['cam-1'] });

    // A saved minimum score left blank is removed (the form sends null).
    await ruleRow.getByTestId('rule-edit').click();
    await editor.getByTestId('rule-min-score').fill('');
    await editor.getByTestId('confirm-button').click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(async () => (await stored()).minScore).toBeNull();

    // An operator reads the rules (the URL; no link) and changes nothing.
    const operator = { email: 'night.operator@argus.test', password: `operator-${randomBytes(8).toString('hex')}` };
    await call('/api/users', { as: 'admin', method: 'POST', headers: json, body: JSON.stringify({ ...operator, role: 'operator' }) });
    const reader = await session.openSignedIn('/rules', operator);
    await reader.page.locator(`[data-testid="rule-row"][data-rule-id="${ruleId}"]`).waitFor();
    expect(await reader.page.getByTestId('nav-rules').count()).toBe(0);
    expect(await reader.page.locator('[data-testid="rule-new"], [data-testid="rule-edit"], [data-testid="rule-delete"], [data-testid="rule-toggle"]').count()).toBe(0);
    expect((await reader.page.request.delete(`${session.url}/api/rules/${ruleId}`)).status()).toBe(403);
    expect(reader.pageErrors).toEqual([]);
    await closeConsole(reader);

    // Deleted after a confirmation.
    await ruleRow.getByTestId('rule-delete').click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete rule' }).click();
    await ruleRow.waitFor({ state: 'detached' });
    expect(await stored()).toBeUndefined();
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 60_000);
});
