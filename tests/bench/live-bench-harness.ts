import { build } from 'esbuild';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/**
 * Writes the bench page (HTML and its bundled script) into `dir`, which the
 * cloud then serves as its console (ARGUS_CONSOLE_DIR): the page comes from
 * the cloud's own origin, as the console does, so the session cookie and the
 * WebSocket are same-origin. (A page fulfilled by Playwright's router counts
 * as a public address to Chromium, which then blocks sockets to loopback.)
 */
export async function writeLiveBenchPage(dir: string): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = await build({ entryPoints: [join(here, 'live-bench-page.ts')], bundle: true, format: 'esm', write: false, platform: 'browser', target: 'chrome120', logLevel: 'silent' });
  await writeFile(join(dir, 'live-bench.js'), bundled.outputFiles[0]!.text);
  await writeFile(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench:live</title><style>body{margin:0;background:#000}#grid{display:grid;gap:2px;width:1280px}video{width:100%;aspect-ratio:16/9;background:#111}</style><div id="grid"></div><script type="module" src="/live-bench.js"></script>');
}

/** Signs the page in as `user` (the session cookie lands in the page's context). */
export async function signInFromPage(page: Page, user: { email: string; password: string }): Promise<void> {
  const status = await page.evaluate(async (u) => (await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(u) })).status, user);
  if (status !== 200) throw new Error(`sign-in from the bench page failed: ${status}`);
}

export interface TileResult {
  cameraId: string;
  firstFrameMs: number | null;
  /** From the click to the stream's first bytes (the WebSocket's init segment): the server's share of the first frame. */
  firstDataMs: number | null;
  samples: number[];
  transport: string;
}

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};
