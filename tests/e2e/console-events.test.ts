import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraSnapshotResponse, DetectionResponse, IncomingEvent, UploadResponse } from '@argus/contracts';
import { parseSegmentKey, segmentKey } from '@argus/core';
import {
  chromiumSkipReason,
  closeConsole,
  screenshot,
  startConsoleSession,
  type ConsoleSession,
} from '../support/browser.js';

const skipReason = chromiumSkipReason('console events tests');

/** An object event this test seeds, and what the console must show of it. */
interface Seeded {
  readonly id: string;
  readonly label: string;
  readonly startedAt: number;
}

/**
 * The operator's path through object events, in Chromium against the whole
 * stack: the Events page (reached from the navigation) lists them with their
 * snapshots, filters them by label, and a click plays the recording from a
 * few seconds before one, where the camera's timeline shows its object
 * marker; an integrator chooses the objects a camera looks for in the
 * detection settings.
 *
 * The stack's edge agent runs without an inference endpoint (no model in
 * these tests), so the object events are sent the way the agent sends them:
 * the snapshot JPEG (a real picture of the simulated camera, taken through
 * the agent) uploaded with the edge token through POST /api/uploads and the
 * signed PUT, then the events through POST /api/events, placed in the
 * recording so there is video before and after them.
 */
describe.skipIf(skipReason !== '')(`console events in Chromium${skipReason}`, () => {
  let session: ConsoleSession;
  let person: Seeded;
  let car: Seeded;
  let dog: Seeded;

  beforeAll(async () => {
    session = await startConsoleSession();
    [person, car, dog] = await seedObjectEvents();
  });
  afterAll(async () => {
    await session?.stop();
  });

  const call = async <T>(path: string, init: RequestInit & { as: 'admin' | 'edge' }): Promise<T> => {
    const auth = init.as === 'admin' ? session.stack.adminHeaders : { authorization: `Bearer ${session.stack.edgeToken}` };
    const response = await fetch(new URL(path, session.url), { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return (response.headers.get('content-type')?.startsWith('application/json') ? await response.json() : Buffer.from(await response.arrayBuffer())) as T;
  };
  const json = { 'content-type': 'application/json' };

  it('lists object events with their snapshots, filters them by label, and plays one from a few seconds before', async () => {
    const consolePage = await session.openSignedIn('/');
    const { page, pageErrors } = consolePage;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByTestId('events-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/events');

    const card = (event: Seeded) => page.locator(`[data-testid="event-card"][data-event-id="${event.id}"]`);
    await card(person).waitFor({ timeout: 15_000 });
    await card(car).waitFor();
    await card(dog).waitFor();
    // Newest first.
    const order = await page.getByTestId('event-card').evaluateAll((els) => els.map((el) => el.getAttribute('data-event-id')));
    expect(order.indexOf(dog.id)).toBeLessThan(order.indexOf(car.id));
    expect(order.indexOf(car.id)).toBeLessThan(order.indexOf(person.id));

    await card(person).scrollIntoViewIfNeeded();
    expect(await card(person).getByTestId('event-label').textContent()).toBe('person');
    expect(await card(person).getByTestId('event-score').textContent()).toBe('87 %');
    expect(await card(person).getByTestId('event-details').textContent()).toMatch(/red.*stayed 2 s/);
    expect(await card(person).textContent()).toContain('Camera 1');
    expect(await card(car).getByTestId('event-details').textContent()).toMatch(/white.*stayed 13 s, still/);
    // The snapshot loads, and the object's path is drawn over it.
    await expect.poll(() => card(person).getByTestId('event-thumbnail').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await card(person).locator('[data-testid="event-path"] polyline').waitFor();
    await screenshot(page, 'console-events.png');

    // Only people: the car and the dog go, the filter is in the URL and survives a reload.
    await page.getByTestId('events-label').selectOption('person');
    await expect.poll(() => new URL(page.url()).searchParams.get('label')).toBe('person');
    await card(car).waitFor({ state: 'detached' });
    await card(person).waitFor();
    expect(await page.getByTestId('event-card').evaluateAll((els) => [...new Set(els.map((el) => el.getAttribute('data-label')))])).toEqual(['person']);
    await page.reload();
    await card(person).waitFor();
    expect(await page.getByTestId('events-label').inputValue()).toBe('person');
    expect(await card(dog).count()).toBe(0);
    // Nobody walked past the other camera.
    await page.getByTestId('events-camera').selectOption('cam-2');
    await page.getByTestId('events-empty').waitFor();
    await page.getByTestId('events-camera').selectOption('');
    await card(person).waitFor();
    await screenshot(page, 'console-events-person.png');

    // A click plays the recording from 5 s before the event, on the Cameras screen.
    await card(person).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from'), { timeout: 10_000 }).toBe(new Date(person.startedAt - 5_000).toISOString());
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).searchParams.get('camera')).toBe('cam-1');
    await expect.poll(() => page.getByTestId('player-state').getAttribute('data-state'), { timeout: 45_000 }).toBe('playing');
    const clock = async (): Promise<number> => Date.parse((await page.getByTestId('player-clock').getAttribute('datetime')) ?? '');
    await expect.poll(clock, { timeout: 15_000 }).toBeGreaterThan(0);
    const first = await clock();
    expect(first).toBeLessThan(person.startedAt);
    expect(first).toBeGreaterThan(person.startedAt - 15_000);
    await expect.poll(clock, { timeout: 15_000 }).toBeGreaterThan(first + 1_000);

    // The camera's timeline shows the object on its own lane, coloured as a person, with its snapshot on hover.
    const marker = page.getByTestId('timeline-objects').locator(`[data-testid="timeline-marker"][data-event-id="${person.id}"]`);
    await marker.waitFor({ timeout: 15_000 });
    expect(await marker.getAttribute('data-family')).toBe('person');
    expect(await page.getByTestId('timeline-objects').locator(`[data-event-id="${car.id}"]`).getAttribute('data-family')).toBe('vehicle');
    expect(await page.getByTestId('timeline-objects').locator(`[data-event-id="${dog.id}"]`).getAttribute('data-family')).toBe('other');
    expect(await page.getByTestId('timeline-legend-person').textContent()).toContain('Person (1)');
    // Zoom in on it with the wheel (three seconds apart, the three markers share a pixel at a day), then hover.
    for (let i = 0; i < 10; i++) {
      const box = await marker.boundingBox();
      if (box === null) throw new Error('marker off screen');
      await page.mouse.move(box.x + box.width / 2, box.y - 10);
      await page.mouse.wheel(0, -200);
    }
    await marker.hover();
    expect(await page.getByTestId('event-preview').textContent()).toContain('person 87 %');
    await page.waitForFunction('document.querySelector(\'[data-testid="event-preview-image"]\')?.naturalWidth > 0', null, { timeout: 15_000 });
    await screenshot(page, 'console-events-timeline.png');
    expect(await page.getByTestId('error-banner').isVisible()).toBe(false);
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 90_000);

  it('saves the objects a camera looks for with its detection settings; a reload shows them', async () => {
    const consolePage = await session.openSignedIn('/?camera=cam-2');
    const { page, pageErrors } = consolePage;
    const label = (name: string) => page.locator(`[data-testid="object-label"][data-label="${name}"]`);
    const openEditor = async (): Promise<void> => {
      await page.getByTestId('open-detection-editor').click();
      await page.getByTestId('object-settings').waitFor();
    };
    await openEditor();
    // Never saved: the defaults (people and vehicles, 50 %).
    expect(await label('person').isChecked()).toBe(true);
    expect(await label('truck').isChecked()).toBe(true);
    expect(await label('dog').isChecked()).toBe(false);
    expect(await page.getByTestId('objects-min-score').inputValue()).toBe('50');

    // Nothing to look for is refused before anything is sent.
    for (const name of ['person', 'bicycle', 'car', 'motorcycle', 'bus', 'truck']) await label(name).uncheck();
    await page.getByTestId('save-detection').click();
    expect(await page.getByTestId('detection-problem').textContent()).toContain('at least one label');

    await label('person').check();
    await label('dog').check();
    await page.getByTestId('objects-min-score').fill('65');
    await page.getByTestId('save-detection').click();
    await expect.poll(() => page.getByTestId('detection-applied').textContent(), { timeout: 20_000 }).toContain('Applied by the agent');
    expect(await page.getByTestId('detection-problem').count()).toBe(0);
    expect(await page.getByTestId('detection-error').count()).toBe(0);
    await screenshot(page, 'console-detection-objects.png');
    const stored = await call<DetectionResponse>('/api/cameras/cam-2/detection', { as: 'admin' });
    expect(stored.detection.objects).toEqual({ enabled: true, labels: ['person', 'dog'], minScore: 0.65 });

    await page.reload();
    await openEditor();
    expect(await label('person').isChecked()).toBe(true);
    expect(await label('dog').isChecked()).toBe(true);
    expect(await label('car').isChecked()).toBe(false);
    expect(await page.getByTestId('objects-min-score').inputValue()).toBe('65');
    expect(pageErrors).toEqual([]);
    await closeConsole(consolePage);
  }, 60_000);

  /**
   * A person, a car and a dog on cam-1, 2 s each, 3 s apart, each with a
   * snapshot; placed 7 s and more into the recording, so playback from 5 s
   * before each has video.
   */
  async function seedObjectEvents(): Promise<[Seeded, Seeded, Seeded]> {
    const segments = await session.stack.waitForSegments('cam-1', 8);
    const recordingStart = Math.min(...segments.map((s) => Date.parse(s.startsAt)));
    const picture = await call<CameraSnapshotResponse>('/api/cameras/cam-1/snapshot', { as: 'admin', method: 'POST' });
    const jpeg = await call<Buffer>(picture.url, { as: 'admin' });
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const orgId = parseSegmentKey(picture.key)!.orgId;

    const upload = async (takenAt: number): Promise<string> => {
      const key = segmentKey({ orgId, cameraId: 'cam-1', stream: 'sub', startsAt: takenAt, ext: 'jpg' });
      const sha256 = createHash('sha256').update(jpeg).digest('hex');
      const target = await call<UploadResponse>('/api/uploads', { as: 'edge', method: 'POST', headers: json, body: JSON.stringify({ key, bytes: jpeg.length, sha256 }) });
      const put = await fetch(target.url, { method: target.method, headers: target.headers, body: jpeg });
      if (!put.ok) throw new Error(`PUT ${key}: ${put.status} ${await put.text()}`);
      return key;
    };
    const box = (x: number, y: number) => ({ x, y, width: 0.1, height: 0.25 });
    const object = async (label: string, offsetMs: number, extra: Partial<IncomingEvent>): Promise<IncomingEvent> => {
      const startedAt = recordingStart + offsetMs;
      return {
        id: `obj-${label}-${randomUUID()}`, phase: 'end', cameraId: 'cam-1', stream: 'sub', label, zones: [],
        startedAt: new Date(startedAt).toISOString(), endedAt: new Date(startedAt + 2_000).toISOString(),
        snapshotKey: await upload(startedAt + 1_000), ...extra,
      };
    };
    const events = [
      await object('person', 7_000, {
        score: 0.87, box: box(0.6, 0.4), attributes: { color: 'red', dwellSeconds: '2.0', stationary: 'false' },
        path: [0, 1, 2, 3].map((i) => ({ at: recordingStart + 7_000 + i * 600, box: box(0.1 + i * 0.17, 0.4 - i * 0.05) })),
      }),
      await object('car', 10_000, {
        score: 0.72, box: box(0.3, 0.6), attributes: { color: 'white', dwellSeconds: '12.5', stationary: 'true' },
        path: [{ at: recordingStart + 10_000, box: box(0.3, 0.6) }, { at: recordingStart + 11_000, box: box(0.31, 0.6) }],
      }),
      await object('dog', 13_000, { score: 0.64, box: box(0.5, 0.7), attributes: { dwellSeconds: '2.0', stationary: 'false' } }),
    ];
    const answer = await call<{ accepted: number }>('/api/events', { as: 'edge', method: 'POST', headers: json, body: JSON.stringify({ events }) });
    expect(answer.accepted).toBe(events.length);
    const [a, b, c] = events.map((e): Seeded => ({ id: e.id, label: e.label, startedAt: Date.parse(String(e.startedAt)) }));
    return [a!, b!, c!];
  }
});
