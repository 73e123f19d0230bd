import { describe, expect, it } from 'vitest';
import { AudioCursor, planAudioLoop, ticksToSamples } from './audio-cursor.js';

describe('planAudioLoop', () => {
  it('fits whole AUs into one video loop', () => {
    // 750 frames at 25 fps = 30 s = 1 440 000 samples at 48 kHz = 1406.25 AUs.
    expect(planAudioLoop({ sampleRate: 48_000, samplesPerFrame: 1024, audioFrames: 1414, videoFrames: 750, fps: { num: 25, den: 1 } })).toEqual({
      sampleRate: 48_000,
      samplesPerFrame: 1024,
      loopSamples: 1_440_000,
      framesPerLoop: 1406,
    });
  });

  it('leaves silence when the audio is shorter than the video', () => {
    expect(planAudioLoop({ sampleRate: 48_000, samplesPerFrame: 1024, audioFrames: 10, videoFrames: 750, fps: { num: 25, den: 1 } }).framesPerLoop).toBe(10);
  });
});

describe('AudioCursor', () => {
  const plan = { sampleRate: 8000, samplesPerFrame: 100, loopSamples: 350, framesPerLoop: 3 };

  it('walks AUs across loops with absolute sample times', () => {
    const cursor = new AudioCursor(plan, 0);
    expect(cursor.take(800)).toEqual([
      { frame: 0, sample: 0 },
      { frame: 1, sample: 100 },
      { frame: 2, sample: 200 },
      { frame: 0, sample: 350 },
      { frame: 1, sample: 450 },
      { frame: 2, sample: 550 },
      { frame: 0, sample: 700 },
    ]);
    expect(cursor.take(800)).toEqual([]);
  });

  it('starts at the first AU at or after the start sample', () => {
    expect(new AudioCursor(plan, 150).take(400)).toEqual([
      { frame: 2, sample: 200 },
      { frame: 0, sample: 350 },
    ]);
    expect(new AudioCursor(plan, 250).nextSample).toBe(350); // past the loop's last AU
  });

  it('converts 90 kHz ticks to samples', () => {
    expect(ticksToSamples(90_000, 48_000)).toBe(48_000);
    expect(ticksToSamples(3600, 44_100)).toBe(1764);
  });
});
