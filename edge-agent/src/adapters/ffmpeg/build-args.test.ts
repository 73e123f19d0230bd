import { describe, expect, it } from 'vitest';
import { buildRecordArgs, THUMBNAIL_BYTES, THUMBNAIL_SIZE } from './build-args.js';

describe('buildRecordArgs', () => {
  const args = buildRecordArgs({ inputUrl: 'rtsp://u:p@127.0.0.1:8554/cam-1/main', segmentSeconds: 4, outputPattern: '/spool/r1-%06d.ts' });
  const valueOf = (flag: string): string | undefined => args[args.indexOf(flag) + 1];

  it('pulls RTSP over TCP', () => {
    expect(valueOf('-rtsp_transport')).toBe('tcp');
    expect(args.indexOf('-rtsp_transport')).toBeLessThan(args.indexOf('-i'));
    expect(valueOf('-i')).toBe('rtsp://u:p@127.0.0.1:8554/cam-1/main');
  });

  it('copies the streams without re-encoding', () => {
    expect(valueOf('-c')).toBe('copy');
    expect(args).not.toContain('-c:v');
    expect(args).not.toContain('libx264');
  });

  it('cuts MPEG-TS segments of the configured length and lists each finished one on stdout', () => {
    expect(valueOf('-f')).toBe('segment');
    expect(valueOf('-segment_format')).toBe('mpegts');
    expect(valueOf('-segment_time')).toBe('4');
    expect(valueOf('-segment_list')).toBe('pipe:1');
    expect(valueOf('-segment_list_type')).toBe('csv');
    expect(args.at(-1)).toBe('/spool/r1-%06d.ts');
  });

  it('reports progress on stderr for the stall watchdog, with options every supported ffmpeg knows', () => {
    expect(valueOf('-progress')).toBe('pipe:2');
    // -stats_period arrived in ffmpeg 4.4; the static build that ships in npm is older.
    expect(args).not.toContain('-stats_period');
  });

  it('never reads stdin, so a terminal or closed pipe cannot stop a recording', () => {
    expect(args).toContain('-nostdin');
  });

  it('decodes nothing unless thumbnails are asked for', () => {
    expect(args).not.toContain('-skip_frame');
    expect(args).not.toContain('-analyzeduration');
    expect(args).not.toContain('-vf');
    expect(args.filter((a) => a === '-map')).toHaveLength(2);
  });
});

describe('buildRecordArgs with keyframe thumbnails', () => {
  const args = buildRecordArgs({ inputUrl: 'rtsp://u:p@127.0.0.1:8554/cam-1/main', segmentSeconds: 4, outputPattern: '/spool/r1-%06d.ts', thumbnails: { fd: 3 } });
  const input = args.indexOf('-i');
  const segments = args.indexOf('/spool/r1-%06d.ts');

  it('decodes only keyframes, on one thread, and caps stream probing, as input options', () => {
    for (const [flag, value] of [['-skip_frame', 'nokey'], ['-skip_loop_filter', 'all'], ['-threads', '1'], ['-analyzeduration', '2000000']] as const) {
      expect(args.indexOf(flag)).toBeLessThan(input);
      expect(args[args.indexOf(flag) + 1]).toBe(value);
    }
  });

  it('still copies the segments, and writes tiny grey pictures of the video to the side pipe after them', () => {
    expect(args[args.indexOf('-c') + 1]).toBe('copy');
    expect(args.indexOf('-c')).toBeLessThan(segments);
    const thumbs = args.slice(segments + 1);
    expect(thumbs.slice(0, 2)).toEqual(['-map', '0:v:0']);
    expect(thumbs[thumbs.indexOf('-vf') + 1]).toBe(`scale=${THUMBNAIL_SIZE.width}:${THUMBNAIL_SIZE.height}:flags=neighbor,format=gray`);
    expect(thumbs[thumbs.indexOf('-vsync') + 1]).toBe('passthrough');
    expect(thumbs.slice(-3)).toEqual(['-f', 'rawvideo', 'pipe:3']);
    expect(THUMBNAIL_BYTES).toBe(THUMBNAIL_SIZE.width * THUMBNAIL_SIZE.height);
  });
});
