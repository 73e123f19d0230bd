/**
 * ffmpeg arguments of the recorder, built as pure data so they are tested
 * without ffmpeg.
 *
 * The recorder pulls RTSP over TCP (no UDP loss behind NAT and firewalls) and
 * copy-remuxes into MPEG-TS segments cut on keyframes: the camera's H.264 is
 * never re-encoded. `-segment_list pipe:1` makes ffmpeg print one CSV line
 * (`file,start,end`) on stdout as each segment is closed, which is the
 * recorder's signal that a file is complete and safe to upload.
 */
export interface RecordArgsInput {
  readonly inputUrl: string;
  /** Target segment length in seconds; segments end at the first keyframe after it. */
  readonly segmentSeconds: number;
  /** Output file pattern with one `%06d` counter, e.g. `/spool/cam-1/r1a2-%06d.ts`. */
  readonly outputPattern: string;
}

export function buildRecordArgs(input: RecordArgsInput): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel', 'warning',
    // Progress blocks on stderr once a second: the stall watchdog and the frame rate read them.
    '-progress', 'pipe:2',
    '-stats_period', '1',
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
  ];
}
