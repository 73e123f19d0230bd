import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason, closeConsole, screenshot, startConsoleSession, submitLogin, type ConsoleSession } from '../support/browser.js';

const skipReason = chromiumSkipReason('console admin tests');

/** The admin screens in a real browser: users, roles as the console shows them, API tokens. */
describe.skipIf(skipReason !== '')(`console administration in Chromium${skipReason}`, () => {
  let session: ConsoleSession;
  beforeAll(async () => {
    session = await startConsoleSession();
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('lets an admin create a viewer, who sees the cameras but none of the admin screens', async () => {
    const viewer = { email: 'night.shift@argus.test', password: `viewer-${randomBytes(8).toString('hex')}` };
    const admin = await session.openSignedIn('/');
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
    await screenshot(admin.page, 'console-users.png');

    // The viewer, in a browser of their own.
    const seen = await session.openSignedIn('/', viewer);
    const { page } = seen;
    expect(await page.getByTestId('user-menu').locator('[data-role]').getAttribute('data-role')).toBe('viewer');
    await expect.poll(() => page.getByTestId('camera-item').count(), { timeout: 30_000 }).toBe(2);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Cameras', 'Live wall', 'Events', 'Search', 'Alerts', 'Health']);
    for (const id of ['rules', 'users', 'tokens', 'webhooks', 'agents', 'audit']) expect(await page.getByTestId(`nav-${id}`).count()).toBe(0);

    // Typing an admin URL shows why there is nothing, and the API refuses it anyway.
    await page.goto(`${session.url}/admin/users`);
    const noAccess = page.getByTestId('no-access');
    await noAccess.waitFor();
    expect(await noAccess.textContent()).toMatch(/You do not have access to this page/);
    expect(await page.getByTestId('user-table').count()).toBe(0);
    expect((await page.request.get(`${session.url}/api/users`)).status()).toBe(403);
    await screenshot(page, 'console-no-access.png');

    expect([...admin.pageErrors, ...seen.pageErrors]).toEqual([]);
    await closeConsole(seen);
    await closeConsole(admin);
  }, 90_000);

  it('shows a new API token once, and lists it without its value after a reload', async () => {
    const consolePage = await session.openSignedIn('/');
    const { page, pageErrors } = consolePage;
    await page.getByRole('link', { name: 'API tokens' }).click();
    const form = page.getByTestId('token-create-form');
    await form.getByLabel('Name').fill('Night report script');
    await form.getByRole('button', { name: 'Create token' }).click();

    const reveal = page.getByTestId('token-reveal');
    await reveal.waitFor();
    expect(await reveal.textContent()).toMatch(/will not be shown again/);
    const token = await page.getByTestId('token-value').inputValue();
    expect(token.length).toBeGreaterThan(16);
    await screenshot(page, 'console-token-created.png');

    // The value works as a bearer credential for scripts.
    const me = await fetch(`${session.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { via: string }).via).toBe('token');

    await page.reload();
    const row = page.locator('[data-testid="token-row"][data-token-name="Night report script"]');
    await row.waitFor();
    expect(await page.getByTestId('token-value').count()).toBe(0);
    expect(await page.content()).not.toContain(token);
    await screenshot(page, 'console-tokens.png');
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 60_000);

  it("changes a user's role and password, refuses to demote the last admin, and deletes the user", async () => {
    const ops = { email: 'ops@argus.test', password: `ops-${randomBytes(8).toString('hex')}`, next: `ops-new-${randomBytes(8).toString('hex')}` };
    const consolePage = await session.openSignedIn('/admin/users');
    const { page, pageErrors } = consolePage;
    const form = page.getByTestId('user-create-form');
    await form.getByLabel('Email').fill(ops.email);
    await form.getByLabel('Initial password').fill(ops.password);
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Create user' }).click();
    const row = page.locator(`[data-testid="user-row"][data-email="${ops.email}"]`);
    await row.waitFor();

    // Role: the dialog says what changes before saving.
    await row.getByRole('button', { name: 'Edit access' }).click();
    const access = page.getByTestId('user-access-dialog');
    await access.getByLabel('Role').selectOption('operator');
    expect(await access.getByTestId('role-change-summary').textContent()).toMatch(/from viewer to operator/);
    await access.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => row.locator('[data-role]').getAttribute('data-role')).toBe('operator');

    // Password: typed twice; the new one signs in.
    await row.getByRole('button', { name: 'Reset password' }).click();
    const reset = page.getByTestId('user-password-dialog');
    await reset.getByLabel('New password').fill(ops.next);
    await reset.getByLabel('Repeat it').fill(ops.next);
    await reset.getByRole('button', { name: 'Set password' }).click();
    await page.getByTestId('page-notice').getByText(`Set a new password for ${ops.email}`).waitFor();
    const opsConsole = await session.openSignedIn('/', { email: ops.email, password: ops.next });
    expect(await opsConsole.page.getByTestId('user-menu').locator('[data-role]').getAttribute('data-role')).toBe('operator');
    await closeConsole(opsConsole);

    // The only admin cannot demote themselves: the cloud's refusal shows in the dialog.
    await page.locator(`[data-testid="user-row"][data-email="${session.admin.email}"]`).getByRole('button', { name: 'Edit access' }).click();
    await access.getByLabel('Role').selectOption('viewer');
    await access.getByRole('button', { name: 'Save changes' }).click();
    await access.locator('[data-testid="form-error"][data-code="CLD_ERR_LAST_ADMIN"]').waitFor();
    await screenshot(page, 'console-last-admin.png');
    await access.getByRole('button', { name: 'Cancel' }).click();
    expect(await access.count()).toBe(0);

    // Delete asks first.
    await row.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByTestId('confirm-dialog');
    expect(await confirm.textContent()).toMatch(`Delete ${ops.email}?`);
    await confirm.getByRole('button', { name: 'Delete user' }).click();
    await row.waitFor({ state: 'detached' });
    const gone = await session.open('/');
    await submitLogin(gone.page, ops.email, ops.next);
    expect(await gone.page.getByTestId('login-error').getAttribute('data-code')).toBe('CLD_ERR_LOGIN_FAILED');
    await closeConsole(gone);
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 90_000);

  it('finds a failed sign-in in the audit log by filtering on its action', async () => {
    const intruder = await session.open('/');
    // A known account: failures against unknown emails belong to no organisation, so no org's log shows them.
    await submitLogin(intruder.page, session.admin.email, 'guessing-1234');
    await closeConsole(intruder);

    const consolePage = await session.openSignedIn('/');
    const { page, pageErrors } = consolePage;
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByTestId('audit-row').first().waitFor();
    await page.getByLabel('Action').fill('auth.login-failed');
    // The unfiltered list stays on screen until the filtered answer arrives: wait for that answer, not for a row.
    const filtered = page.waitForResponse((r) => r.url().includes('/api/audit') && r.url().includes('action=auth.login-failed'));
    await page.getByRole('button', { name: 'Apply' }).click();
    await filtered;
    await expect.poll(() => new URL(page.url()).searchParams.get('action')).toBe('auth.login-failed');
    const failed = page.locator('[data-testid="audit-row"][data-action="auth.login-failed"]').filter({ hasText: session.admin.email });
    await failed.waitFor();
    await expect.poll(() => page.locator('[data-testid="audit-row"]:not([data-action="auth.login-failed"])').count()).toBe(0);
    expect(await failed.getAttribute('data-result')).not.toBe('ok');
    await screenshot(page, 'console-audit.png');

    // The filter is in the URL: a reload (or a shared link) shows the same.
    await page.reload();
    await failed.waitFor();
    expect(await page.getByLabel('Action').inputValue()).toBe('auth.login-failed');
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 60_000);

  it("lists the edge agents and revokes an enrolled agent's credential after a confirmation", async () => {
    const consolePage = await session.openSignedIn('/');
    const { page, pageErrors } = consolePage;
    // An agent enrolled on a site of its own (the stack's recording edge uses the shared edge token).
    const api = page.request;
    expect((await api.post(`${session.url}/api/sites`, { data: { id: 'depot', name: 'North depot' } })).status()).toBe(201);
    const enrollment = await api.post(`${session.url}/api/sites/depot/enrollment-tokens`, { data: {} });
    const { token } = (await enrollment.json()) as { token: string };
    const enrolled = await fetch(`${session.url}/api/agents/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, name: 'depot-box', version: '0.1.0' }),
    });
    const { agentId, credential } = (await enrolled.json()) as { agentId: string; credential: string };

    await page.getByRole('link', { name: 'Agents' }).click();
    const row = page.locator(`[data-testid="agent-row"][data-agent-id="${agentId}"]`);
    await row.waitFor();
    expect(await page.getByTestId('agent-row').count()).toBe(2);
    await screenshot(page, 'console-agents.png');

    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.getByRole('button', { name: 'Revoke credential' }).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('revoked');
    expect(await page.getByTestId('page-notice').textContent()).toMatch(/Revoked the credential of depot-box/);
    // The credential no longer opens the agent API.
    const heartbeat = await fetch(`${session.url}/api/agents/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify({ version: '0.1.0', sentAt: new Date().toISOString(), cameras: [] }),
    });
    expect(heartbeat.status).toBe(401);
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 60_000);
});
