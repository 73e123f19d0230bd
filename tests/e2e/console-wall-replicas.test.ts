import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloud, loadCloudConfig, type CloudService } from 'argus-cloud';
import { livePushes } from '../support/ffmpeg-children.js';
import { chromiumSkipReason, closeConsole, startConsoleSession, type ConsoleSession } from '../support/browser.js';

const skipReason = chromiumSkipReason('console Live wall across cloud replicas');
const IDLE_SECONDS = 3;

/**
 * Two cloud replicas on one database (sharing nothing else here: a real
 * deployment shares its S3 store too). The edge agent is connected to
 * replica A; an operator's console is served by replica B. A tile on B's
 * wall plays the camera live over B's WebSocket: B holds the session and
 * its relay, its live-start reaches the agent through A (LISTEN/NOTIFY),
 * and the agent pushes to B. Closing the page on B stops the push.
 */
describe.skipIf(skipReason !== '')(`console Live wall across cloud replicas${skipReason}`, () => {
  let session: ConsoleSession;
  let replicaB: CloudService;
  let dataDir: string;

  beforeAll(async () => {
    session = await startConsoleSession({ cameras: 1, cloudEnv: { ARGUS_LIVE_IDLE_SECONDS: String(IDLE_SECONDS) } });
    const { stack } = session;
    dataDir = await mkdtemp(join(tmpdir(), 'argus-replica-b-'));
    replicaB = createCloud(loadCloudConfig({
      PORT: '0',
      DATABASE_URL: stack.databaseUrl,
      ARGUS_DATA_DIR: dataDir,
      ARGUS_EDGE_TOKEN: stack.edgeToken,
      ARGUS_RTMP_PORT: '0',
      ARGUS_LIVE_IDLE_SECONDS: String(IDLE_SECONDS),
      ARGUS_RETENTION_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'debug',
    }), { logger: stack.logger.child({ replica: 'b' }) });
    await replicaB.start();
    await stack.waitForSegments('cam-1', 1, { timeoutMs: 60_000 });
    // The agent's channel is on A, and B knows it from A's presence news.
    for (const deadline = Date.now() + 20_000; !(stack.cloud.app.argus.controlHub.connectedAgents().length > 0 && replicaB.app.argus.controlHub.connectedAgents().length === 0 && stack.cloud.app.argus.controlHub.connectedAgents().every((id) => replicaB.app.argus.controlHub.isConnected(id)));) {
      if (Date.now() > deadline) throw new Error('replica B never learnt of the agent connected to A');
      await new Promise((resolve) => setTimeout(resolve, 100)); // presence arrives over PostgreSQL; no in-test event to wait on
    }
  }, 120_000);

  afterAll(async () => {
    await replicaB?.stop();
    await session?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('plays on B\'s wall a camera whose agent is connected to A, and stops the push when B\'s page closes', async () => {
    expect(livePushes()).toBe(0);
    const consolePage = await session.openSignedInAt(replicaB.url, '/');
    const { page, pageErrors } = consolePage;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live wall' }).click();
    await page.getByTestId('wall-grid').waitFor();
    await page.getByTestId('wall-size-1').click();
    await page.getByTestId('wall-pick-cam-1').click();
    await page.getByTestId('wall-place-0').click();

    const tile = page.getByTestId('wall-tile-0');
    await expect.poll(() => tile.getAttribute('data-state'), { timeout: 60_000, interval: 500 }).toBe('playing');
    expect(await tile.getAttribute('data-transport')).toBe('ws');
    const time = (): Promise<number> => page.getByTestId('wall-video-0').evaluate((v) => (v as unknown as { currentTime: number }).currentTime);
    const first = await time();
    await expect.poll(time, { timeout: 15_000, interval: 250 }).toBeGreaterThan(first + 0.5);

    // B holds the session, A none; the agent (on A) pushes once, to B's relay.
    expect(replicaB.app.argus.live.active()).toEqual(['default/cam-1/sub']);
    expect(session.stack.cloud.app.argus.live.active()).toEqual([]);
    expect(livePushes()).toBe(1);

    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
    await expect.poll(() => replicaB.app.argus.live.active(), { timeout: (IDLE_SECONDS + 10) * 1000, interval: 250 }).toEqual([]);
    await expect.poll(livePushes, { timeout: 10_000, interval: 250 }).toBe(0);
  }, 120_000);
});
