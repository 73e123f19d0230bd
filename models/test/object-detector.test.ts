/**
 * The shipped object detector on real images (the shared stills, credit in
 * ../shared/testdata/SOURCES.md), inline and in a worker thread. Expected
 * regions were written by looking at the images; boxes are 0..1 of the image.
 */
import { existsSync } from 'node:fs';
import { DEFAULT_OBJECTS } from '@argus/contracts';
import sharp from 'sharp';
import { tf } from '../src/detection-engine.js';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COCO_LABELS,
  createObjectDetector,
  InvalidImageError,
  QueueFullError,
  WorkerExitedError,
  type DetectedObject,
  type DetectionResult,
  type DetectorWorkerInfo,
  type NormalisedBox,
  type PooledObjectDetector,
} from '../src/index.js';

const IMAGES = fileURLToPath(new URL('../../../shared/testdata/images/', import.meta.url));
const missing = existsSync(IMAGES) ? undefined : `test images not found at ${IMAGES}`;
if (missing) console.warn(`object-detector tests skipped: ${missing}`);

/** The score the product treats as a detection (ENGINE_DEFAULTS.defaultMinScore). */
const MIN_SCORE = 0.3;

const region = (left: number, top: number, right: number, bottom: number): NormalisedBox => ({ left, top, width: right - left, height: bottom - top });

function iou(a: NormalisedBox, b: NormalisedBox): number {
  const width = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const height = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  return intersection / (a.width * a.height + b.width * b.height - intersection);
}

/** The best object with one of `labels` covering `where` (IoU ≥ 0.5), or undefined. */
function found(result: DetectionResult, labels: readonly string[], where: NormalisedBox): DetectedObject | undefined {
  return result.objects.find((o) => labels.includes(o.label) && iou(o.box, where) >= 0.5);
}

const labelled = (result: DetectionResult, ...labels: string[]) => result.objects.filter((o) => labels.includes(o.label));

