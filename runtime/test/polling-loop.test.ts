import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PollingLoop } from '../src/polling-loop.js';

describe('PollingLoop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A round that stays open until released, counting its starts. */
  function gatedRound(): { round: () => Promise<void>; starts: () => number; release: () => void } {
    let starts = 0;
    let open: (() => void) | undefined;
    return {
      round: () => {
        starts += 1;
        return new Promise<void>((resolve) => (open = resolve));
      },
      starts: () => starts,
      release: () => open?.(),
    };
  }

  it('runs after the first delay, then every poll interval after a round ends', async () => {
    const g = gatedRound();
    const loop = new PollingLoop(g.round, 1000);
    loop.start(500);
    await vi.advanceTimersByTimeAsync(499);
    expect(g.starts()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(g.starts()).toBe(1);
    await vi.advanceTimersByTimeAsync(5000); // still in its round: no second one
    expect(g.starts()).toBe(1);
    g.release();
    await vi.advanceTimersByTimeAsync(999);
    expect(g.starts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(g.starts()).toBe(2);
    g.release();
    await loop.stop();
  });

  it('runs at once when woken, and once more right after a round a wake came during', async () => {
    const g = gatedRound();
    const loop = new PollingLoop(g.round, 60_000);
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(g.starts()).toBe(1);
    loop.wake();
    loop.wake();
    g.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(g.starts()).toBe(2); // the two wakes made one more round
    g.release();
    await vi.advanceTimersByTimeAsync(0);
    loop.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(g.starts()).toBe(3);
    g.release();
    await loop.stop();
  });

  it('stops: waits for the round running, starts no other, ignores wakes', async () => {
    const g = gatedRound();
    const loop = new PollingLoop(g.round, 10);
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    expect(loop.stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    g.release();
    await stopping;
    loop.wake();
    await vi.advanceTimersByTimeAsync(1000);
    expect(g.starts()).toBe(1);
  });
});
