import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectionResponse, EventRecord } from '@argus/contracts';
import {
  chromiumSkipReason,
  closeConsole,
  screenshot,
  startConsoleSession,
  waitForSegmentsAs,
  type ConsoleSession,
} from '../support/browser.js';

const skipReason = chromiumSkipReason('console timeline tests');

/** The zone the operator draws: most of the picture, as fractions of its width and height. */
const ZONE_CORNERS: ReadonlyArray<readonly [number, number]> = [[0.05, 0.1], [0.95, 0.1], [0.95, 0.9], [0.05, 0.9]];

/**
 * The integrator's and the operator's paths through the timeline and the
 * zones editor, in Chromium against the whole stack: draw a zone on a
 * snapshot and save it (the agent applies it, the cloud stores it); see
 * motion events on the camera's timeline with their snapshots; click one
 * and the recording plays from a few seconds before it.
 */
describe.skipIf(skipReason !== '')(`console timeline and zones in Chromium${skipReason}`, () => {
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

  it('draws a zone on the camera\'s snapshot and saves it; the cloud stores what the agent applied', async () => {
    const consolePage = await session.openSignedIn('/?camera=cam-1');
    const { page, pageErrors } = consolePage;
    await waitForSegmentsAs(page, session.url, 'cam-1', 2);
    await page.getByTestId('open-detection-editor').click();
    const editor = page.getByTestId('detection-editor');
    await editor.waitFor();
    // The editor asks the agent for a snapshot as it opens; draw once the picture is in.
    await page.waitForFunction(
      'document.querySelector(\'[data-testid="detection-snapshot"]\')?.naturalWidth > 0',
      null,
      { timeout: 30_000 },
    );
    await page.getByTestId('new-zone').click();
    const overlay = await page.getByTestId('detection-overlay').boundingBox();
    if (overlay === null) throw new Error('the drawing overlay has no box');
    for (const [x, y] of ZONE_CORNERS) {
      await page.mouse.click(overlay.x + x * overlay.width, overlay.y + y * overlay.height);
    }
    await page.getByTestId('close-polygon').click();
    await page.getByTestId('zone-name').fill('Driveway');
    // A range input cannot be typed into: set it as a drag would, with an input event.
    await page.getByTestId('detection-sensitivity').evaluate((el) => {
      const input = el as unknown as { value: string; dispatchEvent(event: unknown): boolean };
      input.value = '0.6';
      input.dispatchEvent(new (globalThis as unknown as { Event: new (type: string, init: object) => unknown }).Event('input', { bubbles: true }));
    });
    await page.getByTestId('save-detection').click();
    await expect.poll(() => page.getByTestId('detection-applied').textContent(), { timeout: 20_000 }).toContain('Applied by the agent');
    expect(await page.getByTestId('detection-error').count()).toBe(0);
    await screenshot(page, 'console-zones.png');

    const stored = await api<DetectionResponse>('/api/cameras/cam-1/detection');
    expect(stored.appliedAt).not.toBeNull();
    expect(stored.detection.sensitivity).toBe(0.6);
    expect(stored.detection.zones).toHaveLength(1);
    const [zone] = stored.detection.zones;
    expect(zone?.name).toBe('Driveway');
    zone?.polygon.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(ZONE_CORNERS[i]![0], 1);
      expect(y).toBeCloseTo(ZONE_CORNERS[i]![1], 1);
    });

    // Opened again, the editor shows what was saved.
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByTestId('open-detection-editor').click();
    await expect.poll(() => page.getByTestId('zone-name').inputValue(), { timeout: 10_000 }).toBe('Driveway');
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 120_000);

  it('hides the zones editor from a role without camera.configure', async () => {
    const viewer = { email: 'viewer@timeline.test', password: 'viewer-password-0123' };
    await api('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...viewer, role: 'viewer' }) });
    const consolePage = await session.openSignedIn('/?camera=cam-1', viewer);
    const { page, pageErrors } = consolePage;
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('open-detection-editor').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 60_000);

  it('shows motion events with their snapshots on the timeline; a click plays from a few seconds before the event', async () => {
    const consolePage = await session.openSignedIn('/?camera=cam-1');
    const { page, pageErrors } = consolePage;
    const events = await motionEvents(page);
    const event = events[0]!;
    const eventStart = Date.parse(event.startedAt);

    // The timeline of today shows the recording and the events, each marker with its snapshot.
    const marker = page.locator(`[data-testid="timeline-marker"][data-event-id="${event.id}"]`);
    await marker.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('timeline-recorded').count()).toBeGreaterThan(0);
    await screenshot(page, 'console-timeline-day.png');
    // Zoom in on the event with the mouse wheel, pointer over its marker: from the whole day to a few minutes.
    for (let i = 0; i < 9; i++) {
      const box = await marker.boundingBox();
      if (box === null) throw new Error('marker off screen');
      await page.mouse.move(box.x + box.width / 2, box.y - 30);
      await page.mouse.wheel(0, -200);
    }
    const span = await page.getByTestId('timeline-track').evaluate((el) => Date.parse(el.getAttribute('data-to')!) - Date.parse(el.getAttribute('data-from')!));
    expect(span).toBeLessThan(10 * 60_000);
    await marker.hover();
    const preview = page.getByTestId('event-preview-image');
    await preview.waitFor();
    // The timeline may have drawn the event while it was still going on (no zone yet): its data catches up.
    await expect.poll(async () => {
      await marker.hover();
      return page.getByTestId('event-preview').textContent();
    }, { timeout: 20_000, interval: 500 }).toContain('Zones: Driveway');
    await page.waitForFunction('document.querySelector(\'[data-testid="event-preview-image"]\')?.naturalWidth > 0', null, { timeout: 15_000 });
    await screenshot(page, 'console-timeline.png');

    await marker.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from'), { timeout: 10_000 }).toBe(new Date(eventStart - 5_000).toISOString());
    await expect.poll(() => page.getByTestId('player-state').getAttribute('data-state'), { timeout: 45_000 }).toBe('playing');
    const clock = async (): Promise<number> => Date.parse((await page.getByTestId('player-clock').getAttribute('datetime')) ?? '');
    await expect.poll(clock, { timeout: 15_000 }).toBeGreaterThan(0);
    const first = await clock();
    // Playing from before the event: the frame on screen is earlier than its start …
    expect(first).toBeLessThan(eventStart);
    expect(first).toBeGreaterThan(eventStart - 15_000);
    // … and playback advances, with the playhead on the timeline.
    await expect.poll(clock, { timeout: 15_000 }).toBeGreaterThan(first + 1_000);
    await page.getByTestId('timeline-playhead').waitFor();
    await screenshot(page, 'console-timeline-playing.png');
    expect(await page.getByTestId('error-banner').isVisible()).toBe(false);
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 180_000);

  it('plays from the point clicked on the bar', async () => {
    const consolePage = await session.openSignedIn('/?camera=cam-2');
    const { page, pageErrors } = consolePage;
    const segments = await waitForSegmentsAs(page, session.url, 'cam-2', 6);
    const recorded = page.getByTestId('timeline-recorded').first();
    await recorded.waitFor({ timeout: 20_000 });
    // Zoom to the recording, then click a third of the way into it.
    const target = Date.parse(segments[1]!.startsAt);
    const track = page.getByTestId('timeline-track');
    for (let i = 0; i < 10; i++) {
      const box = (await track.boundingBox())!;
      const view = await track.evaluate((el) => [Date.parse(el.getAttribute('data-from')!), Date.parse(el.getAttribute('data-to')!)] as const);
      await page.mouse.move(box.x + ((target - view[0]) / (view[1] - view[0])) * box.width, box.y + box.height / 2);
      await page.mouse.wheel(0, -200);
    }
    const box = (await track.boundingBox())!;
    const view = await track.evaluate((el) => [Date.parse(el.getAttribute('data-from')!), Date.parse(el.getAttribute('data-to')!)] as const);
    await page.mouse.click(box.x + ((target - view[0]) / (view[1] - view[0])) * box.width, box.y + 10);
    await expect.poll(() => new URL(page.url()).searchParams.get('from'), { timeout: 10_000 }).not.toBeNull();
    const from = Date.parse(new URL(page.url()).searchParams.get('from')!);
    expect(Math.abs(from - target)).toBeLessThan(2_000);
    await expect.poll(() => page.getByTestId('player-state').getAttribute('data-state'), { timeout: 45_000 }).toBe('playing');
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 120_000);

  /**
   * Motion events of cam-1 from the real pipeline (simulated camera looping
   * the car clip → the edge agent's motion detector → outbox → cloud), ended,
   * with their snapshot, and with enough recording before them to play from
   * 5 s earlier, started after the zone was saved and naming it; oldest
   * first.
   */
  async function motionEvents(page: Page): Promise<EventRecord[]> {
    const firstSegment = Date.parse((await waitForSegmentsAs(page, session.url, 'cam-1', 1))[0]!.startsAt);
    const { appliedAt } = await api<DetectionResponse>('/api/cameras/cam-1/detection');
    const deadline = Date.now() + 120_000;
    for (;;) {
      const listed = (await api<{ events: EventRecord[] }>('/api/events?cameraId=cam-1&label=motion&limit=200')).events.reverse();
      const usable = listed.filter((e) => e.endedAt !== null && e.snapshotKey !== null && Date.parse(e.startedAt) - 8_000 > firstSegment);
      const inZone = usable.filter((e) => appliedAt !== null && Date.parse(e.startedAt) > Date.parse(appliedAt) && e.zones.includes('Driveway'));
      if (inZone.length > 0) return inZone;
      if (Date.now() > deadline) throw new Error(`no ended motion event of cam-1 in the zone within 120 s; events: ${JSON.stringify(listed.map((e) => [e.startedAt, e.endedAt, e.zones, e.snapshotKey !== null]))}`);
      await page.waitForTimeout(1_000);
    }
  }
});
