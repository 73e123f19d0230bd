import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

const policy = { initialMs: 500, maxMs: 8000, jitter: 0 };

describe('backoffDelay', () => {
  it('doubles from the initial pause up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, policy))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('spreads pauses by the jitter fraction around the base', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(backoffDelay(3, jittered, () => 0)).toBe(1000);
    expect(backoffDelay(3, jittered, () => 0.999999)).toBe(3000);
    expect(backoffDelay(3, jittered, () => 0.5)).toBe(2000);
  });
});
