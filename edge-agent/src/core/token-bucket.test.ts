import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

const T0 = 1_000_000;

describe('TokenBucket', () => {
  it('lets a full burst go at once, then paces at the rate', () => {
    const bucket = new TokenBucket({ bytesPerSecond: 1000, burstBytes: 2000 }, T0);
    expect(bucket.waitMs(2000, T0)).toBe(0);
    bucket.take(2000, T0);
    expect(bucket.waitMs(500, T0)).toBe(500);
    expect(bucket.waitMs(500, T0 + 499)).toBe(1);
    expect(bucket.waitMs(500, T0 + 500)).toBe(0);
  });

  it('never fills past the burst however long it was idle', () => {
    const bucket = new TokenBucket({ bytesPerSecond: 1000, burstBytes: 2000 }, T0);
    expect(bucket.available(T0 + 3_600_000)).toBe(2000);
  });

  it('sends a segment bigger than the burst once full, and the debt keeps the average at the rate', () => {
    const bucket = new TokenBucket({ bytesPerSecond: 1000, burstBytes: 2000 }, T0);
    expect(bucket.waitMs(5000, T0)).toBe(0);
    bucket.take(5000, T0);
    expect(bucket.available(T0)).toBe(-3000);
    // Back to a full burst after (3000 + 2000) / 1000 s.
    expect(bucket.waitMs(5000, T0)).toBe(5000);
    // 20 segments of 5000 bytes, each sent as soon as allowed: 100 000 bytes in 95 s plus the 2000-byte burst.
    const paced = new TokenBucket({ bytesPerSecond: 1000, burstBytes: 2000 }, T0);
    let now = T0;
    for (let i = 0; i < 20; i++) {
      now += paced.waitMs(5000, now);
      paced.take(5000, now);
    }
    expect(now - T0).toBe(95_000);
  });

  it('never waits when unlimited', () => {
    const bucket = new TokenBucket({ bytesPerSecond: 0, burstBytes: 1 }, T0);
    bucket.take(1e9, T0);
    expect(bucket.waitMs(1e9, T0)).toBe(0);
  });

  it('ignores a clock that steps backwards', () => {
    const bucket = new TokenBucket({ bytesPerSecond: 1000, burstBytes: 1000 }, T0);
    bucket.take(1000, T0);
    expect(bucket.available(T0 - 10_000)).toBe(0);
    expect(bucket.available(T0 + 500)).toBe(500);
  });
});
