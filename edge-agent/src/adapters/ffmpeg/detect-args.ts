import type { DetectionSettings } from '@argus/contracts';
import { keyframeThumbnailOutput, liveTapOutput } from './build-args.js';

/**
 * ffmpeg arguments of the detect decoder, built as pure data (tested on the
 * argument list, like build-args.ts for the recorder).
 *
 * One process per camera decodes its detect stream (the sub stream, or the
 * main one when the camera has none) once and feeds two outputs:
 *
 * - `pipe:1`: raw 8-bit grey frames for the motion detector at
 *   `settings.fps`, `detectFrameSize()` pixels each, back to back with no
 *   framing (split them with the frame size);
 * - `pipe:<snapshotFd>` (3 by default): JPEGs every 2 s, at most 640 px wide,
 *   for event snapshots (each JPEG runs from FF D8 to FF D9).
 *
 * Frame size: the scale filter is given an explicit width and height
 * (`detectFrameSize(source, settings.height)`: the stream's aspect, width
 * even), so the size is known before ffmpeg starts and never changes while
 * it runs, even when the camera changes its resolution mid-stream (ffmpeg
 * then scales the new pictures to the same size). The caller passes the
 * stream's size when it knows it (camera profile, an earlier run); without it
 * 16:9 is assumed and a picture of another aspect is stretched, which the
 * detector does not mind: boxes, masks and zones are all normalised 0..1.
 */

/** Pictures of the stream; used to keep the detect frames' aspect. */
export interface PictureSize {
  readonly width: number;
  readonly height: number;
}

/** The aspect assumed when the stream's size is unknown (most cameras' sub streams). */
export const DEFAULT_DETECT_SOURCE: PictureSize = Object.freeze({ width: 16, height: 9 }); // used by detectFrameSize

/** Snapshot output: its file descriptor, rate and size (used by buildDetectArgs). */
export const DETECT_SNAPSHOT_FD = 3;
/** File descriptor of the keyframe thumbnails (freeze detection), when the decoder writes them. */
export const DETECT_THUMBNAIL_FD = 4;
/** Every other second: a JPEG encode is the decoder's costliest step after decoding; an event's snapshot is at most 1 s from its peak. */
export const DETECT_SNAPSHOT_FPS = 0.5;
export const DETECT_SNAPSHOT_MAX_WIDTH = 640;
/** With object detection on: the pictures sent to the model are these JPEGs, so one is never more than 250 ms from a frame. */
export const DETECT_OBJECT_PICTURE_FPS = 2;
/** JPEG quality scale of ffmpeg's mjpeg encoder (2 best .. 31 worst): 5 is ~30-50 KiB at 640x360. */
export const DETECT_SNAPSHOT_QUALITY = 5;

type FrameSettings = Pick<DetectionSettings, 'fps' | 'height'>;

/** How the detect stream is decoded, live and in the evaluation alike. */
const DECODER_OPTIONS = [
  // One decoder thread: the cheapest in total CPU for a small stream, and frames leave in order without a thread pipeline's delay.
  '-threads', '1',
  // The decoder's shortcuts that are not bit-exact (e.g. in chroma motion compensation): less decoding, and nothing
  // the detector sees at its scale. Deblocking stays on: without it (-skip_loop_filter), block edges flicker through
  // a slow light change and read as small motion. The recording is copied, never decoded: it keeps every bit.
  '-flags2', 'fast',
] as const;

/**
 * Size of the grey frames: `height` high, the width keeping the source's
 * aspect, rounded to an even number (what `scale=-2:<height>` would pick).
 */
export function detectFrameSize(source: PictureSize | undefined, height: number): PictureSize {
  const src = source && source.width > 0 && source.height > 0 ? source : DEFAULT_DETECT_SOURCE;
  if (!Number.isInteger(height) || height < 2) throw new RangeError(`detect height must be an integer of at least 2, got ${height}`);
  const width = Math.max(2, Math.round((height * src.width) / src.height / 2) * 2);
  return { width, height };
}

/** Bytes of one grey frame. */
export function detectFrameBytes(size: PictureSize): number {
  return size.width * size.height;
}

function detectFilter(settings: FrameSettings, size: PictureSize): string {
  // Rate first, so only the kept pictures are scaled; area averaging is the cleanest downscale (less noise for the detector).
  return `fps=${settings.fps},scale=${size.width}:${size.height}:flags=area,format=gray`;
}

