import { describe, expect, it } from 'vitest';
import { estimateSkew, skewIsSignificant } from './clock-skew.js';

describe('estimateSkew', () => {
  it('is zero when the server answered mid-way on the same clock', () => {
    expect(estimateSkew(1000, 1100, 1050)).toEqual({ skewMs: 0, roundTripMs: 100 });
  });
  it('is positive when the edge clock is behind the cloud', () => {
    expect(estimateSkew(1000, 1100, 4050)).toEqual({ skewMs: 3000, roundTripMs: 100 });
  });
  it('is negative when the edge clock is ahead', () => {
    expect(estimateSkew(10_000, 10_020, 7010)).toEqual({ skewMs: -3000, roundTripMs: 20 });
  });
  it('warns only beyond the threshold plus the measurement error', () => {
    expect(skewIsSignificant({ skewMs: 2100, roundTripMs: 100 })).toBe(true);
    expect(skewIsSignificant({ skewMs: 2100, roundTripMs: 400 })).toBe(false);
    expect(skewIsSignificant({ skewMs: -2500, roundTripMs: 10 })).toBe(true);
    expect(skewIsSignificant({ skewMs: 1500, roundTripMs: 10 })).toBe(false);
  });
});
