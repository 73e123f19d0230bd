/**
 * ffmpeg arguments of the recorder, built as pure data so they are tested
 * without ffmpeg.
 *
 * The recorder pulls RTSP over TCP (no UDP loss behind NAT and firewalls) and
 * copy-remuxes into MPEG-TS segments cut on keyframes: the camera's H.264 is
 * never re-encoded. `-segment_list pipe:1` makes ffmpeg print one CSV line
 * (`file,start,end`) on stdout as each segment is closed, which is the
 * recorder's signal that a file is complete and safe to upload.
 *
 * With `thumbnails`, the same ffmpeg also decodes the stream's keyframes
 * (only those: `-skip_frame nokey` on the decoder; the copy output never
 * decodes) into tiny grey pictures on a side pipe, for freeze detection
 * (core/freeze-detector.ts). In-process rather than a probe per finished
 * segment: spawning ffmpeg costs ~50 ms of CPU, more per 2-4 s segment than
 * the recorder's whole copy-remux, while decoding one keyframe costs 2-3 ms
 * (docs/edge-agent.md, "Behaviour under faults").
 */
export interface RecordArgsInput {
  readonly inputUrl: string;
  /** Target segment length in seconds; segments end at the first keyframe after it. */
  readonly segmentSeconds: number;
  /** Output file pattern with one `%06d` counter, e.g. `/spool/cam-1/r1a2-%06d.ts`. */
  readonly outputPattern: string;
  /** Keyframe thumbnails for freeze detection, written as raw 8-bit grey frames to `pipe:<fd>`. */
  readonly thumbnails?: { readonly fd: number };
  /**
   * The live tap: the video copied once more, as MPEG-TS on `pipe:<fd>`,
   * each packet written at once (`-flush_packets 1`), for core's TsGopCache:
   * a live push starts from its newest keyframe instead of connecting to the
   * camera afresh.
   */
  readonly liveTap?: { readonly fd: number };
}

/**
 * Size of a keyframe thumbnail (pixels; 1 byte each). Fixed whatever the
 * camera's aspect, so the reader splits the pipe into frames without asking
 * ffmpeg; the picture is distorted, which freeze detection does not mind.
 */
export const THUMBNAIL_SIZE = { width: 64, height: 36 } as const; // used by the recorder's thumbnail output

export const THUMBNAIL_BYTES = THUMBNAIL_SIZE.width * THUMBNAIL_SIZE.height;

/** Stream probing limit while thumbnails are on (µs); see buildRecordArgs. */
export const THUMBNAIL_PROBE_US = 2_000_000;

export function buildRecordArgs(input: RecordArgsInput): string[] {
  const thumbnails = input.thumbnails;
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel', 'warning',
    // Progress blocks on stderr every 0.5 s (ffmpeg's default period; `-stats_period`
    // would need ffmpeg 4.4+, older than the bundled build): the stall watchdog and the frame rate read them.
    '-progress', 'pipe:2',
    ...(thumbnails
      ? [
          // Decoder options (the copy output ignores them): keyframes only, no deblocking,
          // and one thread: frame threads would hold each keyframe back by a keyframe per thread.
          '-skip_frame', 'nokey',
          '-skip_loop_filter', 'all',
          '-threads', '1',
          // Stream probing decodes with these options too, and with keyframes only it never sees the
          // frames it wants for H.264's decode delay: it would read the whole default 5 s, delaying each
          // (re)start and bursting those 5 s out at once. 2 s is about what probing takes without them.
          '-analyzeduration', String(THUMBNAIL_PROBE_US),
        ]
      : []),
    '-rtsp_transport', 'tcp',
    '-i', input.inputUrl,
    '-map', '0:v:0',
    '-map', '0:a:0?',
    '-c', 'copy',
    '-f', 'segment',
    '-segment_format', 'mpegts',
    '-segment_time', String(input.segmentSeconds),
    '-segment_list', 'pipe:1',
    '-segment_list_type', 'csv',
    // Keep media time running across segments: it is what the segment clock reads.
    '-reset_timestamps', '0',
    input.outputPattern,
    ...(thumbnails ? keyframeThumbnailOutput(thumbnails.fd, { decodesEveryFrame: false }) : []),
    ...(input.liveTap ? liveTapOutput(input.liveTap.fd) : []),
  ];
}

/** The live tap output (RecordArgsInput.liveTap): video only, copied, MPEG-TS, unbuffered. */
export function liveTapOutput(fd: number): string[] {
  return ['-map', '0:v:0', '-c', 'copy', '-flush_packets', '1', '-f', 'mpegts', `pipe:${fd}`];
}

/**
 * The output of keyframe thumbnails for freeze detection: each keyframe,
 * point-sampled to THUMBNAIL_SIZE grey, raw on `pipe:<fd>`. The recorder's
 * decoder sees keyframes only (`-skip_frame nokey`); the detect decoder
 * decodes every frame (`decodesEveryFrame`), so its output selects the
 * keyframes: P-frames of a still scene may repeat the previous picture
 * exactly, keyframes carry fresh sensor noise.
 */
export function keyframeThumbnailOutput(fd: number, decoder: { readonly decodesEveryFrame: boolean }): string[] {
  const select = decoder.decodesEveryFrame ? 'select=eq(pict_type\\,I),' : '';
  return [
    '-map', '0:v:0',
    '-an', '-sn',
    // Point sampling keeps each sampled pixel's sensor noise (an area average would smooth it
    // away), which is what tells a still scene from a frozen one.
    '-vf', `${select}scale=${THUMBNAIL_SIZE.width}:${THUMBNAIL_SIZE.height}:flags=neighbor,format=gray`,
    // One picture per decoded keyframe: raw video output would otherwise repeat frames up to the stream's rate.
    // (-fps_mode is the newer name, but ffmpeg 4 lacks it.)
    '-vsync', 'passthrough',
    // Each picture leaves at once, not when a 32 KiB buffer fills: the detector dates frames on arrival.
    '-flush_packets', '1',
    '-f', 'rawvideo',
    `pipe:${fd}`,
  ];
}
