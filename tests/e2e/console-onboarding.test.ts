import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onvif from 'onvif/promises/index.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, delay } from '@argus/runtime';
import { createSimulator, type Simulator } from 'argus-sim';
import type { EdgeAgent } from 'argus-edge';
import { createAgentFromConfigFile } from '../../edge-agent/src/control/agent-from-config-file.js';
import { defaultCredentialFile, writeCredentialFile } from '../../edge-agent/src/enrollment/credential-file.js';
import { enrollAgent } from '../../edge-agent/src/enrollment/enroll.js';
import { chromiumSkipReason, closeConsole, screenshot, startConsoleSession, type ConsoleSession } from '../support/browser.js';
import { SCENE_CACHE_DIR } from '../support/stack.js';

const skipReason = chromiumSkipReason('console onboarding tests');
const PASSWORD = 'yard-pw-1';

type PtzStatus = { position: { x: number; y: number; zoom: number }; moveStatus: { panTilt: string } };

/** The camera's own PTZ status through ONVIF GetStatus, read with the `onvif` client directly (not through Argus). */
async function ptzStatusOf(deviceUrl: string): Promise<PtzStatus> {
  const url = new URL(deviceUrl);
  const cam = new onvif.Cam({ hostname: url.hostname, port: Number(url.port), path: url.pathname, username: 'admin', password: PASSWORD, autoconnect: false }) as unknown as {
    connect(): Promise<unknown>;
    getStatus(options: { profileToken: string }): Promise<PtzStatus>;
  };
  await cam.connect();
  const status = await cam.getStatus({ profileToken: 'main' });
  return { position: { x: Number(status.position.x), y: Number(status.position.y), zoom: Number(status.position.zoom) }, moveStatus: status.moveStatus };
}

/**
 * The wizard's credentials step: a wrong password first, refused with `code` and explained, with no
 * review shown; then the right one, and the review of the camera's streams appears.
 */
async function connectAfterAWrongPassword(page: Page, code: string): Promise<void> {
  await page.getByTestId('onboarding-username').fill('admin');
  await page.getByTestId('onboarding-password').fill('not-the-password');
  await page.getByTestId('onboarding-connect').click();
  const problem = page.getByTestId('onboarding-error');
  await problem.waitFor({ timeout: 30_000 });
  expect(await problem.getAttribute('data-code')).toBe(code);
  expect(await page.getByTestId('onboarding-explanation').textContent()).toContain('refused this username or password');
  expect(await page.getByTestId('onboarding-review').count()).toBe(0);

  await page.getByTestId('onboarding-password').fill(PASSWORD);
  await page.getByTestId('onboarding-connect').click();
  await page.getByTestId('onboarding-review').waitFor({ timeout: 30_000 });
}

/**
 * The Add camera wizard and the PTZ pad in a real browser: an agent enrolled
 * in site `north` with no cameras, and a simulated ONVIF camera (answering
 * unicast WS-Discovery) that nothing records yet.
 */
