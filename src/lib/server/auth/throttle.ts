/**
 * Sign-in throttling in three layers, all kept in the database so every server instance counts
 * the same tries and a restart forgets nothing (OWASP ASVS 5.0 V6.3.1):
 *
 * 1. Per account (`sign_in_throttle`): a few free failures, then each try must wait longer,
 *    then the account refuses tries for 15 minutes. Unknown usernames are throttled the same
 *    way, so the answers do not reveal which accounts exist.
 * 2. Per client address (`rate_limit_buckets`): a bucket of failures, so one password sprayed over
 *    many staff codes (they are predictable: sl-ql-001, …) is stopped, and a bucket of all tries,
 *    so that successes with one known account cannot refill the failure bucket for ever.
 * 3. Overall: failed or refused sign-ins over all accounts per minute above a threshold log a
 *    warning.
 *
 * A try is counted BEFORE the password is checked, by one statement that both decides and
 * records (no read-then-write race between parallel requests or instances); a success then gives
 * the reservation back.
 */
import { and, eq, sql } from 'drizzle-orm';
import { rateLimitBuckets, signInThrottle } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { bucketKey, createRateLimiter, type RateLimiter } from '../rate-limit.ts';
import { positiveIntegerSetting } from '../env-settings.ts';

/** Failures allowed before tries are slowed. */
export const FREE_FAILURES = 3;
/** Failures after which the account is locked. */
export const LOCK_AFTER_FAILURES = 10;
export const LOCK_DURATION_MS = 15 * 60 * 1000;
/** Failures older than this are forgotten. */
export const FAILURE_MEMORY_MS = 60 * 60 * 1000;
const MAX_DELAY_MS = 5 * 60_000;

/**
 * Per address, failed tries: a burst of 20, then one every 3 minutes (20 an hour). A commune
 * office of ~30 people behind one NAT address signing in at 8:00 makes a handful of typos (and
 * successes give their reservation back); a spray of one password over 200 staff codes is stopped
 * after 20, then gets 20 an hour. SIGN_IN_ADDRESS_FAILURES_PER_HOUR changes it.
 */
export const ADDRESS_FAILURES_PER_HOUR = 20;
/**
 * Per address, every try, success or not: 120 an hour, twice what that office needs at 8:00
 * (30 sign-ins, some on two devices, some typos). It bounds the spray of someone who alternates
 * their own valid sign-in with guesses to refill the failure bucket. SIGN_IN_ADDRESS_TRIES_PER_HOUR.
 */
export const ADDRESS_TRIES_PER_HOUR = 120;
/**
 * Failed or refused sign-ins per minute over all accounts above which a warning is logged:
 * about 3× the typos of a morning peak of 10 000 staff signing in over half an hour (10 % typos
 * ≈ 35 a minute). SIGN_IN_ALARM_FAILURES_PER_MINUTE.
 */
export const ALARM_FAILURES_PER_MINUTE = 100;

/** Seconds to wait before the next try, or 0. Pure, so the schedule is tested directly. */
export function waitSeconds(failures: number, lastFailureAt: number, lockedUntil: number | null, now: number): number {
  if (lockedUntil && lockedUntil > now) return Math.ceil((lockedUntil - now) / 1000);
  if (now - lastFailureAt > FAILURE_MEMORY_MS || failures < FREE_FAILURES) return 0;
  const delayMs = Math.min(2 ** (failures - FREE_FAILURES) * 5_000, MAX_DELAY_MS);
  return Math.max(0, Math.ceil((lastFailureAt + delayMs - now) / 1000));
}

export type Reservation = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts a try of `username` as a failure before its password is checked, if the schedule lets
 * it try now. One upsert: the WHERE of DO UPDATE is waitSeconds() = 0 on the old row, so of
 * parallel tries only as many as the schedule allows get a row back.
 */