describe.skipIf(missing)(`object detector on the shared stills${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let inline: PooledObjectDetector;
  let worker: PooledObjectDetector;
  const workersStarted: DetectorWorkerInfo[] = [];
  let onWorkerStarted: ((info: DetectorWorkerInfo) => void) | undefined;
  const images = new Map<string, Buffer>();
  const results = new Map<string, DetectionResult>();

  async function detect(name: string): Promise<DetectionResult> {
    let result = results.get(name);
    if (!result) {
      result = await inline.detect(images.get(name)!, { minScore: 0.05, maxObjects: 50 });
      results.set(name, result);
    }
    return result;
  }
  const atDefault = (result: DetectionResult): DetectionResult => ({ ...result, objects: result.objects.filter((o) => o.score >= MIN_SCORE) });

  beforeAll(async () => {
    for (const name of [
      'darknet_person.jpg',
      'darknet_dog.jpg',
      'still_intel-car-detection_frame0000_empty.png',
      'still_intel-car-detection_frame0075_1car.png',
      'still_intel-car-detection_frame0212_2cars.png',
      'still_intel-one-by-one-person_frame0000_empty.png',
      'still_intel-one-by-one-person_frame0310_1person.png',
    ]) {
      images.set(name, await readFile(IMAGES + name));
    }
    [inline, worker] = await Promise.all([
      createObjectDetector({ mode: 'inline' }),
      createObjectDetector({
        mode: 'worker',
        workers: 1,
        queueLimit: 1,
        onWorkerStart: (info) => {
          workersStarted.push(info);
          onWorkerStarted?.(info);
        },
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([inline?.close(), worker?.close()]);
  });

  it('names its model and the 80 COCO labels', () => {
    expect(inline.modelVersion).toBe('mb3-centernet-512@human-models-3.0.4');
    expect(inline.labels).toEqual(COCO_LABELS);
    expect(inline.labels).toHaveLength(80);
    expect(worker.modelVersion).toBe(inline.modelVersion);
    expect(inline.backend).toBe('wasm');
  });

  it('finds the person, the dog and the horse in darknet_person.jpg', async () => {
    const result = atDefault(await detect('darknet_person.jpg'));
    expect([result.imageWidth, result.imageHeight]).toEqual([640, 424]);
    const person = found(result, ['person'], region(0.297, 0.231, 0.43, 0.884));
    expect(person, JSON.stringify(result.objects)).toBeDefined();
    expect(person!.score).toBeGreaterThan(0.6);
    expect(labelled(result, 'person')).toHaveLength(1);
    expect(found(result, ['dog'], region(0.1, 0.62, 0.32, 0.81))).toBeDefined();
    // The white horse scores 0.35 as horse and 0.38 as cow, on the same box (NMS is per class).
    expect(found(result, ['horse'], region(0.63, 0.33, 0.94, 0.81))).toBeDefined();
  });

  it('finds the dog, the bicycle and the pickup (as car or truck) in darknet_dog.jpg, and no person', async () => {
    const result = atDefault(await detect('darknet_dog.jpg'));
    expect(found(result, ['dog'], region(0.17, 0.385, 0.4, 0.94))).toBeDefined();
    expect(found(result, ['bicycle'], region(0.16, 0.24, 0.74, 0.73))).toBeDefined();
    expect(found(result, ['car', 'truck'], region(0.605, 0.13, 0.93, 0.3))).toBeDefined();
    expect(labelled(result, 'person')).toEqual([]);
  });

  it('finds the person standing at the table in the indoor still, full body', async () => {
    const result = atDefault(await detect('still_intel-one-by-one-person_frame0310_1person.png'));
    const person = found(result, ['person'], region(0.5, 0.01, 0.71, 0.89));
    expect(person, JSON.stringify(result.objects)).toBeDefined();
    expect(person!.score).toBeGreaterThan(0.6);
    expect(labelled(result, 'person')).toHaveLength(1);
  });

  it('reports no person and no car in the two empty stills', async () => {
    for (const name of ['still_intel-car-detection_frame0000_empty.png', 'still_intel-one-by-one-person_frame0000_empty.png']) {
      const result = atDefault(await detect(name));
      expect(labelled(result, 'person', 'car', 'truck', 'bus', 'motorcycle'), name).toEqual([]);
    }
  });

  // Known limit (MODELS.md): COCO has almost no cars seen from straight
  // above. The model puts a car box on each car, but at 0.1-0.31, under the
  // minimum a camera's object events start at (DEFAULT_OBJECTS.minScore), and
  // it scores the cars higher as "cell phone".
  it('sees the cars from almost straight above only weakly: car boxes on them, scoring under a camera\'s minimum', async () => {
    const one = await detect('still_intel-car-detection_frame0075_1car.png');
    const white = found(one, ['car'], region(0.355, 0.29, 0.595, 0.97));
    expect(white, JSON.stringify(one.objects)).toBeDefined();
    expect(white!.score).toBeLessThan(DEFAULT_OBJECTS.minScore);

    const two = await detect('still_intel-car-detection_frame0212_2cars.png');
    const red = found(two, ['car'], region(0.405, 0.175, 0.61, 0.775));
    expect(red, JSON.stringify(two.objects)).toBeDefined();
    expect(red!.score).toBeLessThan(DEFAULT_OBJECTS.minScore);
    const cars = [...one.objects, ...two.objects].filter((o) => o.label === 'car' && o.score >= DEFAULT_OBJECTS.minScore);
    expect(cars, 'a car at a camera\'s minimum would mean this test should be a positive one').toEqual([]);
    const phone = found(one, ['cell phone'], region(0.355, 0.29, 0.595, 0.97));
    expect(phone!.score, 'the same box, named more confidently as a phone').toBeGreaterThan(white!.score);
  });

  // The default input is fitted to the picture (512x288 for the 16:9 still,
  // 512x384 for the 4:3 darknet pictures); the model's 512x512 square with
  // black bars is the reference: the same objects, scores within a few
  // hundredths, boxes within a few pixels.
  it('finds with an input fitted to the picture what it finds in the padded square', async () => {
    const square = await createObjectDetector({ mode: 'inline', fitInput: false });
    try {
      for (const name of ['darknet_person.jpg', 'still_intel-one-by-one-person_frame0310_1person.png']) {
        const fitted = atDefault(await detect(name));
        const reference = atDefault(await square.detect(images.get(name)!, { minScore: 0.05, maxObjects: 50 }));
        const main = reference.objects.filter((o) => o.score >= 0.5);
        expect(main.length, name).toBeGreaterThan(0);
        for (const object of main) {
          const same = found(fitted, [object.label], object.box);
          expect(same, `${name}: ${object.label} ${object.score.toFixed(2)} in ${JSON.stringify(fitted.objects)}`).toBeDefined();
          expect(Math.abs(same!.score - object.score), `${name}: ${object.label}`).toBeLessThan(0.1);
          expect(iou(same!.box, object.box), `${name}: ${object.label}`).toBeGreaterThan(0.85);
        }
      }
    } finally {
      await square.close();
    }
  });

  it('frees every tensor it made when closed, the fitted inputs\' constants included', async () => {
    const before = tf.memory().numTensors;
    const detector = await createObjectDetector({ mode: 'inline' });
    // Three input shapes: 512x416 (16:9), 512x512 (4:3), and a small crop's own scale.
    await detector.detect(images.get('still_intel-one-by-one-person_frame0310_1person.png')!);
    await detector.detect(images.get('darknet_dog.jpg')!);
    await detector.detect(await sharp(images.get('darknet_person.jpg')!).resize(260, 360).jpeg().toBuffer());
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    await detector.close();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bytes that are not a JPEG or PNG with InvalidImageError, inline and in the worker', async () => {
    const garbage = new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 37) % 256));
    await expect(inline.detect(garbage)).rejects.toBeInstanceOf(InvalidImageError);
    await expect(worker.detect(garbage)).rejects.toBeInstanceOf(InvalidImageError);
    const truncated = images.get('darknet_person.jpg')!.subarray(0, 4000);
    await expect(worker.detect(truncated)).rejects.toBeInstanceOf(InvalidImageError);
  });

  it('gives the same objects in the worker as inline', async () => {
    for (const name of ['darknet_person.jpg', 'still_intel-one-by-one-person_frame0310_1person.png']) {
      const fromWorker = await worker.detect(images.get(name)!, { minScore: 0.05, maxObjects: 50 });
      const fromInline = await detect(name);
      expect(fromWorker.objects.map((o) => o.label)).toEqual(fromInline.objects.map((o) => o.label));
      fromWorker.objects.forEach((o, i) => {
        const other = fromInline.objects[i]!;
        expect(o.score).toBeCloseTo(other.score, 5);
        for (const side of ['left', 'top', 'width', 'height'] as const) expect(o.box[side]).toBeCloseTo(other.box[side], 5);
      });
      expect([fromWorker.imageWidth, fromWorker.imageHeight]).toEqual([fromInline.imageWidth, fromInline.imageHeight]);
      expect(images.get(name)!.byteLength, 'the caller keeps its bytes').toBeGreaterThan(0);
    }
  });

  it('rejects at once with QueueFullError when the worker is busy and its queue is full', async () => {
    const image = images.get('darknet_person.jpg')!;
    const settled: string[] = [];
    const calls = Array.from({ length: 4 }, (_, i) =>
      worker.detect(image).then(
        () => settled.push(`ok ${i}`),
        (error: unknown) => settled.push(error instanceof QueueFullError ? `full ${i}` : `error ${i}: ${String(error)}`),
      ),
    );
    await Promise.all(calls);
    // One running + one waiting (queueLimit 1); the other two turned away before either finished.
    expect(settled).toEqual(['full 2', 'full 3', 'ok 0', 'ok 1']);
    expect(worker.stats().rejectedQueueFull).toBe(2);
  });

  it('replaces a worker that dies: its call rejects, the next one is answered by the new thread', async () => {
    const image = images.get('still_intel-one-by-one-person_frame0310_1person.png')!;
    const before = workersStarted.length;
    const replacement = new Promise<DetectorWorkerInfo>((resolve) => {
      onWorkerStarted = resolve;
    });
    const rejected = expect(worker.detect(image)).rejects.toBeInstanceOf(WorkerExitedError);
    await workersStarted.at(-1)!.terminate();
    await rejected;
    const next = await replacement;
    expect(next.threadId).not.toBe(workersStarted[before - 1]!.threadId);
    const result = await worker.detect(image);
    expect(labelled(atDefault(result), 'person')).toHaveLength(1);
    expect(worker.stats()).toMatchObject({ alive: 1, restarts: 1 });
  });
});
