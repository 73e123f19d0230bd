/**
 * Exponential backoff with jitter for restarts and retries. Pure: the random
 * source is passed in so tests can fix it.
 */
export interface BackoffPolicy {
  /** Pause after the first failure (ms). */
  readonly initialMs: number;
  /** Upper bound of any pause (ms). */
  readonly maxMs: number;
  /** Fraction of the pause that is randomised (0 = none, 0.5 = ±50 %). */
  readonly jitter: number;
}

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  const spread = base * policy.jitter;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}
