import { describe, expect, it } from 'vitest';
import { FrameClock, mediaTicks90k } from './frame-clock.js';

describe('FrameClock', () => {
  it('emits each frame once its due time has passed', () => {
    const clock = new FrameClock({ num: 25, den: 1 }, 25);
    clock.start(1000, 0);
    expect(clock.due(1000)).toEqual({ from: 0, to: 1 });
    expect(clock.due(1039)).toEqual({ from: 1, to: 1 });
    expect(clock.due(1040)).toEqual({ from: 1, to: 2 });
    expect(clock.due(1125)).toEqual({ from: 2, to: 4 });
    expect(clock.msUntilNext(1125)).toBe(35);
  });

  it('limits the burst after a stall and then keeps real-time pace from there', () => {
    const clock = new FrameClock({ num: 25, den: 1 }, 25);
    clock.start(0, 100);
    clock.due(0);
    // A 10 s stall: 250 frames are late, only one second's worth goes out.
    expect(clock.due(10_000)).toEqual({ from: 101, to: 126 });
    expect(clock.due(10_039)).toEqual({ from: 126, to: 126 });
    expect(clock.due(10_040)).toEqual({ from: 126, to: 127 });
  });

  it('keeps exact pace for fractional rates', () => {
    const clock = new FrameClock({ num: 30_000, den: 1001 }, 30);
    clock.start(0, 0);
    let emitted = 0;
    for (let t = 0; t <= 60_000; t += 10) {
      const { from, to } = clock.due(t);
      emitted += to - from;
    }
    expect(emitted).toBe(Math.floor((60_000 * 30_000) / 1001 / 1000) + 1);
  });
});

describe('mediaTicks90k', () => {
  it('maps frame indexes to 90 kHz ticks without drift', () => {
    expect(mediaTicks90k(1, { num: 25, den: 1 })).toBe(3600);
    expect(mediaTicks90k(13, { num: 25, den: 2 })).toBe(13 * 7200);
    expect(mediaTicks90k(30_000, { num: 30_000, den: 1001 })).toBe(90_090_000);
  });
});
