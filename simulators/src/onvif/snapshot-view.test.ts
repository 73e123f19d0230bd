import { describe, expect, it } from 'vitest';
import { fakeScene } from '../../test/helpers/fake-scene.js';
import { annexBOf, ptzViewFilter, snapshotArgs, snapshotFrameSpan } from './snapshot-view.js';

describe('snapshotFrameSpan', () => {
  const scene = fakeScene(100, 25); // 4 s at 25 fps, IDR every second

  it('feeds from the IDR of the wanted whole second', () => {
    expect(snapshotFrameSpan(scene, 2.7)).toEqual({ from: 50, to: 50 });
    expect(snapshotFrameSpan(scene, 0)).toEqual({ from: 0, to: 0 });
  });

  it('walks back to the last IDR when seconds and GOPs do not line up', () => {
    const odd = fakeScene(100, 30);
    expect(snapshotFrameSpan(odd, 2.2)).toEqual({ from: 30, to: 50 });
  });

  it('stays inside the loop', () => {
    expect(snapshotFrameSpan(scene, 99)).toEqual({ from: 75, to: 99 });
  });

  it('writes the span as Annex-B with start codes', () => {
    const bytes = annexBOf(scene, { from: 25, to: 26 });
    // IDR frame: SPS, PPS, slice; then one P slice; each behind a 4-byte start code.
    expect(bytes.length).toBe(4 * 4 + 4 + 4 + 3 + 3);
    expect([...bytes.subarray(0, 5)]).toEqual([0, 0, 0, 1, 0x67]);
  });
});

describe('ptzViewFilter', () => {
  it('shows the whole scene at home', () => {
    expect(ptzViewFilter({ pan: 0, tilt: 0, zoom: 0 }, 1280, 720)).toBeUndefined();
  });

  it('crops the middle quarter at full zoom', () => {
    expect(ptzViewFilter({ pan: 0, tilt: 0, zoom: 1 }, 1280, 720)).toBe('pad=2560:1440:640:360:black,crop=320:180:1120:630,scale=1280:720');
  });

  it('moves the window right by half the picture at pan 1 (the rest is black padding)', () => {
    expect(ptzViewFilter({ pan: 1, tilt: 0, zoom: 0 }, 1280, 720)).toBe('pad=2560:1440:640:360:black,crop=1280:720:1280:360,scale=1280:720');
  });

  it('looks up for positive tilt', () => {
    expect(ptzViewFilter({ pan: 0, tilt: 1, zoom: 0 }, 1280, 720)).toBe('pad=2560:1440:640:360:black,crop=1280:720:640:0,scale=1280:720');
  });

  it('puts the select before the view in the ffmpeg arguments', () => {
    const args = snapshotArgs(3, 'scale=10:10');
    expect(args[args.indexOf('-vf') + 1]).toBe('select=eq(n\\,3),scale=10:10');
    expect(args.slice(-5)).toEqual(['-f', 'image2', '-c:v', 'mjpeg', 'pipe:1']);
  });
});
