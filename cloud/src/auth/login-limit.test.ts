import { describe, expect, it } from 'vitest';
import { loginRetryAfterMs } from './login-limit.js';

const rule = { maxFailures: 10, windowMs: 15 * 60_000 };
const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);
const everyMinute = (n: number): number[] => Array.from({ length: n }, (_, i) => T0 + i * 60_000);

describe('login rate limit', () => {
  it('allows nine failures and refuses after the tenth', () => {
    expect(loginRetryAfterMs(everyMinute(9), T0 + 9 * 60_000, rule)).toBe(0);
    expect(loginRetryAfterMs(everyMinute(10), T0 + 10 * 60_000, rule)).toBe(5 * 60_000);
  });

  it('allows again once the oldest counted failure leaves the window', () => {
    const failures = everyMinute(10);
    expect(loginRetryAfterMs(failures, T0 + 15 * 60_000 - 1, rule)).toBe(1);
    expect(loginRetryAfterMs(failures, T0 + 15 * 60_000, rule)).toBe(0);
  });

  it('counts only the window, whatever the order', () => {
    const old = Array.from({ length: 20 }, (_, i) => T0 - 60 * 60_000 + i);
    expect(loginRetryAfterMs([...old, ...everyMinute(3)].reverse(), T0 + 3 * 60_000, rule)).toBe(0);
  });

  it('waits for the newest ten when there are more', () => {
    const failures = everyMinute(12); // T0 .. T0+11 min
    // The 10th newest is at T0+2 min: allowed again at T0+17 min.
    expect(loginRetryAfterMs(failures, T0 + 12 * 60_000, rule)).toBe(5 * 60_000);
  });
});
