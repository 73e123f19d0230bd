import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION } from '@argus/contracts';
import { ffmpegBinaries } from '@argus/runtime';
import { createSimulator, SUB_STREAM_SIZE, type Simulator } from 'argus-sim';
import { THUMBNAIL_BYTES } from '../../../src/adapters/ffmpeg/build-args.js';
import { buildDetectArgs, DETECT_SNAPSHOT_FD, DETECT_THUMBNAIL_FD, detectFrameBytes, detectFrameSize } from '../../../src/adapters/ffmpeg/detect-args.js';

/**
 * The detect decoder's arguments against a real RTSP camera (the simulator's
 * sub stream, 640x360) and the ffmpeg in use: grey frames of the size
 * computed up front on stdout at the configured rate, and JPEGs on the
 * snapshot pipe, and keyframe thumbnails on theirs, from one process.
 */
describe('detect decoder arguments (real ffmpeg, simulated camera)', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = createSimulator({ cameras: [{ id: 'cam-1', scene: { kind: 'synthetic', width: 640, height: 360, fps: 15 } }], port: 0, onvifPort: 0 });
    await sim.start();
  }, 120_000);

  afterAll(async () => {
    await sim?.stop();
  });

  it('writes grey frames of the predicted size at the configured rate, JPEGs at most 640 px wide every 2 s and keyframe thumbnails', async () => {
    const size = detectFrameSize(SUB_STREAM_SIZE, DEFAULT_DETECTION.height);
    const args = buildDetectArgs({ inputUrl: sim.cameraUrls('cam-1').sub, settings: DEFAULT_DETECTION, source: SUB_STREAM_SIZE, thumbnailFd: DETECT_THUMBNAIL_FD });
    const child: ChildProcess = spawn(ffmpegBinaries().ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'] });
    let rawBytes = 0;
    let jpeg = Buffer.alloc(0);
    let thumbBytes = 0;
    const frameTimes: number[] = [];
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const frameBytes = detectFrameBytes(size);
    const wanted = 40; // eight seconds of frames at 5 fps
    try {
      const done = new Promise<void>((resolve, reject) => {
        const check = (): void => {
          const jpegs = jpeg.toString('latin1').split('\xff\xd8\xff').length - 1;
          if (rawBytes >= frameBytes * wanted && jpegs >= 2 && thumbBytes >= 2 * THUMBNAIL_BYTES) resolve();
        };
        child.stdout!.on('data', (c: Buffer) => {
          rawBytes += c.length;
          while (frameTimes.length < Math.floor(rawBytes / frameBytes)) frameTimes.push(Date.now());
          check();
        });
        (child.stdio[DETECT_SNAPSHOT_FD] as NodeJS.ReadableStream).on('data', (c: Buffer) => {
          jpeg = Buffer.concat([jpeg, c]);
          check();
        });
        (child.stdio[DETECT_THUMBNAIL_FD] as NodeJS.ReadableStream).on('data', (c: Buffer) => {
          thumbBytes += c.length;
          check();
        });
        child.on('exit', (code) => reject(new Error(`ffmpeg exited with ${code}: ${stderr}`)));
      });
      await done;
      expect(size).toEqual({ width: 178, height: 100 });
      // Whole thumbnails only, a keyframe each: far fewer than the frames.
      expect(thumbBytes % THUMBNAIL_BYTES).toBe(0);
      expect(thumbBytes / THUMBNAIL_BYTES).toBeLessThan(frameTimes.length);
      expect(frameTimes.length).toBeGreaterThanOrEqual(wanted);
      // About 5 frames per second once the stream runs (the first ones come in a burst: ffmpeg probes the stream first).
      const rate = (wanted - 20) / ((frameTimes[wanted - 1]! - frameTimes[19]!) / 1000);
      expect(rate).toBeGreaterThan(3.5);
      expect(rate).toBeLessThan(6.5);
      // The first JPEG is a 640x360 baseline picture: SOF0 carries its height and width.
      const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
      expect(sof).toBeGreaterThan(0);
      expect(jpeg.readUInt16BE(sof + 5)).toBe(360);
      expect(jpeg.readUInt16BE(sof + 7)).toBe(640);
      // Nothing logged per picture (the warning level is what the supervisor keeps).
      expect(stderr).not.toMatch(/deprecated pixel format/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);
});