export async function reserveAccountTry(username: string, now = Date.now()): Promise<Reservation> {
  const t = signInThrottle;
  const forgetBefore = now - FAILURE_MEMORY_MS;
  const forgotten = sql`${t.lastFailureAt} < ${forgetBefore}`;
  // 2^(failures - FREE) × 5 s, capped: the shift is capped too so it never overflows.
  const delay = sql`min((1 << min(max(${t.failures} - ${FREE_FAILURES}, 0), 16)) * 5000, ${MAX_DELAY_MS})`;
  const mayTry = sql`(${t.lockedUntil} IS NULL OR ${t.lockedUntil} <= ${now}) AND (${forgotten} OR ${t.failures} < ${FREE_FAILURES} OR ${t.lastFailureAt} + ${delay} <= ${now})`;
  const failures = sql`CASE WHEN ${forgotten} THEN 1 ELSE ${t.failures} + 1 END`;
  const rows = await getDb()
    .insert(t)
    .values({ username, failures: 1, lastFailureAt: new Date(now) })
    .onConflictDoUpdate({
      target: t.username,
      set: {
        failures,
        lastFailureAt: new Date(now),
        lockedUntil: sql`CASE WHEN ${failures} >= ${LOCK_AFTER_FAILURES} THEN ${now + LOCK_DURATION_MS} ELSE NULL END`,
      },
      setWhere: mayTry,
    })
    .returning({ failures: t.failures });
  if (rows.length > 0) return { allowed: true };
  // Refused: the row was left as it was; read it only to say how long to wait.
  const [row] = await getDb().select().from(t).where(eq(t.username, username)).limit(1);
  const wait = row
    ? waitSeconds(row.failures, row.lastFailureAt.getTime(), row.lockedUntil?.getTime() ?? null, now)
    : 0;
  return { allowed: false, retryAfterSeconds: Math.max(1, wait) };
}

/** Forgets an account's failures after a successful sign-in (its reservation included). */
export async function clearFailures(username: string): Promise<void> {
  await getDb().delete(signInThrottle).where(eq(signInThrottle.username, username));
}

const ADDRESS_FAILURES_SCOPE = 'sign-in-address-failures';
const ADDRESS_TRIES_SCOPE = 'sign-in-address-tries';
let addressFailures: RateLimiter | undefined;
let addressTries: RateLimiter | undefined;
let alarmBucket: RateLimiter | undefined;

function addressFailureLimit(): number {
  return positiveIntegerSetting('SIGN_IN_ADDRESS_FAILURES_PER_HOUR', ADDRESS_FAILURES_PER_HOUR);
}

/**
 * Takes one token from the address's try bucket and one from its failure bucket (a reservation
 * that a success gives back). Refused when either is empty; the failure token is then given back
 * if it was taken, so a refusal costs the address only its try.
 */
export async function reserveAddressTry(address: string, now = Date.now()): Promise<Reservation> {
  addressTries ??= createRateLimiter({
    scope: ADDRESS_TRIES_SCOPE,
    limit: positiveIntegerSetting('SIGN_IN_ADDRESS_TRIES_PER_HOUR', ADDRESS_TRIES_PER_HOUR),
    windowMs: 3_600_000,
  });
  addressFailures ??= createRateLimiter({
    scope: ADDRESS_FAILURES_SCOPE,
    limit: addressFailureLimit(),
    windowMs: 3_600_000,
  });
  const tries = await addressTries.take(address, now);
  if (!tries.allowed) return tries;
  return addressFailures.take(address, now);
}

/** Gives back the failure token of a try that turned out not to be a failed password check. */
export async function releaseAddressTry(address: string): Promise<void> {
  const b = rateLimitBuckets;
  await getDb()
    .update(b)
    .set({ tokens: sql`min(${addressFailureLimit()}, ${b.tokens} + 1)` })
    .where(and(eq(b.scope, ADDRESS_FAILURES_SCOPE), eq(b.key, bucketKey(address))));
}

let alarmLoggedAt = -Infinity;

/**
 * Counts a failed or refused sign-in towards the overall rate (shared by every instance); when it
 * goes over the threshold, warns at most once a minute per process. Returns whether the alarm is
 * raised. The monitoring sees the wrong passwords among them as failed_sign_ins_total.
 */
export async function countOverallFailure(now = Date.now()): Promise<boolean> {
  const limit = positiveIntegerSetting('SIGN_IN_ALARM_FAILURES_PER_MINUTE', ALARM_FAILURES_PER_MINUTE);
  alarmBucket ??= createRateLimiter({ scope: 'sign-in-overall-failures', limit, windowMs: 60_000 });
  const decision = await alarmBucket.take('all', now);
  if (decision.allowed) return false;
  if (now - alarmLoggedAt >= 60_000) {
    alarmLoggedAt = now;
    // The same JSON line shape as the server's pino log, without addresses or usernames.
    console.warn(
      JSON.stringify({
        level: 'warn',
        time: new Date(now).toISOString(),
        pid: process.pid,
        msg: `Đăng nhập sai hơn ${limit} lần mỗi phút trên toàn hệ thống: có thể đang bị dò mật khẩu`,
        alarm: 'sign-in-velocity',
      }),
    );
  }
  return true;
}
