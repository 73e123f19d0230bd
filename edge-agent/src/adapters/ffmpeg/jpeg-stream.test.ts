import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ffmpegBinaries } from '@argus/runtime';
import { isJpeg, JpegRing } from './jpeg-stream.js';

/** A minimal well-formed JPEG: SOI, one marker segment, SOS, entropy data, EOI. */
function fakeJpeg(fill: number, entropy: number[] = [fill, 0xff, 0x00, fill, 0xff, 0xd3, fill]): Buffer {
  const dqt = [0xff, 0xdb, 0x00, 0x06, 0xff, 0xd9, 0x11, 0x22]; // a table that happens to hold 0xFFD9
  const sos = [0xff, 0xda, 0x00, 0x03, 0x01];
  return Buffer.from([0xff, 0xd8, ...dqt, ...sos, ...entropy, 0xff, 0xd9]);
}

function ringWithClock(size = 4) {
  let t = 1000;
  const ring = new JpegRing({ size, initialBytes: 8, now: () => t });
  return { ring, tick: (ms: number) => (t += ms) };
}

describe('JpegRing', () => {
  it('splits back-to-back images on their syntax, not on a stray 0xFFD9 in a table, stuffing or restart markers', () => {
    const { ring, tick } = ringWithClock();
    const a = fakeJpeg(1);
    const b = fakeJpeg(2);
    ring.push(Buffer.concat([a, b]));
    expect(ring.counts.images).toBe(2);
    tick(1000);
    expect(ring.nearest(1000)!.bytes).toEqual(a);
    expect(isJpeg(a)).toBe(true);
  });

  it('splits images that arrive in chunks cut anywhere, dating each on its last byte', () => {
    const { ring, tick } = ringWithClock(3);
    const images = [fakeJpeg(1), fakeJpeg(2), fakeJpeg(3)];
    const stream = Buffer.concat(images);
    const times: number[] = [];
    let seen = 0;
    for (let i = 0; i < stream.length; i += 3) {
      ring.push(stream.subarray(i, i + 3));
      if (ring.counts.images > seen) {
        seen = ring.counts.images;
        times.push(ring.newestAt!);
      }
      tick(10);
    }
    expect(ring.counts.images).toBe(3);
    // The ring holds size - 1 complete images: the newest two.
    expect(ring.nearest(0)!.bytes).toEqual(images[1]);
    expect(ring.nearest(times[2]!)!.bytes).toEqual(images[2]);
  });

  it('picks the image nearest in time, and copies it out', () => {
    const { ring, tick } = ringWithClock(4);
    ring.push(fakeJpeg(1)); // at 1000
    tick(1000);
    ring.push(fakeJpeg(2)); // at 2000
    tick(1000);
    ring.push(fakeJpeg(3)); // at 3000
    expect(ring.nearest(1400)).toMatchObject({ at: 1000 });
    expect(ring.nearest(1600)).toMatchObject({ at: 2000 });
    const copy = ring.nearest(9999)!;
    expect(copy.at).toBe(3000);
    copy.bytes[5] = 0x42;
    expect(ring.nearest(9999)!.bytes).toEqual(fakeJpeg(3));
    expect(new JpegRing().nearest(0)).toBeUndefined();
  });

  it('skips garbage between images and resynchronises after a half image', () => {
    const { ring, tick } = ringWithClock();
    const half = fakeJpeg(7).subarray(0, 9);
    ring.push(Buffer.concat([Buffer.from([0x00, 0x12, 0xff]), fakeJpeg(1), Buffer.from([0x55, 0x66])]));
    ring.reset();
    ring.push(half);
    ring.reset(); // a new ffmpeg run: the half image is gone
    tick(1000);
    ring.push(fakeJpeg(2));
    expect(ring.counts.images).toBe(2);
    expect(ring.nearest(Number.MAX_SAFE_INTEGER)!.bytes).toEqual(fakeJpeg(2));
  });

  it('drops an image larger than maxBytes and goes on with the next', () => {
    let t = 0;
    const ring = new JpegRing({ size: 2, initialBytes: 8, maxBytes: 64, now: () => ++t });
    ring.push(fakeJpeg(1, new Array<number>(100).fill(3)));
    ring.push(fakeJpeg(2));
    expect(ring.counts).toEqual({ images: 1, dropped: 1 });
    expect(ring.nearest(0)!.bytes).toEqual(fakeJpeg(2));
  });

  it('splits what ffmpeg writes with -f mjpeg into the images it encoded', () => {
    const out = execFileSync(ffmpegBinaries().ffmpeg, [
      '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=5', '-frames:v', '5',
      '-c:v', 'mjpeg', '-q:v', '5', '-f', 'mjpeg', 'pipe:1',
    ], { maxBuffer: 64 * 1024 ** 2 });
    const ring = new JpegRing({ size: 6 });
    for (let i = 0; i < out.length; i += 4096) ring.push(out.subarray(i, i + 4096));
    expect(ring.counts).toEqual({ images: 5, dropped: 0 });
    const image = ring.nearest(Date.now())!.bytes;
    expect(isJpeg(image)).toBe(true);
  });
});
