import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.js';

describe('token buckets', () => {
  it('grants a burst, then one token per 1/rate seconds', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 3 });
    expect([0, 0, 0].map(() => buckets.take('k', 1000))).toEqual([0, 0, 0]);
    expect(buckets.take('k', 1000)).toBe(500);
    expect(buckets.take('k', 1250)).toBe(250);
    expect(buckets.take('k', 1500)).toBe(0);
    expect(buckets.take('k', 1500)).toBe(500);
    // Idle time refills up to the burst, never more.
    for (let i = 0; i < 3; i++) expect(buckets.take('k', 60_000)).toBe(0);
    expect(buckets.take('k', 60_000)).toBeGreaterThan(0);
  });

  it('keeps keys apart', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 });
    expect(buckets.take('a', 0)).toBe(0);
    expect(buckets.take('a', 0)).toBe(1000);
    expect(buckets.take('b', 0)).toBe(0);
  });

  it('gives a token back, up to the burst', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 0, burst: 1 });
    expect(buckets.take('a', 0)).toBe(0);
    expect(buckets.take('a', 0)).toBe(Number.POSITIVE_INFINITY);
    buckets.giveBack('a', 0);
    buckets.giveBack('a', 0);
    expect(buckets.take('a', 0)).toBe(0);
    expect(buckets.take('a', 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('forgets full buckets when it holds too many keys', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1, maxKeys: 2 });
    buckets.take('a', 0);
    buckets.take('b', 0);
    buckets.take('c', 5000); // a and b are full again by now
    expect(buckets.size).toBe(1);
    buckets.take('d', 5000); // c is still empty: kept
    expect(buckets.size).toBe(2);
  });
});
