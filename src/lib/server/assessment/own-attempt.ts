/** The learner's own attempt, settled: the one way every service and page looks an attempt up. */
import type { QuizAttempt } from '../../../../db/schema/assessment.ts';
import { attemptNotFound } from '../../assessment/attempt-errors.ts';
import { attemptById } from './attempt-store.ts';
import { ensureAttemptSweeper } from './attempt-sweeper.ts';
import { settleAbandoned } from './close-attempt.ts';

/**
 * The attempt if `userId` owns it, graded at its deadline first if it was abandoned. Someone
 * else's attempt is "not found", exactly like an id that does not exist.
 */
export async function ownAttempt(userId: string, attemptId: string, now: number): Promise<QuizAttempt> {
  ensureAttemptSweeper();
  const row = await attemptById(attemptId);
  if (!row || row.userId !== userId) throw attemptNotFound();
  const [settled] = await settleAbandoned([row], now);
  return settled;
}
