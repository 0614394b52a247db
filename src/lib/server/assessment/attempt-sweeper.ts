/**
 * Grades abandoned attempts in the background: an attempt nobody reads again would otherwise
 * stay open for ever (and its learner's course incomplete). Attempts are also graded lazily
 * whenever they are read, so the sweeper only has to be eventually right. Started on the first
 * use of the attempt services; its timer never keeps the process alive.
 */
import { and, eq, lt } from 'drizzle-orm';
import { quizAttempts } from '../../../../db/schema/assessment.ts';
import { onRetire } from '../build-lifecycle.ts';
import { getDb } from '../db.ts';
import { GRACE_MS } from '../../assessment/attempt-rules.ts';
import { closeAttempt } from './close-attempt.ts';

/** How often the sweeper looks; QUIZ_SWEEP_INTERVAL_MS overrides it (tests use a short one). */
export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;
/** Attempts graded per sweep at most, so one sweep never holds the writer for long. */
const SWEEP_BATCH = 200;

let timer: ReturnType<typeof setInterval> | undefined;
let sweeping = false;

/** Starts the periodic sweep in this process, once. */
export function ensureAttemptSweeper(): void {
  if (timer) return;
  const interval = Number(process.env.QUIZ_SWEEP_INTERVAL_MS) || DEFAULT_SWEEP_INTERVAL_MS;
  timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweepAbandonedAttempts(Date.now())
      .catch((error: unknown) => console.error('Không chấm được các lần làm bài quá hạn:', error))
      .finally(() => (sweeping = false));
  }, interval);
  timer.unref();
  onRetire(() => clearInterval(timer));
}

/** Grades up to one batch of attempts past deadline + grace at their deadlines; returns how many. */
export async function sweepAbandonedAttempts(now: number): Promise<number> {
  const due = await getDb()
    .select({ id: quizAttempts.id })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.status, 'in_progress'), lt(quizAttempts.deadlineAt, new Date(now - GRACE_MS))))
    .limit(SWEEP_BATCH);
  let graded = 0;
  for (const { id } of due) if ((await closeAttempt(id, now))?.gradedNow) graded++;
  return graded;
}
