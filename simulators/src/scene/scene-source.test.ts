import { afterEach, describe, expect, it } from 'vitest';
import { SceneSource, type SourceFrame } from './scene-source.js';
import { SceneTimeline } from './scene-timeline.js';
import { fakeScene } from '../../test/helpers/fake-scene.js';

describe('SceneSource', () => {
  let now = 0;
  let source: SceneSource | undefined;
  afterEach(() => source?.close());

  const collect = (s: SceneSource): SourceFrame[] => {
    const frames: SourceFrame[] = [];
    s.subscribe((f) => frames.push(f));
    return frames;
  };

  it('loops the scene with media time that keeps increasing', () => {
    now = 0;
    source = new SceneSource(fakeScene(10, 5), { now: () => now });
    const frames = collect(source);
    for (now = 0; now <= 1000; now += 20) source.tick();
    expect(frames.map((f) => f.index)).toEqual(Array.from({ length: 26 }, (_, i) => i));
    expect(frames.map((f) => f.nals.at(-1)![2])).toEqual(Array.from({ length: 26 }, (_, i) => i % 10));
    expect(frames.map((f) => f.ticks90k)).toEqual(Array.from({ length: 26 }, (_, i) => i * 3600));
    expect(frames.filter((f) => f.idr).map((f) => f.index)).toEqual([0, 5, 10, 15, 20, 25]);
  });

  it('sends the same frame to every subscriber', () => {
    now = 0;
    source = new SceneSource(fakeScene(10, 5), { now: () => now });
    const a = collect(source);
    now = 100;
    source.tick();
    const b = collect(source);
    now = 200;
    source.tick();
    expect(b.map((f) => f.index)).toEqual([3, 4, 5]);
    expect(a.slice(3)).toEqual(b);
  });

  it('resumes after being idle at the next IDR after the timeline position, when the timeline reaches it', () => {
    now = 0;
    source = new SceneSource(fakeScene(10, 5), { now: () => now });
    const first = collect(source);
    now = 80;
    source.tick(); // frames 0..2
    source.close();
    // 5.1 s later the timeline is at frame 127 (loop position 7): the next IDR is frame 130 (position 0), due at 5.2 s.
    now = 5_100;
    const second = collect(source);
    source.tick();
    expect(second).toEqual([]);
    now = 5_199;
    source.tick();
    expect(second).toEqual([]);
    now = 5_200;
    source.tick();
    expect(first.at(-1)!.index).toBe(2);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ index: 130, idr: true, ticks90k: 130 * 3600 });
    expect(second[0]!.nals.at(-1)![2]).toBe(0);
  });

  it('never goes back in index when resubscribed within the same frame period', () => {
    now = 0;
    source = new SceneSource(fakeScene(10, 5), { now: () => now });
    const first = collect(source);
    source.tick(); // frame 0 (an IDR)
    source.close();
    const second = collect(source);
    now = 199;
    source.tick();
    expect(second).toEqual([]);
    now = 200;
    source.tick();
    expect(first.map((f) => f.index)).toEqual([0]);
    expect(second.map((f) => f.index)).toEqual([5]);
  });

  it('keeps two sources on one timeline in step, whenever each was first watched', () => {
    now = 1_000;
    const timeline = new SceneTimeline(1_000);
    source = new SceneSource(fakeScene(10, 5), { now: () => now, timeline });
    const other = new SceneSource(fakeScene(10, 5), { now: () => now, timeline });
    try {
      const a = collect(source);
      now = 1_600; // timeline frame 15
      source.tick();
      const b = collect(other);
      for (now = 1_600; now <= 2_000; now += 20) {
        source.tick();
        other.tick();
      }
      expect(b[0]).toMatchObject({ index: 15, idr: true });
      expect(a.filter((f) => f.index >= 15)).toEqual(b.map((f) => ({ ...f, sentAtMs: a.find((x) => x.index === f.index)!.sentAtMs })));
      expect(b.at(-1)!.index).toBe(25);
    } finally {
      other.close();
    }
  });
});
