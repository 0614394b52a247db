/**
 * A per-client rate limit kept in this process's memory: a token bucket per key (the client's IP
 * address) that holds `limit` requests and refills at `limit` per `windowMs`. Enough for one
 * server process; several processes would each count on their own (a shared store would be
 * needed to limit across them).
 */

/** The answer for one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts a request of `key` at `now` (ms) and says whether it may go ahead. */
  take(key: string, now?: number): RateDecision;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets kept before full ones are forgotten (a full bucket is the same as no bucket). */
const MAX_KEYS = 10_000;

/** A limiter allowing bursts of `limit` and `limit` requests per `windowMs` on average, per key. */
export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }): RateLimiter {
  const perMs = limit / windowMs;
  const buckets = new Map<string, Bucket>();

  /** Makes room for a new key: forgets full buckets, else the oldest one. */
  function makeRoom(now: number): void {
    for (const [key, bucket] of buckets) if (bucket.tokens + (now - bucket.updatedAt) * perMs >= limit) buckets.delete(key);
    if (buckets.size >= MAX_KEYS) buckets.delete(buckets.keys().next().value!);
  }

  return {
    take(key, now = Date.now()) {
      if (buckets.size >= MAX_KEYS && !buckets.has(key)) makeRoom(now);
      const bucket = buckets.get(key) ?? { tokens: limit, updatedAt: now };
      bucket.tokens = Math.min(limit, bucket.tokens + Math.max(0, now - bucket.updatedAt) * perMs);
      bucket.updatedAt = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}

/** Verification lookups allowed per client per minute (VERIFY_RATE_LIMIT_PER_MINUTE, default 30). */
function verificationLimit(): number {
  const configured = Number(process.env.VERIFY_RATE_LIMIT_PER_MINUTE);
  return Number.isInteger(configured) && configured > 0 ? configured : 30;
}

let verification: RateLimiter | undefined;

/** The limiter of public certificate lookups (/xac-minh/<code>/) in this process. */
export function verificationRateLimiter(): RateLimiter {
  verification ??= createRateLimiter({ limit: verificationLimit(), windowMs: 60_000 });
  return verification;
}
