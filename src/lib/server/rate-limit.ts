/**
 * Rate limits kept in the database, so that every server instance on it counts the same requests
 * (issue 13: several instances behind Caddy, no sticky sessions). A token bucket per limited
 * thing (`scope`) and client key holds `limit` requests and refills at `limit` per `windowMs`.
 *
 * One request is one atomic upsert that refills the bucket, takes a token if there is one and
 * reads back the outcome (RETURNING): no read-then-write race between instances or requests.
 * SQLite's DO UPDATE SET expressions all see the old row, so `tokens` and `allowed` are computed
 * from the same refilled value.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import { rateLimitBuckets } from '../../../db/schema/index.ts';
import { getDb } from './db.ts';

/** The answer for one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts a request of `key` at `now` (ms) and says whether it may go ahead. */
  take(key: string, now?: number): Promise<RateDecision>;
}

/** Keys are client addresses; anything longer is cut so a forged header cannot grow a row. */
export const MAX_KEY_LENGTH = 200;
/** Full buckets (the same as no bucket) are deleted at most this often per scope and process. */
export const PRUNE_INTERVAL_MS = 60_000;

/** The key as stored. */
export function bucketKey(key: string): string {
  return key.length > MAX_KEY_LENGTH ? key.slice(0, MAX_KEY_LENGTH) : key;
}

/** Whole seconds (at least 1) until a bucket holding `tokens` (< 1) has a token again. */
export function retryAfterSeconds(tokens: number, perMs: number): number {
  return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
}

/** A limiter allowing bursts of `limit` and `limit` requests per `windowMs` on average, per key of `scope`. */
export function createRateLimiter({
  scope,
  limit,
  windowMs,
}: {
  scope: string;
  limit: number;
  windowMs: number;
}): RateLimiter {
  const perMs = limit / windowMs;
  let prunedAt = -Infinity;

  /** Deletes the buckets of this scope that are full again (untouched for a whole window). */
  async function prune(now: number): Promise<void> {
    if (Math.abs(now - prunedAt) < PRUNE_INTERVAL_MS) return;
    prunedAt = now;
    await getDb()
      .delete(rateLimitBuckets)
      .where(and(lt(rateLimitBuckets.updatedAt, now - windowMs), eq(rateLimitBuckets.scope, scope)));
  }

  return {
    async take(key, now = Date.now()) {
      // Tokens by now: the old row's plus the refill since, at most `limit`. Divided as reals (never
      // as integers) and rounded to 1e-9 so that refills adding up to a whole token make one.
      const refilled = sql`min(${limit}, round(${rateLimitBuckets.tokens} + max(0, ${now} - ${rateLimitBuckets.updatedAt}) * ${limit} / cast(${windowMs} as real), 9))`;
      const [row] = await getDb()
        .insert(rateLimitBuckets)
        .values({ scope, key: bucketKey(key), tokens: limit - 1, allowed: limit >= 1 ? 1 : 0, updatedAt: now })
        .onConflictDoUpdate({
          target: [rateLimitBuckets.scope, rateLimitBuckets.key],
          set: {
            tokens: sql`case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end`,
            allowed: sql`case when ${refilled} >= 1 then 1 else 0 end`,
            updatedAt: now,
          },
        })
        .returning({ tokens: rateLimitBuckets.tokens, allowed: rateLimitBuckets.allowed });
      // Housekeeping, not the answer: the request does not wait for it.
      void prune(now).catch((error) => console.error('[rate-limit] không xóa được các giỏ cũ:', error));
      return row.allowed
        ? { allowed: true }
        : { allowed: false, retryAfterSeconds: retryAfterSeconds(row.tokens, perMs) };
    },
  };
}

/** Verification lookups allowed per client per minute (VERIFY_RATE_LIMIT_PER_MINUTE, default 30). */
function verificationLimit(): number {
  const configured = Number(process.env.VERIFY_RATE_LIMIT_PER_MINUTE);
  return Number.isInteger(configured) && configured > 0 ? configured : 30;
}

let verification: RateLimiter | undefined;

/** The limiter of public certificate lookups (/xac-minh/<code>/), shared by every instance. */
export function verificationRateLimiter(): RateLimiter {
  verification ??= createRateLimiter({ scope: 'verify', limit: verificationLimit(), windowMs: 60_000 });
  return verification;
}