describe.skipIf(skipReason !== '')(`console onboarding and PTZ in Chromium${skipReason}`, () => {
  let session: ConsoleSession;
  let sim: Simulator;
  let agent: EdgeAgent;
  let dir: string;

  beforeAll(async () => {
    session = await startConsoleSession();
    dir = await mkdtemp(join(tmpdir(), 'argus-console-onboarding-'));
    sim = createSimulator({
      cameras: [{ id: 'yard', username: 'admin', password: PASSWORD }],
      port: 0,
      onvifPort: 0,
      discovery: { port: 0 },
      cacheDir: SCENE_CACHE_DIR,
      logger: createLogger({ name: 'sim', level: 'silent' }),
    });
    await sim.start();
    const cloud = session.url;
    const headers = { ...session.stack.adminHeaders, 'content-type': 'application/json' };
    await fetch(`${cloud}/api/sites`, { method: 'POST', headers, body: JSON.stringify({ id: 'north', name: 'North yard' }) });
    const tokenRes = await fetch(`${cloud}/api/sites/north/enrollment-tokens`, { method: 'POST', headers, body: JSON.stringify({ expiresInSeconds: 600 }) });
    const { token } = (await tokenRes.json()) as { token: string };
    const enrolled = await enrollAgent({ cloud, token, name: 'north-box', version: 'test' });
    const dataDir = join(dir, 'data');
    await writeCredentialFile(defaultCredentialFile(dataDir), { cloud, ...enrolled, enrolledAt: new Date().toISOString() });
    const configPath = join(dir, 'edge.json');
    await writeFile(configPath, JSON.stringify({
      cloud: { url: cloud }, dataDir, segmentSeconds: 2, metrics: { port: 0 }, inference: { endpoint: 'off' },
      restart: { initialMs: 500, maxMs: 3000, jitter: 0.2 }, retry: { initialMs: 200, maxMs: 2000, jitter: 0.2 }, cameras: [],
    }));
    agent = await createAgentFromConfigFile(configPath, { logger: session.stack.logger, env: {}, links: { controlReconnect: { initialMs: 100, maxMs: 500, jitter: 0.2 } } });
    await agent.start();
    // The wizard needs the agent's control channel: wait until the cloud lists it as connected.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const health = (await (await fetch(`${cloud}/api/sites/north/health`, { headers })).json()) as { agents?: Array<{ controlConnected: boolean }> };
      if (health.agents?.some((a) => a.controlConnected)) break;
      if (Date.now() > deadline) throw new Error(`the agent's control channel did not connect: ${JSON.stringify(health)}`);
      await delay(200);
    }
  });
  afterAll(async () => {
    await agent?.stop();
    await sim?.stop();
    await session?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the wizard onboards a simulated ONVIF camera end to end and it starts recording; a wrong password is explained', async () => {
    const consolePage = await session.openSignedIn('/');
    const { page } = consolePage;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Add camera' }).click();
    await page.getByTestId('onboarding-page').waitFor();
    await page.getByTestId('onboarding-site-select').selectOption('north');
    await page.getByTestId('onboarding-agent').waitFor();

    await page.getByTestId('onboarding-target').fill(`127.0.0.1:${sim.discoveryPort}`);
    await page.getByTestId('onboarding-discover').click();
    const device = page.getByTestId('discovered-device').filter({ hasText: 'yard' });
    await device.getByRole('button', { name: 'Choose' }).click();

    await connectAfterAWrongPassword(page, 'EDGE_ERR_ONVIF_AUTH');
    expect(await page.getByTestId('onboarding-error').count()).toBe(0);
    expect(await page.getByTestId('profile-main').textContent()).toMatch(/\d+×\d+H264/);
    expect(await page.getByTestId('profile-use-main').textContent()).toBe('Record');
    expect(await page.getByTestId('profile-use-sub').textContent()).toBe('Detect');
    const preview = page.getByTestId('onboarding-preview');
    await expect.poll(() => preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await screenshot(page, 'console-onboarding-review.png');

    await page.getByTestId('onboarding-name').fill('Yard gate');
    expect(await page.getByTestId('onboarding-id').textContent()).toContain('yard-gate');
    await page.getByTestId('onboarding-add').click();
    await page.getByTestId('onboarding-done').waitFor({ timeout: 30_000 });
    // Recording: the camera list (polled every 10 s) reports its first segment.
    await page.locator('[data-testid="onboarding-recording"][data-state="recording"]').waitFor({ timeout: 60_000 });
    expect((await session.stack.segments('yard-gate')).length).toBeGreaterThanOrEqual(1);
    expect(agent.status().cameras.map((c) => c.id)).toEqual(['yard-gate']);
    expect(consolePage.pageErrors).toEqual([]);
    await closeConsole(consolePage);
  });

  it('the wizard adds a plain RTSP camera (wrong password explained), it records, and each command the wizard sent is in the audit log', async () => {
    const consolePage = await session.openSignedIn('/');
    const { page } = consolePage;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Add camera' }).click();
    await page.getByTestId('onboarding-site-select').selectOption('north');
    await page.getByTestId('onboarding-agent').waitFor();
    // The URLs as a camera's manual gives them: no user and password in them (the simulator's carry its own).
    const bare = (url: string): string => url.replace(/\/\/[^@/]*@/, '//');
    const urls = sim.cameraUrls('yard');
    await page.getByTestId('onboarding-rtsp-main').fill(bare(urls.main));
    await page.getByTestId('onboarding-rtsp-sub').fill(bare(urls.sub));
    await page.getByTestId('onboarding-use-rtsp').click();

    await connectAfterAWrongPassword(page, 'EDGE_ERR_RTSP_AUTH');
    const streams = await page.getByTestId('onboarding-rtsp-streams').textContent();
    expect(streams).toContain('/yard/main');
    expect(streams).toContain('detects on');
    expect(streams).not.toContain(PASSWORD); // the URLs come back redacted
    const preview = page.getByTestId('onboarding-preview');
    await expect.poll(() => preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

    await page.getByTestId('onboarding-name').fill('Yard RTSP');
    await page.getByTestId('onboarding-add').click();
    await page.getByTestId('onboarding-done').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="onboarding-recording"][data-state="recording"]').waitFor({ timeout: 60_000 });
    expect((await session.stack.segments('yard-rtsp')).length).toBeGreaterThanOrEqual(1);

    // Audited: the probes (the refused one too) and the add, by the signed-in admin, naming the agent.
    const audit = (await (await fetch(`${session.url}/api/audit?action=agent.command.probe-camera`, { headers: session.stack.adminHeaders })).json()) as { entries: Array<{ actor: string; target: string; result: string }> };
    expect(audit.entries.map((e) => e.result)).toEqual(expect.arrayContaining(['ok', 'failed']));
    const added = (await (await fetch(`${session.url}/api/audit?action=agent.command.add-camera`, { headers: session.stack.adminHeaders })).json()) as { entries: Array<{ actor: string; target: string; result: string }> };
    expect(added.entries.some((e) => e.target.includes('camera:yard-rtsp') && e.result === 'ok' && e.actor.includes(session.admin.email))).toBe(true);
    expect(consolePage.pageErrors).toEqual([]);
    await closeConsole(consolePage);
  });

  it('a PTZ press moves the simulated camera (its ONVIF status changes) and the release stops it', async () => {
    const device = sim.cameraUrls('yard').onvif;
    const consolePage = await session.openSignedIn('/?camera=yard-gate');
    const { page } = consolePage;
    const right = page.getByTestId('ptz-right');
    await right.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('ptz-preset').locator('option').allTextContents()).toEqual(['Preset…', 'Entrance', 'Yard']);
    const before = await ptzStatusOf(device);
    expect(before.moveStatus.panTilt).toBe('IDLE');

    await right.hover();
    await page.mouse.down();
    await expect.poll(async () => (await ptzStatusOf(device)).moveStatus.panTilt, { timeout: 10_000, interval: 100 }).toBe('MOVING');
    await expect.poll(async () => (await ptzStatusOf(device)).position.x, { timeout: 10_000, interval: 100 }).toBeGreaterThan(before.position.x + 0.05);
    await page.mouse.up();
    await expect.poll(async () => (await ptzStatusOf(device)).moveStatus.panTilt, { timeout: 10_000, interval: 100 }).toBe('IDLE');
    const stopped = await ptzStatusOf(device);
    expect((await ptzStatusOf(device)).position.x).toBe(stopped.position.x);

    // A preset moves the head there.
    await page.getByTestId('ptz-preset').selectOption({ label: 'Entrance' });
    await page.getByTestId('ptz-goto').click();
    await expect.poll(async () => (await ptzStatusOf(device)).position.x, { timeout: 10_000, interval: 100 }).toBe(-0.5);
    expect(await page.getByTestId('ptz-error').count()).toBe(0);
    expect(consolePage.pageErrors).toEqual([]);
    await closeConsole(consolePage);
  });
});
