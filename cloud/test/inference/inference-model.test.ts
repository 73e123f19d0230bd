import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/test-cloud.js';
import { createKey, detectLabels, JPEG_LIKE, listen, rekognitionClient, sdkFailure, type Credentials } from './inference-support.js';

/**
 * End to end with the shipped model: the AWS SDK → the cloud's endpoint →
 * the detector it loads on the first call (worker thread) → Rekognition's
 * answer. Images: the shared stills (credit in shared/testdata/SOURCES.md).
 */
const IMAGES = '/work/shared/testdata/images';
const missing = existsSync(IMAGES) ? undefined : `test images not found at ${IMAGES}`;

describe.skipIf(missing)(`DetectLabels with the shipped model${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let cloud: TestCloud;
  let baseUrl: string;
  let key: Credentials;

  beforeAll(async () => {
    cloud = await startTestCloud(); // no injected detector: the real one, created by the endpoint
    baseUrl = await listen(cloud);
    key = await createKey(cloud, 'model test');
  });
  afterAll(() => cloud?.close());

  it('finds the person in darknet_person.jpg, with a box on them', async () => {
    cloud.clock.now = Date.now();
    const image = await readFile(`${IMAGES}/darknet_person.jpg`);
    // The first call loads the model: give the SDK time (its default has no timeout; the test's is the limit).
    const out = await detectLabels(rekognitionClient(baseUrl, key), { Image: { Bytes: image } });
    expect(out.LabelModelVersion).toMatch(/centernet|nanodet|@/i);
    const person = out.Labels?.find((l) => l.Name === 'Person');
    expect(person, JSON.stringify(out.Labels)).toBeDefined();
    expect(person!.Confidence).toBeGreaterThanOrEqual(55);
    expect(person!.Parents).toEqual([]);
    expect(person!.Instances?.length).toBeGreaterThanOrEqual(1);
    const box = person!.Instances![0]!.BoundingBox!;
    for (const v of [box.Left!, box.Top!, box.Width!, box.Height!]) expect(v).toBeGreaterThanOrEqual(-0.05);
    expect(box.Left! + box.Width!).toBeLessThanOrEqual(1.05);
    // The person stands right of the dog, left of the horse, and is taller than wide.
    expect(box.Height!).toBeGreaterThan(box.Width!);
    expect(box.Left! + box.Width! / 2).toBeGreaterThan(0.25);
    expect(box.Left! + box.Width! / 2).toBeLessThan(0.6);
  }, 120_000);

  it('answers InvalidImageFormatException for bytes that only start like a JPEG', async () => {
    cloud.clock.now = Date.now();
    const failure = await sdkFailure(detectLabels(rekognitionClient(baseUrl, key), { Image: { Bytes: JPEG_LIKE } }));
    expect(failure).toMatchObject({ name: 'InvalidImageFormatException', status: 400 });
  }, 60_000);
});
