/**
 * Sign-in throttling per account, never per IP address (an office shares one address, and a
 * colleague's typos must not lock anyone else out). After a few failures each new try must
 * wait longer; after many, the account refuses tries for a while. Unknown usernames are
 * throttled the same way, so the answers do not reveal which accounts exist.
 */
import { eq, sql } from 'drizzle-orm';
import { signInThrottle } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';

/** Failures allowed before tries are slowed. */
export const FREE_FAILURES = 3;
/** Failures after which the account is locked. */
export const LOCK_AFTER_FAILURES = 10;
export const LOCK_DURATION_MS = 15 * 60 * 1000;
/** Failures older than this are forgotten. */
export const FAILURE_MEMORY_MS = 60 * 60 * 1000;

/** Seconds to wait before the next try, or 0. Pure, so the schedule is tested directly. */
export function waitSeconds(failures: number, lastFailureAt: number, lockedUntil: number | null, now: number): number {
  if (lockedUntil && lockedUntil > now) return Math.ceil((lockedUntil - now) / 1000);
  if (now - lastFailureAt > FAILURE_MEMORY_MS || failures < FREE_FAILURES) return 0;
  const delayMs = Math.min(2 ** (failures - FREE_FAILURES) * 5_000, 5 * 60_000);
  return Math.max(0, Math.ceil((lastFailureAt + delayMs - now) / 1000));
}

/** How long this username must wait before trying again (0 = may try now). */
export async function secondsUntilNextTry(username: string, now = Date.now()): Promise<number> {
  const [row] = await getDb().select().from(signInThrottle).where(eq(signInThrottle.username, username)).limit(1);
  if (!row) return 0;
  return waitSeconds(row.failures, row.lastFailureAt.getTime(), row.lockedUntil?.getTime() ?? null, now);
}

/** Counts a failed try; locks the account once failures reach the limit. */
export async function recordFailure(username: string, now = Date.now()): Promise<void> {
  const forgetBefore = now - FAILURE_MEMORY_MS;
  await getDb()
    .insert(signInThrottle)
    .values({ username, failures: 1, lastFailureAt: new Date(now) })
    .onConflictDoUpdate({
      target: signInThrottle.username,
      set: {
        failures: sql`CASE WHEN ${signInThrottle.lastFailureAt} < ${forgetBefore} THEN 1 ELSE ${signInThrottle.failures} + 1 END`,
        lastFailureAt: new Date(now),
        lockedUntil: sql`CASE WHEN ${signInThrottle.lastFailureAt} >= ${forgetBefore} AND ${signInThrottle.failures} + 1 >= ${LOCK_AFTER_FAILURES} THEN ${now + LOCK_DURATION_MS} ELSE NULL END`,
      },
    });
}

/** Forgets failures after a successful sign-in. */
export async function clearFailures(username: string): Promise<void> {
  await getDb().delete(signInThrottle).where(eq(signInThrottle.username, username));
}
