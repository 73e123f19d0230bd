import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION } from '@argus/contracts';
import { buildDetectArgs, buildDetectFileArgs, DETECT_SNAPSHOT_FD, DETECT_THUMBNAIL_FD, detectFrameBytes, detectFrameSize } from './detect-args.js';

const URL = 'rtsp://u:p@127.0.0.1:8554/cam-1/sub';

/** The arguments of the output that ends with `target`, from the previous output's end (or the input) to it. */
function outputOf(args: readonly string[], target: string): string[] {
  const end = args.indexOf(target);
  let start = args.indexOf('-i') + 2;
  for (let i = start; i < end; i++) if (/^pipe:\d+$/.test(args[i]!)) start = i + 1;
  return args.slice(start, end + 1);
}

const valueIn = (args: readonly string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

describe('detectFrameSize', () => {
  it('keeps the stream aspect at the asked height, with an even width', () => {
    expect(detectFrameSize({ width: 640, height: 360 }, 144)).toEqual({ width: 256, height: 144 });
    expect(detectFrameSize({ width: 768, height: 432 }, 144)).toEqual({ width: 256, height: 144 });
    expect(detectFrameSize({ width: 704, height: 576 }, 144)).toEqual({ width: 176, height: 144 });
    expect(detectFrameSize({ width: 537, height: 302 }, 100)).toEqual({ width: 178, height: 100 });
    expect(detectFrameBytes({ width: 256, height: 144 })).toBe(36_864);
  });

  it('assumes 16:9 when the stream size is unknown', () => {
    expect(detectFrameSize(undefined, 144)).toEqual({ width: 256, height: 144 });
    expect(detectFrameSize({ width: 0, height: 0 }, 90)).toEqual({ width: 160, height: 90 });
  });
});

describe('buildDetectArgs', () => {
  const args = buildDetectArgs({ inputUrl: URL, settings: DEFAULT_DETECTION, source: { width: 640, height: 360 } });

  it('pulls RTSP over TCP on one decoder thread, never reading stdin', () => {
    expect(valueIn(args, '-rtsp_transport')).toBe('tcp');
    expect(args.indexOf('-rtsp_transport')).toBeLessThan(args.indexOf('-i'));
    expect(args.indexOf('-threads')).toBeLessThan(args.indexOf('-i'));
    // Non-bit-exact decoding shortcuts, deblocking kept (a slow light change would flicker block edges).
    expect(valueIn(args, '-flags2')).toBe('fast');
    expect(args).not.toContain('-skip_loop_filter');
    expect(valueIn(args, '-i')).toBe(URL);
    expect(args).toContain('-nostdin');
  });

  it('writes grey frames at the configured rate and size to stdout, one per filtered picture, flushed at once', () => {
    const out = outputOf(args, 'pipe:1');
    expect(valueIn(out, '-map')).toBe('0:v:0');
    expect(valueIn(out, '-vf')).toBe('fps=5,scale=178:100:flags=area,format=gray');
    expect(valueIn(out, '-vsync')).toBe('passthrough');
    expect(valueIn(out, '-f')).toBe('rawvideo');
    expect(args[args.indexOf('pipe:1') - 2]).toBe('-flush_packets');
  });

  it('writes JPEG snapshots every 2 s, at most 640 px wide to the snapshot pipe', () => {
    const out = outputOf(args, `pipe:${DETECT_SNAPSHOT_FD}`);
    expect(DETECT_SNAPSHOT_FD).toBe(3);
    expect(valueIn(out, '-map')).toBe('0:v:0');
    expect(valueIn(out, '-vf')).toMatch(/^fps=0.5,scale=w='min\(640,trunc\(iw\/2\)\*2\)':h=-2:out_range=full,format=yuv420p$/);
    expect(valueIn(out, '-c:v')).toBe('mjpeg');
    expect(valueIn(out, '-q:v')).toBe('5');
    expect(valueIn(out, '-f')).toBe('image2pipe');
    expect(valueIn(out, '-strict')).toBe('unofficial');
  });

  it('follows the settings: rate and height', () => {
    const other = buildDetectArgs({ inputUrl: URL, settings: { ...DEFAULT_DETECTION, fps: 2, height: 100 }, source: { width: 1280, height: 720 }, snapshotFd: 4 });
    expect(valueIn(outputOf(other, 'pipe:1'), '-vf')).toBe('fps=2,scale=178:100:flags=area,format=gray');
    expect(other.at(-1)).toBe('pipe:4');
  });

  it('adds keyframe thumbnails for freeze detection on their own pipe when asked, selected from every decoded picture', () => {
    expect(args.some((a) => a.startsWith('pipe:4'))).toBe(false);
    const withThumbs = buildDetectArgs({ inputUrl: URL, settings: DEFAULT_DETECTION, source: { width: 640, height: 360 }, thumbnailFd: DETECT_THUMBNAIL_FD });
    const out = outputOf(withThumbs, `pipe:${DETECT_THUMBNAIL_FD}`);
    expect(DETECT_THUMBNAIL_FD).toBe(4);
    expect(valueIn(out, '-vf')).toBe('select=eq(pict_type\\,I),scale=64:36:flags=neighbor,format=gray');
    expect(valueIn(out, '-f')).toBe('rawvideo');
    // The other outputs are unchanged.
    expect(outputOf(withThumbs, 'pipe:1')).toEqual(outputOf(args, 'pipe:1'));
  });

  it('leaves the snapshot output out when asked', () => {
    const none = buildDetectArgs({ inputUrl: URL, settings: DEFAULT_DETECTION, snapshotFd: null });
    expect(none.at(-1)).toBe('pipe:1');
    expect(none).not.toContain('mjpeg');
  });
});

describe('buildDetectFileArgs', () => {
  it('decodes a file with the live decoder filters to stdout, without snapshots', () => {
    const args = buildDetectFileArgs({ path: '/clips/car.mp4', settings: DEFAULT_DETECTION, source: { width: 768, height: 432 } });
    expect(valueIn(args, '-i')).toBe('/clips/car.mp4');
    expect(args).not.toContain('-rtsp_transport');
    expect(valueIn(args, '-vf')).toBe('fps=5,scale=178:100:flags=area,format=gray');
    expect(args.at(-1)).toBe('pipe:1');
    expect(args).not.toContain('mjpeg');
  });

  it('reads an elementary stream with its format and rate given before the input', () => {
    const args = buildDetectFileArgs({ path: '/cache/x.h264', settings: DEFAULT_DETECTION, format: 'h264', frameRate: 15 });
    expect(valueIn(args, '-f')).toBe('h264');
    expect(valueIn(args, '-framerate')).toBe('15');
    expect(args.indexOf('-framerate')).toBeLessThan(args.indexOf('-i'));
  });
});
