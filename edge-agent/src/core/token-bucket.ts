/**
 * A token bucket for the uplink's backlog lane: tokens are bytes, refilled
 * at `bytesPerSecond` up to `burstBytes`. Pure: every call takes the time, so
 * tests drive it with a fixed clock.
 *
 * A segment larger than the burst is never refused for ever: it may go once
 * the bucket is full (or holds at least its size), and leaves the bucket in
 * debt, so the long-run average still equals the rate.
 */
export interface TokenBucketOptions {
  /** Refill rate (bytes/s); 0 means unlimited: nothing ever waits. */
  readonly bytesPerSecond: number;
  /** Capacity (bytes); what may be sent at once after a quiet spell. */
  readonly burstBytes: number;
}

export class TokenBucket {
  private readonly options: TokenBucketOptions;
  private tokens: number;
  private updatedAt: number;

  constructor(options: TokenBucketOptions, nowMs: number) {
    if (!(options.bytesPerSecond >= 0) || !(options.burstBytes > 0)) throw new RangeError('bytesPerSecond must be >= 0 and burstBytes > 0');
    this.options = options;
    this.tokens = options.burstBytes;
    this.updatedAt = nowMs;
  }

  /** Tokens available at `nowMs` (may be negative while in debt). */
  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }

  /** How long to wait (ms) until `bytes` may be taken; 0 when it may be taken now. */
  waitMs(bytes: number, nowMs: number): number {
    if (this.options.bytesPerSecond === 0) return 0;
    this.refill(nowMs);
    const needed = Math.min(bytes, this.options.burstBytes);
    if (this.tokens >= needed) return 0;
    return Math.ceil(((needed - this.tokens) / this.options.bytesPerSecond) * 1000);
  }

  /** Charges `bytes` (after they were sent, or when the caller chose to send without waiting). */
  take(bytes: number, nowMs: number): void {
    if (this.options.bytesPerSecond === 0) return;
    this.refill(nowMs);
    this.tokens -= bytes;
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.updatedAt);
    this.updatedAt = Math.max(this.updatedAt, nowMs);
    this.tokens = Math.min(this.options.burstBytes, this.tokens + (elapsed * this.options.bytesPerSecond) / 1000);
  }
}
