/**
 * A lock shared by every server instance on the database (issue 13): a row of lease_locks names
 * its holder and when the lease ends. The holder renews it while its work runs; an instance that
 * dies simply stops renewing, and once the lease has run out the next one takes it over, so no
 * lock outlives its process by more than one lease. Expiry times are each instance's own clock:
 * instances on different machines need their clocks in step (NTP) to well under a lease.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { leaseLocks } from '../../../db/schema/index.ts';
import { getDb } from './db.ts';
import { newId } from '../ids.ts';

export interface LeaseLockOptions {
  /** How long a lease lasts without renewal; renewed every third of it while the work runs. */
  leaseMs?: number;
  /** How long to wait for another holder before giving up with LeaseBusyError. */
  maxWaitMs?: number;
  /** The database holding the lock: the one the work changes (the server's by default). */
  db?: Database;
  /** The Vietnamese message of the LeaseBusyError. */
  busyMessage?: string;
}

/** Another holder kept the lock for longer than the caller was willing to wait. */
export class LeaseBusyError extends Error {
  /** The HTTP status a page may answer with. */
  readonly status = 409;
}

const DEFAULT_BUSY = 'Một thao tác khác đang xử lý việc này; hãy thử lại sau.';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the lease if it is free or expired, in one statement; true when it is now ours. */
async function tryAcquire(db: Database, name: string, holder: string, leaseMs: number): Promise<boolean> {
  const now = Date.now();
  const rows = await db
    .insert(leaseLocks)
    .values({ name, holder, expiresAt: now + leaseMs })
    .onConflictDoUpdate({
      target: leaseLocks.name,
      set: { holder: sql`excluded.holder`, expiresAt: sql`excluded.expires_at` },
      setWhere: lt(leaseLocks.expiresAt, now),
    })
    .returning({ holder: leaseLocks.holder });
  return rows[0]?.holder === holder;
}

/**
 * Runs `work` while holding the lease `name` against every instance on the database. Waits
 * (with a growing pause) while someone else holds it; throws LeaseBusyError after `maxWaitMs`.
 */
export async function withLeaseLock<T>(
  name: string,
  work: () => Promise<T>,
  options: LeaseLockOptions = {},
): Promise<T> {
  const { leaseMs = 30_000, maxWaitMs = 60_000 } = options;
  const db = options.db ?? getDb();
  // One id per call, not per process: two calls of one process must not share a lease.
  const holder = `${process.pid}:${newId()}`;
  const giveUpAt = Date.now() + maxWaitMs;
  let pause = 20;
  while (!(await tryAcquire(db, name, holder, leaseMs))) {
    if (Date.now() + pause > giveUpAt) throw new LeaseBusyError(options.busyMessage ?? DEFAULT_BUSY);
    // Jitter keeps waiting instances from retrying in lockstep.
    await sleep(pause * (0.5 + Math.random()));
    pause = Math.min(pause * 2, 500);
  }

  let renewing = Promise.resolve();
  const renew = setInterval(
    () => {
      renewing = renewing.then(async () => {
        try {
          const kept = await db
            .update(leaseLocks)
            .set({ expiresAt: Date.now() + leaseMs })
            .where(and(eq(leaseLocks.name, name), eq(leaseLocks.holder, holder)))
            .returning({ name: leaseLocks.name });
          // Only after a stall longer than the lease (a frozen process): the work cannot be undone here.
          if (kept.length === 0) console.error(`Lease lock ${name}: lost to another holder while still working`);
        } catch (error) {
          console.error(`Lease lock ${name}: could not renew`, error);
        }
      });
    },
    Math.max(1, Math.floor(leaseMs / 3)),
  );
  renew.unref?.();
  try {
    return await work();
  } finally {
    clearInterval(renew);
    await renewing;
    try {
      await db.delete(leaseLocks).where(and(eq(leaseLocks.name, name), eq(leaseLocks.holder, holder)));
    } catch (error) {
      // The lease then runs out by itself.
      console.error(`Lease lock ${name}: could not release`, error);
    }
  }
}
