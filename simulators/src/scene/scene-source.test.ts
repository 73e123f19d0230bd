import { afterEach, describe, expect, it } from 'vitest';
import { SceneSource, type SourceFrame } from './scene-source.js';
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

  it('resumes at the next IDR of the loop after being idle, without going back in media time', () => {
    now = 0;
    source = new SceneSource(fakeScene(10, 5), { now: () => now });
    const first = collect(source);
    now = 80;
    source.tick(); // frames 0..2
    source.close();
    now = 5_000;
    const second = collect(source);
    source.tick();
    expect(first.at(-1)!.index).toBe(2);
    expect(second[0]).toMatchObject({ index: 5, idr: true, ticks90k: 5 * 3600 });
  });
});
