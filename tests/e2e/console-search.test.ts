import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraSnapshotResponse, IncomingEvent, SearchResponse, UploadResponse } from '@argus/contracts';
import { parseSegmentKey, segmentKey } from '@argus/core';
import { chromiumSkipReason, closeConsole, screenshot, startConsoleSession, type ConsoleSession } from '../support/browser.js';

const skipReason = chromiumSkipReason('console search tests');

interface Seeded {
  readonly id: string;
  readonly startedAt: number;
}

/**
 * Forensic search as an operator uses it, in Chromium against the whole
 * stack: the Search page (from the navigation) finds a person on one camera
 * by label and camera, shows the snapshots and the hourly histogram, keeps
 * the search in the URL, and a hit plays the recording from a few seconds
 * before the event (the video advances).
 *
 * As in console-events.test.ts, the stack's agent has no inference
 * endpoint: the object events are sent the way the agent sends them, with a
 * real snapshot of the simulated camera, placed in the recording.
 */
describe.skipIf(skipReason !== '')(`console search in Chromium${skipReason}`, () => {
  let session: ConsoleSession;
  let person: Seeded;
  let car: Seeded;
  let elsewhere: Seeded;

  beforeAll(async () => {
    session = await startConsoleSession();
    [person, car, elsewhere] = await seed();
  });
  afterAll(async () => {
    await session?.stop();
  });

  const json = { 'content-type': 'application/json' };
  const call = async <T>(path: string, init: RequestInit & { as: 'admin' | 'edge' }): Promise<T> => {
    const auth = init.as === 'admin' ? session.stack.adminHeaders : { authorization: `Bearer ${session.stack.edgeToken}` };
    const response = await fetch(new URL(path, session.url), { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return (response.headers.get('content-type')?.startsWith('application/json') ? await response.json() : Buffer.from(await response.arrayBuffer())) as T;
  };

  it('finds a person on one camera by label and camera, with snapshots and a histogram, and plays the hit from a few seconds before', async () => {
    const consolePage = await session.openSignedIn('/');
    const { page, pageErrors } = consolePage;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search', exact: true }).click();
    await page.getByTestId('search-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/search');
    const hit = (event: Seeded) => page.locator(`[data-testid="search-results"] [data-testid="event-card"][data-event-id="${event.id}"]`);
    // Everything of the last 24 h at first.
    await hit(person).waitFor({ timeout: 15_000 });
    await hit(car).waitFor();
    await hit(elsewhere).waitFor();

    // People on camera 1.
    await page.getByTestId('search-labels').fill('person');
    await page.locator('[data-testid="search-camera"][data-camera-id="cam-1"]').check();
    await page.getByTestId('search-submit').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('labels')).toBe('person');
    expect(new URL(page.url()).searchParams.get('cameras')).toBe('cam-1');
    await hit(car).waitFor({ state: 'detached' });
    await hit(elsewhere).waitFor({ state: 'detached' });
    await hit(person).waitFor();
    expect(await page.locator('[data-testid="search-results"] [data-testid="event-card"]').evaluateAll((els) => [...new Set(els.map((el) => `${el.getAttribute('data-label')}@${el.getAttribute('data-camera-id')}`))])).toEqual(['person@cam-1']);
    await expect.poll(() => hit(person).getByTestId('event-thumbnail').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

    // The histogram: 24 hourly bars (25 when the range starts mid-hour), the person in the bar of its hour.
    const bars = page.getByTestId('search-histogram-bar');
    expect([24, 25]).toContain(await bars.count());
    const hourOf = new Date(Math.floor(person.startedAt / 3_600_000) * 3_600_000).toISOString();
    const bar = page.locator(`[data-testid="search-histogram-bar"][data-start="${hourOf}"]`);
    expect(Number(await bar.getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'console-search.png');

    // The search is in the URL: a reload (or a shared link) shows the same.
    await page.reload();
    await hit(person).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('search-labels').inputValue()).toBe('person');
    expect(await page.locator('[data-testid="search-camera"][data-camera-id="cam-1"]').isChecked()).toBe(true);
    expect(await hit(car).count()).toBe(0);

    // A bar narrows the search to its hour.
    await page.locator(`[data-testid="search-histogram-bar"][data-start="${hourOf}"]`).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('custom');
    expect(new URL(page.url()).searchParams.get('from')).toBe(hourOf);
    await hit(person).waitFor();
    // The person's card stays while the narrowed search loads; the histogram follows it.
    await expect.poll(() => page.getByTestId('search-histogram-bar').count()).toBe(1);

    // A hit plays the recording from 5 s before the event, on the Cameras screen, and the video advances.
    await hit(person).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from'), { timeout: 10_000 }).toBe(new Date(person.startedAt - 5_000).toISOString());
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).searchParams.get('camera')).toBe('cam-1');
    await expect.poll(() => page.getByTestId('player-state').getAttribute('data-state'), { timeout: 45_000 }).toBe('playing');
    const position = (): Promise<number> => page.getByTestId('player-video').evaluate((video) => (video as unknown as { currentTime: number }).currentTime);
    const first = await position();
    await expect.poll(position, { timeout: 15_000 }).toBeGreaterThan(first + 1);

    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 120_000);

  /** A person and a car on cam-1 and a person on cam-2, 2 s each, with snapshots, placed in the recording. */
  async function seed(): Promise<[Seeded, Seeded, Seeded]> {
    const segments = await session.stack.waitForSegments('cam-1', 8);
    const recordingStart = Math.min(...segments.map((s) => Date.parse(s.startsAt)));
    const picture = await call<CameraSnapshotResponse>('/api/cameras/cam-1/snapshot', { as: 'admin', method: 'POST' });
    const jpeg = await call<Buffer>(picture.url, { as: 'admin' });
    const orgId = parseSegmentKey(picture.key)!.orgId;
    const upload = async (cameraId: string, takenAt: number): Promise<string> => {
      const key = segmentKey({ orgId, cameraId, stream: 'sub', startsAt: takenAt, ext: 'jpg' });
      const sha256 = createHash('sha256').update(jpeg).digest('hex');
      const target = await call<UploadResponse>('/api/uploads', { as: 'edge', method: 'POST', headers: json, body: JSON.stringify({ key, bytes: jpeg.length, sha256 }) });
      const put = await fetch(target.url, { method: target.method, headers: target.headers, body: jpeg });
      if (!put.ok) throw new Error(`PUT ${key}: ${put.status} ${await put.text()}`);
      return key;
    };
    const object = async (cameraId: string, label: string, offsetMs: number, color: string): Promise<IncomingEvent> => {
      const startedAt = recordingStart + offsetMs;
      return {
        id: `search-${label}-${randomUUID()}`, phase: 'end', cameraId, stream: 'sub', label, score: 0.8, zones: ['gate'], attributes: { color },
        startedAt: new Date(startedAt).toISOString(), endedAt: new Date(startedAt + 2_000).toISOString(), snapshotKey: await upload(cameraId, startedAt + 1_000),
      };
    };
    const events = [await object('cam-1', 'person', 7_000, 'red'), await object('cam-1', 'car', 10_000, 'white'), await object('cam-2', 'person', 12_000, 'blue')];
    const answer = await call<{ accepted: number }>('/api/events', { as: 'edge', method: 'POST', headers: json, body: JSON.stringify({ events }) });
    expect(answer.accepted).toBe(events.length);
    // The API finds them as the page will.
    const found = await call<SearchResponse>(`/api/search?labels=person&cameraIds=cam-1&from=${new Date(recordingStart).toISOString()}`, { as: 'admin' });
    expect(found.hits.map((h) => h.event.id)).toEqual([events[0]!.id]);
    const [a, b, c] = events.map((e): Seeded => ({ id: e.id, startedAt: Date.parse(String(e.startedAt)) }));
    return [a!, b!, c!];
  }
});
