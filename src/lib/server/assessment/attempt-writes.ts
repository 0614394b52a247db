/**
 * Group commit for the attempt writes (start, save, grade). At exam time hundreds of learners
 * write each second, and one commit is one fsync that holds the event loop (the embedded driver
 * is synchronous): committed one by one, the fsyncs alone fill the second. So every write that
 * arrives while a commit is under way waits for the next one, and the whole group goes in one
 * IMMEDIATE transaction, each write inside its own savepoint: a write that fails (a refusal, a
 * constraint) is rolled back alone, and nobody is answered before the COMMIT holding their write.
 * A write must only read and write through the transaction it is given, and must be safe to run
 * again: a group the database still finds busy (another process) is retried whole.
 */
import { sql } from 'drizzle-orm';
import { retryTransactionWhileBusy } from '../../../../db/serialized-writes.ts';
import { getDb } from '../db.ts';

/** The transaction a write runs in (drizzle's, with its savepoint open). */
export type AttemptTx = Parameters<Parameters<ReturnType<typeof getDb>['transaction']>[0]>[0];

interface Job {
  work: (tx: AttemptTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Writes per transaction at most, so one group never holds the database for long. */
const MAX_GROUP = 256;

const queue: Job[] = [];
let draining = false;

/** Runs `work` in the next group's transaction; resolves with its value once that has committed. */
export function inAttemptWrite<T>(work: (tx: AttemptTx) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    if (!draining) {
      draining = true;
      // The rest of this turn's requests join the first group too.
      setImmediate(drain);
    }
  });
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** One transaction for the group; each job's outcome, known only once it has committed. */
async function writeGroup(group: readonly Job[]): Promise<Outcome[]> {
  return getDb().transaction(async (tx) => {
    const outcomes: Outcome[] = [];
    for (const job of group) {
      await tx.run(sql.raw('SAVEPOINT attempt_write'));
      try {
        const value = await job.work(tx);
        await tx.run(sql.raw('RELEASE attempt_write'));
        outcomes.push({ ok: true, value });
      } catch (error) {
        // Undoes this job only; if even that fails, the whole group fails (and nothing is stored).
        await tx.run(sql.raw('ROLLBACK TO attempt_write'));
        await tx.run(sql.raw('RELEASE attempt_write'));
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  });
}

async function drain(): Promise<void> {
  while (queue.length > 0) {
    const group = queue.splice(0, MAX_GROUP);
    let outcomes: Outcome[];
    try {
      outcomes = await retryTransactionWhileBusy(() => writeGroup(group));
    } catch (error) {
      outcomes = group.map(() => ({ ok: false, error }));
    }
    group.forEach((job, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
  draining = false;
}
