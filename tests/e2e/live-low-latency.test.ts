import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { ffmpegChildren } from '../support/ffmpeg-children.js';
import { startStack, type Stack } from '../support/stack.js';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../support/test-admin.js';
import { signInFromPage, writeLiveBenchPage, type TileResult } from '../bench/live-bench-harness.js';

const IDLE_SECONDS = 2;
const launched = await launchChromium();

interface BenchPage {
  liveBench: { start(ids: string[], stream: string, transport: string): void; results(): TileResult[]; stopAll(): void; framesShown(): number[] };
}

/**
 * The low-latency live tile in a real Chromium, end to end: simulated
 * camera → edge push on demand → cloud relay → fMP4 over a WebSocket → MSE.
 * The page is bench:live's (attachLowLatencyLive on a <video>), served by
 * the cloud as its console so cookie and socket are same-origin.
 */
describe.skipIf('skip' in launched)('low-latency live tile', () => {
  let stack: Stack;
  let page: Page;
  let pageDir: string;

  beforeAll(async () => {
    pageDir = await mkdtemp(join(tmpdir(), 'argus-live-page-'));
    await writeLiveBenchPage(pageDir);
    stack = await startStack({ cameras: 1, cloudEnv: { ARGUS_LIVE_IDLE_SECONDS: String(IDLE_SECONDS), ARGUS_CONSOLE_DIR: pageDir } });
    await stack.waitForSegments('cam-1', 1, { timeoutMs: 30_000 });
    const browser = (launched as { browser: Browser }).browser;
    page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.cloud.url}/index.html`);
    await page.waitForFunction(() => 'liveBench' in globalThis);
    await signInFromPage(page, { email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD });
  }, 90_000);
  afterAll(async () => {
    if (!('skip' in launched)) await launched.browser.close();
    await stack?.stop();
    await rm(pageDir, { recursive: true, force: true });
  });

  const bench = <T>(fn: (b: BenchPage['liveBench'], arg: string) => T, arg = ''): Promise<T> =>
    page.evaluate(([source, a]) => new Function('b', 'a', `return (${source})(b, a)`)((globalThis as unknown as BenchPage).liveBench, a) as T, [fn.toString(), arg] as const);

  it('plays over the WebSocket (frames advance), then stops the edge\'s push once the tile closes and the grace period passes', async () => {
    await bench((b) => b.start(['cam-1'], 'sub', 'auto'));
    await expect.poll(async () => (await bench((b) => b.results()))[0]!.firstFrameMs, { timeout: 20_000, interval: 200 }).not.toBeNull();
    const [tile] = await bench((b) => b.results());
    expect(tile!.transport).toBe('ws');
    const before = (await bench((b) => b.framesShown()))[0]!;
    await expect.poll(async () => (await bench((b) => b.framesShown()))[0]!, { timeout: 5000, interval: 200 }).toBeGreaterThan(before + 10);
    expect(stack.cloud.app.argus.live.active()).toEqual(['default/cam-1/sub']);
    // The push is fed from the detect decoder's running copy of the sub stream (its newest GOP first), not a new camera connection.
    const pushes = ffmpegChildren().filter((args) => args.includes('flv'));
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.slice(pushes[0]!.indexOf('-i'), pushes[0]!.indexOf('-i') + 2)).toEqual(['-i', 'pipe:0']);

    const closedAt = Date.now();
    await bench((b) => b.stopAll());
    await expect.poll(() => stack.logLines.some((l) => l.includes('"live push stopped"') && l.includes('cam-1')), { timeout: (IDLE_SECONDS + 6) * 1000, interval: 200 }).toBe(true);
    // The push outlived the tile by the grace period (a reload would have found it running).
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(IDLE_SECONDS * 1000 - 500);
    expect(stack.cloud.app.argus.live.active()).toEqual([]);
  }, 60_000);
});
