import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** The bench page's HTML and script, served by Playwright under `origin` (the cloud), so cookies and WebSockets are same-origin. */
export async function serveLiveBenchPage(page: Page, origin: string): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = await build({ entryPoints: [join(here, 'live-bench-page.ts')], bundle: true, format: 'esm', write: false, platform: 'browser', target: 'chrome120', logLevel: 'silent' });
  const script = bundled.outputFiles[0]!.text;
  const html = '<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#000}#grid{display:grid;gap:2px;width:1280px}video{width:100%;aspect-ratio:16/9;background:#111}</style><div id="grid"></div><script type="module" src="/__live-bench/page.js"></script>';
  await page.route(`${origin}/__live-bench/**`, (route) => {
    const isScript = route.request().url().endsWith('.js');
    return route.fulfill({ status: 200, contentType: isScript ? 'text/javascript' : 'text/html', body: isScript ? script : html });
  });
  return `${origin}/__live-bench/index.html`;
}

/** Signs the page in as `user` (the session cookie lands in the page's context). */
export async function signInFromPage(page: Page, user: { email: string; password: string }): Promise<void> {
  const status = await page.evaluate(async (u) => (await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(u) })).status, user);
  if (status !== 200) throw new Error(`sign-in from the bench page failed: ${status}`);
}

export interface TileResult { cameraId: string; firstFrameMs: number | null; samples: number[]; transport: string }

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};
