/**
 * Token buckets by key: each key holds up to `burst` tokens and gains
 * `ratePerSecond`; a request takes one. Pure: the caller passes the clock.
 * Used by the inference endpoint, per access key and per organisation.
 */
export interface TokenBucketOptions {
  /** Tokens gained per second; 0 stops refilling (a fixed allowance, for tests). */
  readonly ratePerSecond: number;
  /** Most tokens a key holds, and what a new key starts with. */
  readonly burst: number;
  /** Keys kept before full buckets are forgotten (a full bucket is what a new key gets). */
  readonly maxKeys?: number;
}

interface Bucket {
  tokens: number;
  /** Epoch ms of the last refill. */
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Takes a token for `key` at `now` (epoch ms): 0 when granted, else the ms until one is due (Infinity when none ever will be). */
  take(key: string, now: number): number {
    const bucket = this.refill(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.options.ratePerSecond > 0 ? Math.ceil(((1 - bucket.tokens) / this.options.ratePerSecond) * 1000) : Number.POSITIVE_INFINITY;
  }

  /** Gives back a token taken for a request that was then refused for another reason. */
  giveBack(key: string, now: number): void {
    const bucket = this.refill(key, now);
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + 1);
  }

  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.forgetFull(now);
      bucket = { tokens: this.options.burst, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + elapsed * this.options.ratePerSecond);
    bucket.at = now;
    return bucket;
  }

  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.options.ratePerSecond;
      if (tokens >= this.options.burst) this.buckets.delete(key);
    }
  }
}