function rawFramesOutput(settings: FrameSettings, size: PictureSize): string[] {
  return [
    '-map', '0:v:0',
    '-an', '-sn',
    '-vf', detectFilter(settings, size),
    // Exactly the filter's pictures, none duplicated or dropped (-fps_mode is the newer name; ffmpeg 4 lacks it).
    '-vsync', 'passthrough',
    '-f', 'rawvideo',
  ];
}

export interface DetectArgsInput {
  /** RTSP URL of the detect stream (credentials included: redact before logging). */
  readonly inputUrl: string;
  readonly settings: FrameSettings;
  /** The stream's picture size when known; 16:9 is assumed otherwise. */
  readonly source?: PictureSize;
  /** File descriptor of the JPEG snapshot output; `null` for none. */
  readonly snapshotFd?: number | null;
  /**
   * File descriptor of keyframe thumbnails for freeze detection
   * (build-args.ts, keyframeThumbnailOutput); none when absent. The recorder
   * then copies only: this decoder sees every picture anyway.
   */
  readonly thumbnailFd?: number;
  /** JPEGs a second on the snapshot pipe (DETECT_SNAPSHOT_FPS; more when objects are detected: the model sees them). */
  readonly snapshotFps?: number;
  /** File descriptor of the live tap (build-args.ts, liveTapOutput): the stream copied as MPEG-TS for live pushes. */
  readonly liveTapFd?: number;
}

/** Arguments of the live detect decoder (RTSP over TCP, like the recorder). */
export function buildDetectArgs(input: DetectArgsInput): string[] {
  const size = detectFrameSize(input.source, input.settings.height);
  const snapshotFd = input.snapshotFd === undefined ? DETECT_SNAPSHOT_FD : input.snapshotFd;
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel', 'warning',
    ...DECODER_OPTIONS,
    '-rtsp_transport', 'tcp',
    '-i', input.inputUrl,
    ...rawFramesOutput(input.settings, size),
    // Each frame leaves at once instead of when a 32 KiB buffer fills: frames are dated on arrival.
    '-flush_packets', '1',
    'pipe:1',
    ...(snapshotFd === null
      ? []
      : [
          '-map', '0:v:0',
          '-an', '-sn',
          '-vf',
          `fps=${input.snapshotFps ?? DETECT_SNAPSHOT_FPS},scale=w='min(${DETECT_SNAPSHOT_MAX_WIDTH},trunc(iw/2)*2)':h=-2:out_range=full,format=yuv420p`,
          '-vsync', 'passthrough',
          // JPEG wants full-range samples (scale makes them); the yuvj420p alias or -color_range would make swscale
          // log a "deprecated pixel format" warning per picture, so the encoder is told to take yuv420p as it is.
          '-strict', 'unofficial',
          '-c:v', 'mjpeg',
          '-q:v', String(DETECT_SNAPSHOT_QUALITY),
          '-f', 'image2pipe',
          '-flush_packets', '1',
          `pipe:${snapshotFd}`,
        ]),
    ...(input.thumbnailFd === undefined ? [] : keyframeThumbnailOutput(input.thumbnailFd, { decodesEveryFrame: true })),
    ...(input.liveTapFd === undefined ? [] : liveTapOutput(input.liveTapFd)),
  ];
}

export interface DetectFileArgsInput {
  /** A video file (any container ffmpeg reads), or a raw H.264 elementary stream with `format: 'h264'`. */
  readonly path: string;
  readonly settings: FrameSettings;
  readonly source?: PictureSize;
  /** Input format, for files without a container (the simulator's prepared scenes are `h264`). */
  readonly format?: string;
  /** Frame rate of an elementary stream (it has no timestamps of its own). */
  readonly frameRate?: number;
}

/**
 * Arguments decoding a local file with the live decoder's filters (the
 * evaluation runs clips through exactly what cameras go through), grey
 * frames on stdout, no snapshots. Frame k is the picture at k / fps seconds.
 */
export function buildDetectFileArgs(input: DetectFileArgsInput): string[] {
  const size = detectFrameSize(input.source, input.settings.height);
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel', 'error',
    ...DECODER_OPTIONS,
    ...(input.format ? ['-f', input.format] : []),
    ...(input.frameRate ? ['-framerate', String(input.frameRate)] : []),
    '-i', input.path,
    ...rawFramesOutput(input.settings, size),
    'pipe:1',
  ];
}
