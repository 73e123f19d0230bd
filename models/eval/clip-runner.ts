import { execFile } from 'node:child_process';
import { buildDetectFileArgs, detectFrameSize, MotionDetector, MotionEventTracker, type MotionResult, type PictureSize } from 'argus-edge';
import type { DetectionSettings } from '@argus/contracts';
import { ffmpegBinaries, readRawFrames } from '@argus/runtime';
import type { Interval } from './score.js';

/**
 * Runs one clip through what a camera goes through: ffmpeg decodes it with
 * the detect decoder's filters (adapters/ffmpeg/detect-args.ts), the motion
 * detector and the event tracker see the frames with frame times
 * k / fps, and the events come out as intervals in seconds from the clip's
 * start.
 */

export interface ClipInput {
  readonly path: string;
  /** For elementary streams (the simulator's prepared scenes). */
  readonly format?: string;
  readonly frameRate?: number;
  /** Picture size of the clip; probed with `ffmpeg -i` when absent. */
  readonly size?: PictureSize;
}

export interface FrameTrace {
  readonly t: number;
  readonly motion: boolean;
  readonly area: number;
  readonly regions: number;
  readonly recalibrated: boolean;
}

export interface ClipRun {
  readonly detections: Interval[];
  readonly frames: number;
  readonly size: PictureSize;
  /** Detector time per frame, ms (mean). */
  readonly msPerFrame: number;
  readonly trace: FrameTrace[];
}

const DECODE_TIMEOUT_MS = 10 * 60_000; // a two-minute clip decodes in seconds; this only stops a hung ffmpeg

export async function runClip(input: ClipInput, settings: DetectionSettings): Promise<ClipRun> {
  const source = input.size ?? (await probeSize(input.path));
  const size = detectFrameSize(source, settings.height);
  const detector = new MotionDetector({ width: size.width, height: size.height, settings });
  let next = 0;
  const tracker = new MotionEventTracker({ settings, newId: () => `e${++next}` });
  const detections: Interval[] = [];
  const trace: FrameTrace[] = [];
  const open = new Map<string, number>();
  const frameMs = 1000 / settings.fps;
  let detectMs = 0;
  const onEnd = (id: string, endedAt: number): void => {
    detections.push({ label: 'motion', start: open.get(id)! / 1000, end: endedAt / 1000 });
    open.delete(id);
  };
  const args = buildDetectFileArgs({ path: input.path, settings, source, format: input.format, frameRate: input.frameRate });
  const frames = await decodeFrames(args, size.width * size.height, (data, index) => {
    const at = Math.round(index * frameMs);
    const started = performance.now();
    const result: MotionResult = detector.detect({ data, width: size.width, height: size.height, at });
    detectMs += performance.now() - started;
    trace.push({ t: at / 1000, motion: result.motion, area: result.area, regions: result.regions, recalibrated: result.recalibrated });
    const { phase } = tracker.push(result, at);
    if (phase?.phase === 'start') open.set(phase.id, phase.startedAt);
    if (phase?.phase === 'end') onEnd(phase.id, phase.endedAt ?? at);
  });
  const last = tracker.finish();
  if (last) onEnd(last.id, last.endedAt ?? last.startedAt);
  detections.sort((a, b) => a.start - b.start);
  return { detections, frames, size, msPerFrame: frames > 0 ? detectMs / frames : 0, trace };
}

/** Decodes a clip into the detect decoder's grey frames (`onFrame`'s buffer is reused: copy what you keep); resolves with their count. */
export function readGreyFrames(input: ClipInput, settings: DetectionSettings, source: PictureSize, onFrame: (frame: Uint8Array, index: number) => void): Promise<number> {
  const size = detectFrameSize(source, settings.height);
  const args = buildDetectFileArgs({ path: input.path, settings, source, format: input.format, frameRate: input.frameRate });
  return decodeFrames(args, size.width * size.height, onFrame);
}

/** Width and height of a video's first video stream, from `ffmpeg -i` (works where ffprobe is missing). */
export function probeSize(path: string): Promise<PictureSize> {
  return new Promise((resolve, reject) => {
    execFile(ffmpegBinaries().ffmpeg, ['-hide_banner', '-nostdin', '-i', path], { timeout: 30_000 }, (_err, _stdout, stderr) => {
      // ffmpeg exits with an error (no output given) after printing the input's streams.
      const m = /Stream #\d+:\d+[^\n]*?: Video: [^\n]*?(\d{2,5})x(\d{2,5})/.exec(String(stderr));
      if (m) resolve({ width: Number(m[1]), height: Number(m[2]) });
      else reject(new Error(`no video stream found in ${path}`));
    });
  });
}

/** The detect decoder's frames from ffmpeg: the raw-frame reader the simulator's ground truth uses too (@argus/runtime). */
function decodeFrames(args: readonly string[], frameBytes: number, onFrame: (frame: Uint8Array, index: number) => void): Promise<number> {
  return readRawFrames(ffmpegBinaries().ffmpeg, args, frameBytes, onFrame, DECODE_TIMEOUT_MS);
}
