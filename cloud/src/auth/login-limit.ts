/**
 * The login rate limit, pure: after `maxFailures` failed logins within
 * `windowMs` for one account or from one address, further attempts are
 * refused until the oldest of those failures leaves the window. The
 * failures come from the audit log, so every cloud replica sees the same
 * count.
 */
export interface LoginLimitRule {
  readonly maxFailures: number;
  readonly windowMs: number;
}

/** ms until an attempt is allowed again, or 0 when it is allowed now. `failures` are epoch ms, any order. */
export function loginRetryAfterMs(failures: readonly number[], now: number, rule: LoginLimitRule): number {
  const recent = failures.filter((at) => at > now - rule.windowMs && at <= now).sort((a, b) => b - a);
  if (recent.length < rule.maxFailures) return 0;
  // Allowed again once fewer than maxFailures remain in the window: when the maxFailures-th newest leaves it.
  const pivot = recent[rule.maxFailures - 1]!;
  return Math.max(1, pivot + rule.windowMs - now);
}
