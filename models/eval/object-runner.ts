import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DetectionEvent } from '@argus/core';
import { objectSettingsOf, type DetectionSettings } from '@argus/contracts';
import { createLogger, ffmpegBinaries } from '@argus/runtime';
import { createInferenceSlots, detectFrameSize, MotionDetector, ObjectPipeline, type ObjectInference, type Picture } from 'argus-edge';
import type { ObjectDetector } from '../src/index.js';
import { probeSize, readGreyFrames, type ClipInput } from './clip-runner.js';
import type { Interval } from './score.js';

/**
 * Runs one clip through a camera's object stage: the detect decoder's grey
 * frames through the motion detector, and the pictures (JPEGs at the rate
 * a camera's decoder writes them when objects are on) through the same
 * ObjectPipeline a camera runs: the inference gate, the crop, the model
 * (here the shipped detector, called in process instead of through the
 * Rekognition API), the tracker and the events. Frame k is at k / fps
 * seconds; each inference finishes before the next frame (the clock is the
 * frames', so rate caps hold in clip time).
 */

/** JPEGs a second when objects are on (adapters/ffmpeg/detect-args.ts). */
export const OBJECT_PICTURE_FPS = 2;

export interface ObjectRun {
  /** Object events, as intervals of their label in seconds from the clip's start. */
  readonly detections: Interval[];
  /** Grey frames the motion detector examined. */
  readonly frames: number;
  /** Pictures sent to the model. */
  readonly sent: number;
  /** Model time per picture (ms), in order. */
  readonly inferenceMs: number[];
  readonly events: DetectionEvent[];
}

export async function runObjects(input: ClipInput, settings: DetectionSettings, detector: ObjectDetector): Promise<ObjectRun> {
  const source = input.size ?? (await probeSize(input.path));
  const size = detectFrameSize(source, settings.height);
  const pictures = await decodePictures(input);
  const detector2 = new MotionDetector({ width: size.width, height: size.height, settings });
  const inferenceMs: number[] = [];
  const inference: ObjectInference = {
    async detect(image, request) {
      const result = await detector.detect(image, { minScore: request.minScore });
      inferenceMs.push(result.inferenceMs);
      return result.objects
        .filter((o) => request.labels.has(o.label))
        .map((o) => ({ label: o.label, score: o.score, box: { x: o.box.left, y: o.box.top, width: o.box.width, height: o.box.height } }));
    },
  };
  const events: DetectionEvent[] = [];
  let next = 0;
  const pipeline = new ObjectPipeline({
    cameraId: 'eval',
    stream: 'sub',
    settings: objectSettingsOf(settings),
    zones: settings.zones,
    inference,
    slots: createInferenceSlots({ maxInFlight: 1, perSecond: 1000 }, 0),
    pictureAt: (at) => nearest(pictures, at),
    publish: (batch) => void events.push(...batch),
    snapshotKey: (s) => `eval/${s.takenAt}.jpg`,
    logger: createLogger({ name: 'eval', level: 'warn' }),
    newId: () => `o${++next}`,
  });
  const frameMs = 1000 / settings.fps;
  const frames: Uint8Array[] = [];
  const count = await readGreyFrames(input, settings, source, (data) => frames.push(new Uint8Array(data)));
  for (let k = 0; k < frames.length; k++) {
    const at = Math.round(k * frameMs);
    pipeline.onMotion(detector2.detect({ data: frames[k]!, width: size.width, height: size.height, at }), at);
    await pipeline.idle();
  }
  await pipeline.finish();
  const stats = pipeline.stats();
  const ends = new Map<string, DetectionEvent>();
  for (const e of events) if (e.phase === 'end') ends.set(e.id, e);
  const detections = [...ends.values()].map((e) => ({ label: e.label, start: e.startedAt / 1000, end: (e.endedAt ?? e.startedAt) / 1000 })).sort((a, b) => a.start - b.start);
  return { detections, frames: count, sent: stats.sent, inferenceMs, events };
}

/** The picture nearest to `at`. */
function nearest(pictures: readonly Picture[], at: number): Picture | undefined {
  let best: Picture | undefined;
  for (const p of pictures) if (!best || Math.abs(p.at - at) < Math.abs(best.at - at)) best = p;
  return best;
}

/** The clip's pictures as a camera's decoder makes them: OBJECT_PICTURE_FPS JPEGs a second, at most 640 px wide; picture j at j / fps s. */
async function decodePictures(input: ClipInput): Promise<Picture[]> {
  const dir = await mkdtemp(join(tmpdir(), 'argus-eval-pictures-'));
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        ffmpegBinaries().ffmpeg,
        [
          '-hide_banner', '-nostdin', '-loglevel', 'error',
          ...(input.format ? ['-f', input.format] : []),
          ...(input.frameRate ? ['-framerate', String(input.frameRate)] : []),
          '-i', input.path,
          '-map', '0:v:0', '-vf', `fps=${OBJECT_PICTURE_FPS}:round=down,scale=w='min(640,trunc(iw/2)*2)':h=-2`, '-q:v', '5',
          join(dir, 'p-%06d.jpg'),
        ],
        { timeout: 10 * 60_000 },
        (err, _stdout, stderr) => (err ? reject(new Error(`ffmpeg: ${String(stderr).trim() || err.message}`)) : resolve()),
      );
    });
    const files = (await readdir(dir)).filter((f) => f.endsWith('.jpg')).sort();
    return Promise.all(files.map(async (f, j) => ({ at: Math.round((j * 1000) / OBJECT_PICTURE_FPS), bytes: await readFile(join(dir, f)) })));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
